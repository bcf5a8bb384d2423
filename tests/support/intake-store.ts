import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import type { Channel } from '../../shared/domain/channel.ts';
import type { Identity } from '../../shared/domain/identity.ts';
import { startTestStore, type TestStore } from './store.ts';

/** A dynalite store of the test file's own: filled in before its tests, closed after them. */
export function useIntakeStore(): TestStore {
  const t = {} as TestStore;
  beforeAll(async () => {
    Object.assign(t, await startTestStore());
  });
  afterAll(async () => {
    await t.dynamo.close();
  });
  return t;
}

/** The guard the intake keeps for one delivery, as stored. */
export const guardOf = async (t: TestStore, channel: Channel, providerMessageId: string) =>
  (
    await t.db.send(
      new GetCommand({ TableName: 'sanad-test', Key: keys.inboundGuard(channel, providerMessageId) }),
    )
  ).Item;

let senders = 0;
function nextSender(): number {
  senders += 1;
  return senders;
}
/** A verified phone no earlier test of the file wrote from. */
export const newPhone = (): Identity => ({
  kind: 'phone',
  value: `+96650${String(1_000_000 + nextSender()).slice(-7)}`,
  assurance: 'verified',
});
/** A verified Telegram chat no earlier test of the file wrote from. */
export const newTelegramChat = (): Identity => ({
  kind: 'telegram',
  value: String(7_000_000 + nextSender()),
  assurance: 'verified',
});
