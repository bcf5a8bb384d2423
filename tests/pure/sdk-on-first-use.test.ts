import { describe, expect, it } from 'vitest';
import { sdkOnFirstUse } from '../../functions/adapters/aws/sdk-on-first-use.ts';

const fakeSdk = { Client: class {} };

describe('an AWS SDK package loaded on first use', () => {
  it('is loaded, and its client made, at the first call only', async () => {
    let loads = 0;
    const service = sdkOnFirstUse(
      async () => {
        loads += 1;
        return fakeSdk;
      },
      (sdk) => new sdk.Client(),
    );
    expect(loads).toBe(0);
    const [first, second] = await Promise.all([service(), service()]);
    expect(loads).toBe(1);
    expect(first.client).toBe(second.client);
    expect(first.client).toBeInstanceOf(fakeSdk.Client);
  });

  it('uses the client it was given (a test double) rather than making one', async () => {
    const given = new fakeSdk.Client();
    const service = sdkOnFirstUse(
      async () => fakeSdk,
      () => {
        throw new Error('not to be made');
      },
      given,
    );
    expect((await service()).client).toBe(given);
  });

  it('tries the load again after one that failed', async () => {
    let attempts = 0;
    const service = sdkOnFirstUse(
      async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('EMFILE');
        return fakeSdk;
      },
      (sdk) => new sdk.Client(),
    );
    await expect(service()).rejects.toThrow('EMFILE');
    expect((await service()).sdk).toBe(fakeSdk);
    expect(attempts).toBe(2);
  });
});
