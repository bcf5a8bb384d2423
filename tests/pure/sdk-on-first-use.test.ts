import { describe, expect, it } from 'vitest';
import { sdkOnFirstUse } from '../../functions/adapters/aws/sdk-on-first-use.ts';

const fakeSdk = { Client: class {} };

describe('an AWS SDK package loaded on first use', () => {
  it('is loaded, and its client made, at the first call only', () => {
    const loaded: string[] = [];
    const service = sdkOnFirstUse(
      '@aws-sdk/client-fake',
      (sdk: typeof fakeSdk) => new sdk.Client(),
      undefined,
      (name) => {
        loaded.push(name);
        return fakeSdk;
      },
    );
    expect(loaded).toEqual([]);
    const [first, second] = [service(), service()];
    expect(loaded).toEqual(['@aws-sdk/client-fake']);
    expect(first.client).toBe(second.client);
    expect(first.client).toBeInstanceOf(fakeSdk.Client);
  });

  it('uses the client it was given (a test double) rather than making one', () => {
    const given = new fakeSdk.Client();
    const service = sdkOnFirstUse(
      '@aws-sdk/client-fake',
      () => {
        throw new Error('not to be made');
      },
      given,
      () => fakeSdk,
    );
    expect(service().client).toBe(given);
  });

  it('tries the load again after one that failed', () => {
    let attempts = 0;
    const service = sdkOnFirstUse(
      '@aws-sdk/client-fake',
      (sdk: typeof fakeSdk) => new sdk.Client(),
      undefined,
      () => {
        attempts += 1;
        if (attempts === 1) throw new Error('EMFILE');
        return fakeSdk;
      },
    );
    expect(() => service()).toThrow('EMFILE');
    expect(service().sdk).toBe(fakeSdk);
    expect(attempts).toBe(2);
  });

  it('requires the real package by default, as the bundle’s own requires resolve', () => {
    const service = sdkOnFirstUse(
      '@aws-sdk/client-sqs',
      (sdk: typeof import('@aws-sdk/client-sqs')) => new sdk.SQSClient({ region: 'me-south-1' }),
    );
    const { sdk, client } = service();
    expect(client).toBeInstanceOf(sdk.SQSClient);
  });
});
