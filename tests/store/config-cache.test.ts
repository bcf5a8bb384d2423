import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { ConfigRepository } from '../../functions/adapters/dynamodb/config-repository.ts';
import { startTestStore, type TestStore } from '../support/store.ts';

let t: TestStore;
let config: ConfigRepository;
beforeAll(async () => {
  t = await startTestStore();
  config = new ConfigRepository(createDocumentClient(t.dynamo.clientConfig), 'sanad-test');
});
afterAll(async () => {
  await t.dynamo.close();
});

describe('configuration read by warm functions', () => {
  it('serves message templates from a cache for its lifetime, and rereads once it has passed', async () => {
    const cached = config.messageTemplates(60_000);
    const fresh = config.messageTemplates(0);
    expect((await cached.load()).case_verified).toContain('تم التحقق');

    await config.putTemplate({
      id: 'case_verified',
      text: 'راجعنا طلبكم {reference}.',
      updatedBy: 'u-supervisor',
      updatedAt: '2026-11-25T06:00:00.000Z',
    });
    expect((await cached.load()).case_verified).toContain('تم التحقق');
    expect((await fresh.load()).case_verified).toBe('راجعنا طلبكم {reference}.');

    await config.deleteTemplate('case_verified');
    expect((await fresh.load()).case_verified).toContain('تم التحقق');
  });

  it('does the same for the routing rules', async () => {
    const cached = config.cachedRuleSet(60_000);
    const fresh = config.cachedRuleSet(0);
    const before = await cached.getRuleSet();
    await config.saveRuleSet(
      [],
      'beneficiary-relations',
      'u-admin',
      before?.version ?? 0,
      '2026-11-25T06:00:00.000Z',
    );
    expect((await cached.getRuleSet())?.version).toBe(before?.version);
    expect((await fresh.getRuleSet())?.version).toBe((before?.version ?? 0) + 1);
  });
});
