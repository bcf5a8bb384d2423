import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { DynamoStatusCodeStore } from '../../functions/adapters/dynamodb/public-access-repository.ts';
import { DynamoRateLimiter } from '../../functions/adapters/dynamodb/rate-limiter.ts';
import { startTestStore, type TestStore } from '../support/store.ts';

let t: TestStore;
const db = () => createDocumentClient(t.dynamo.clientConfig);
beforeAll(async () => {
  t = await startTestStore();
});
afterAll(async () => {
  await t.dynamo.close();
});

const LIMIT = { name: 'test', max: 2, windowSeconds: 60 };

describe('the DynamoDB rate limiter', () => {
  it('allows up to the limit in a window, then says how long until the window ends', async () => {
    const limiter = new DynamoRateLimiter(db(), 'sanad-test');
    const at = new Date('2026-11-25T10:00:15Z');
    expect(await limiter.hit(LIMIT, '+966550000001', at)).toEqual({ allowed: true });
    expect(await limiter.hit(LIMIT, '+966550000001', at)).toEqual({ allowed: true });
    expect(await limiter.hit(LIMIT, '+966550000001', at)).toEqual({ allowed: false, retryAfterSeconds: 45 });
    expect(await limiter.hit(LIMIT, '+966550000002', at)).toEqual({ allowed: true });
    expect(await limiter.hit({ ...LIMIT, name: 'other' }, '+966550000001', at)).toEqual({ allowed: true });
  });

  it('starts counting afresh in the next window, and lets each window item expire at its end', async () => {
    const limiter = new DynamoRateLimiter(db(), 'sanad-test');
    const at = new Date('2026-11-25T11:00:59Z');
    for (let hit = 0; hit < 3; hit++) await limiter.hit(LIMIT, '10.0.0.1', at);
    expect(await limiter.hit(LIMIT, '10.0.0.1', new Date('2026-11-25T11:01:00Z'))).toEqual({ allowed: true });

    const windowStart = Date.parse('2026-11-25T11:00:00Z');
    const item = await db().send(
      new GetCommand({ TableName: 'sanad-test', Key: keys.rateWindow('test', '10.0.0.1', windowStart) }),
    );
    expect(item.Item).toMatchObject({ hits: 3, expiresAt: (windowStart + 60_000) / 1000 });
  });
});

describe('the DynamoDB status-code store', () => {
  const code = {
    reference: 'SND-2026-000123',
    codeHash: 'hash-1',
    createdAt: '2026-11-25T10:00:00.000Z',
    validUntil: '2026-11-25T10:10:00.000Z',
    attempts: 0,
  };

  it('keeps the code with the table expiry at its end, counts wrong attempts up to the limit, and is used once', async () => {
    const codes = new DynamoStatusCodeStore(db(), 'sanad-test');
    await codes.put(code);
    const item = await db().send(
      new GetCommand({ TableName: 'sanad-test', Key: keys.statusCode(code.reference) }),
    );
    expect(item.Item?.expiresAt).toBe(Date.parse(code.validUntil) / 1000);

    expect(await codes.countWrongAttempt(code.reference, 'hash-1', 2, 'attempts')).toEqual({
      outcome: 'counted',
      attempts: 1,
    });
    expect(await codes.countWrongAttempt(code.reference, 'hash-1', 2, 'attempts')).toEqual({
      outcome: 'counted',
      attempts: 2,
    });
    expect(await codes.countWrongAttempt(code.reference, 'hash-1', 2, 'attempts')).toEqual({
      outcome: 'unavailable',
    });
    expect(await codes.use(code.reference, 'hash-1', 2, '2026-11-25T10:01:00.000Z', 'attempts')).toBe(false);

    await codes.put({ ...code, codeHash: 'hash-2' });
    expect(await codes.use(code.reference, 'hash-1', 5, '2026-11-25T10:02:00.000Z', 'attempts')).toBe(false);
    expect(await codes.use(code.reference, 'hash-2', 5, '2026-11-25T10:02:00.000Z', 'attempts')).toBe(true);
    expect(await codes.use(code.reference, 'hash-2', 5, '2026-11-25T10:03:00.000Z', 'attempts')).toBe(false);
    expect(await codes.get(code.reference)).toMatchObject({
      usedAt: '2026-11-25T10:02:00.000Z',
      attempts: 0,
    });
  });

  it('counts attempts that name no phone apart: using them up leaves the phone holder’s own', async () => {
    const codes = new DynamoStatusCodeStore(db(), 'sanad-test');
    const reference = 'SND-2026-000124';
    await codes.put({ ...code, reference });
    for (const attempts of [1, 2])
      expect(await codes.countWrongAttempt(reference, 'hash-1', 2, 'unnamedAttempts')).toEqual({
        outcome: 'counted',
        attempts,
      });
    expect(await codes.countWrongAttempt(reference, 'hash-1', 2, 'unnamedAttempts')).toEqual({
      outcome: 'unavailable',
    });
    expect(await codes.use(reference, 'hash-1', 2, '2026-11-25T10:01:00.000Z', 'unnamedAttempts')).toBe(
      false,
    );
    expect(await codes.get(reference)).toMatchObject({ attempts: 0, unnamedAttempts: 2 });
    expect(await codes.use(reference, 'hash-1', 2, '2026-11-25T10:01:00.000Z', 'attempts')).toBe(true);
  });
});
