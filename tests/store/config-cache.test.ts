import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { ConfigRepository } from '../../functions/adapters/dynamodb/config-repository.ts';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { startTestStore, type TestStore } from '../support/store.ts';

let t: TestStore;
let config: ConfigRepository;
/** Writes as another function would: straight to the table, unseen by this process's caches. */
let anotherFunction: (item: Record<string, unknown>) => Promise<unknown>;
beforeAll(async () => {
  t = await startTestStore();
  const db = createDocumentClient(t.dynamo.clientConfig);
  config = new ConfigRepository(db, 'sanad-test');
  anotherFunction = (item) => db.send(new PutCommand({ TableName: 'sanad-test', Item: item }));
});
afterAll(async () => {
  await t.dynamo.close();
});

const reworded = {
  id: 'case_verified' as const,
  text: 'راجعنا طلبكم {reference}.',
  updatedBy: 'u-supervisor',
  updatedAt: '2026-11-25T06:00:00.000Z',
};

describe('configuration read by warm functions', () => {
  it("keeps another function's rewording out of the cache for its lifetime, and rereads once it has passed", async () => {
    const cached = config.messageTemplates(60_000);
    const fresh = config.messageTemplates(0);
    expect((await cached.load()).case_verified).toContain('تم التحقق');

    await anotherFunction({
      ...keys.messageTemplate('case_verified'),
      entity: 'message-template',
      template: reworded,
    });
    expect((await cached.load()).case_verified).toContain('تم التحقق');
    expect((await fresh.load()).case_verified).toBe(reworded.text);
  });

  it('sees its own process change the configuration at once, whatever the cache lifetime', async () => {
    const forever = config.messageTemplates(Number.POSITIVE_INFINITY);
    expect((await forever.load()).case_verified).toBe(reworded.text);
    await config.deleteTemplate('case_verified');
    expect((await forever.load()).case_verified).toContain('تم التحقق');

    const rules = config.cachedRuleSet(Number.POSITIVE_INFINITY);
    const before = await rules.getRuleSet();
    await config.saveRuleSet(
      [],
      'beneficiary-relations',
      'u-admin',
      before?.version ?? 0,
      '2026-11-25T06:00:00.000Z',
    );
    expect((await rules.getRuleSet())?.version).toBe((before?.version ?? 0) + 1);
  });

  it("does the same for another function's routing rules", async () => {
    const cached = config.cachedRuleSet(60_000);
    const fresh = config.cachedRuleSet(0);
    const before = await cached.getRuleSet();
    const next = { ...before, version: (before?.version ?? 0) + 1, rules: [] };
    await anotherFunction({
      ...keys.ruleSetCurrent(),
      entity: 'rule-set',
      version: next.version,
      ruleSet: next,
    });
    expect((await cached.getRuleSet())?.version).toBe(before?.version);
    expect((await fresh.getRuleSet())?.version).toBe(next.version);
  });
});
