import { brotliCompressSync } from 'node:zlib';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import type { Channel } from '../../shared/domain/channel.ts';
import type { Contact } from '../../shared/domain/contact.ts';
import type { Identity } from '../../shared/domain/identity.ts';
import type { DeliveryIntent, IngestStore } from '../../shared/ports/ticket-store.ts';
import { type IngestDeps, ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { inboundMessage, newTicketIntent } from '../../shared/use-cases/intake-records.ts';
import { Crash } from '../support/crash.ts';
import { anInboundContact } from '../support/factories.ts';
import { startTestStore, type TestStore } from '../support/store.ts';

let t: TestStore;
beforeAll(async () => {
  t = await startTestStore();
});
afterAll(async () => {
  await t.dynamo.close();
});
const db = () => createDocumentClient(t.dynamo.clientConfig);
const guardOf = async (channel: Channel, providerMessageId: string) =>
  (
    await db().send(
      new GetCommand({ TableName: 'sanad-test', Key: keys.inboundGuard(channel, providerMessageId) }),
    )
  ).Item;

/** Every request the intake makes to its store, in the order it makes them. */
const STORE_STEPS = [
  'lookupInbound',
  'getContact',
  'nextReferenceNumber',
  'openTicket',
  'getVersionedTicket',
  'appendToTicket',
] as const satisfies readonly (keyof IngestStore)[];
type StoreStep = (typeof STORE_STEPS)[number];

/** The store as a process would see it if it died just before or just after one request (the request's effect kept). */
function crashingStore(step: StoreStep, when: 'before' | 'after', nth = 1): IngestStore {
  let calls = 0;
  return new Proxy(t.store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (name !== step || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        calls += 1;
        if (calls === nth && when === 'before') throw new Crash(`crashed before ${step}`);
        const result = await value.apply(target, args);
        if (calls === nth && when === 'after') throw new Crash(`crashed after ${step}`);
        return result;
      };
    },
  }) as IngestStore;
}

const depsWith = (store: IngestStore, writer = 'crashed'): IngestDeps => ({
  ...t.deps,
  store,
  writer: { id: writer, sole: false },
});

let senders = 0;
function nextSender(): number {
  senders += 1;
  return senders;
}
const newPhone = (): Identity => ({
  kind: 'phone',
  value: `+96650${String(1_000_000 + nextSender()).slice(-7)}`,
  assurance: 'verified',
});
const newTelegramChat = (): Identity => ({
  kind: 'telegram',
  value: String(7_000_000 + nextSender()),
  assurance: 'verified',
});

async function ticketsOf(contactId: string) {
  return t.store.listContactTickets(contactId);
}

describe('intake across crashes (on dynalite)', () => {
  it.each(STORE_STEPS.flatMap((step) => (['before', 'after'] as const).map((when) => [step, when] as const)))(
    'a delivery crashed %s … (%s) is written exactly once by its retry, which answers with its reference',
    async (step, when) => {
      const sender = newPhone();
      // A known sender with an open ticket, so the follow-up path's steps are reached as well as the new one's.
      const opened = await ingestContact(t.deps, anInboundContact({ identities: [sender] }));
      for (const inbound of [
        anInboundContact({ identities: [newPhone()], channel: 'whatsapp' }),
        anInboundContact({ identities: [sender] }),
      ]) {
        const crashed = await ingestContact(depsWith(crashingStore(step, when)), inbound).catch(
          (error: unknown) => error,
        );
        if (!(crashed instanceof Crash) && crashed instanceof Error) throw crashed;
        // The provider redelivers after the reservation's lease, as a new process would find it.
        t.setNow(new Date(Date.now() + 10_000));
        const retried = await ingestContact(t.deps, inbound);
        t.setNow(new Date());

        expect(retried.reference).toMatch(/^SND-\d{4}-\d{6}$/);
        const thread = await t.store.getTicketWithThread(retried.ticketId);
        expect(thread?.ticket.reference).toBe(retried.reference);
        expect(
          thread?.messages.filter((m) => m.providerMessageId === inbound.providerMessageId),
        ).toHaveLength(1);
        expect(thread?.ticket.messageCount).toBe(thread?.messages.length);
        expect(await ticketsOf(retried.contactId)).toHaveLength(1);
        if (inbound.identities[0] === sender) expect(retried.ticketId).toBe(opened.ticketId);
        // Announced, even when the crash came after its transaction and before its announcement.
        expect(t.published).toContainEqual(
          expect.objectContaining({
            kind: inbound.identities[0] === sender ? 'message' : 'created',
            ticketId: retried.ticketId,
            messageIds: [retried.messageId],
          }),
        );
        // Every later delivery of it is a duplicate with the same answer.
        expect(await ingestContact(t.deps, inbound)).toMatchObject({
          outcome: 'duplicate',
          ticketId: retried.ticketId,
          reference: retried.reference,
        });
      }
    },
  );

  it('converges random crashes of concurrent first messages of one sender on one ticket holding each once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Channel>('whatsapp', 'sms', 'telegram'),
        fc.array(
          fc.tuple(fc.constantFrom(...STORE_STEPS), fc.constantFrom('before' as const, 'after' as const)),
          {
            minLength: 2,
            maxLength: 5,
          },
        ),
        async (channel, crashes) => {
          const sender: Identity = channel === 'telegram' ? newTelegramChat() : newPhone();
          const inbounds = crashes.map((_, index) =>
            anInboundContact({ channel, identities: [sender], text: `رسالة ${index + 1}` }),
          );
          // All arrive together; each crashes somewhere, and is then retried by a new process until it answers.
          await Promise.all(
            inbounds.map((inbound, index) => {
              const [step, when] = crashes[index] ?? ['lookupInbound', 'before'];
              return ingestContact(depsWith(crashingStore(step, when), `dead-${index}`), inbound).catch(
                () => undefined,
              );
            }),
          );
          t.setNow(new Date(Date.now() + 10_000));
          const answers = await Promise.all(inbounds.map((inbound) => ingestContact(t.deps, inbound)));
          t.setNow(new Date());

          const ticketIds = new Set(answers.map((answer) => answer.ticketId));
          expect(ticketIds.size).toBe(1);
          const thread = await t.store.getTicketWithThread(answers[0]?.ticketId as string);
          expect(thread?.messages.map((m) => m.text).sort()).toEqual(inbounds.map((i) => i.text).sort());
          expect(thread?.ticket.messageCount).toBe(inbounds.length);
        },
      ),
      { numRuns: 12 },
    );
    // Twelve runs of up to five concurrent deliveries each: minutes on a loaded CI machine, not a hang.
  }, 180_000);
});

describe('a burst of first messages from a new sender (on dynalite)', () => {
  it.each([
    ['whatsapp', 5],
    ['sms', 3],
    ['telegram', 4],
  ] as const)(
    '%s: %i messages arriving together make one ticket holding all, in the order sent',
    async (channel, count) => {
      const sender: Identity = channel === 'telegram' ? newTelegramChat() : newPhone();
      const sentAt = Date.now() - 60_000;
      const inbounds = Array.from({ length: count }, (_, index) =>
        anInboundContact({
          channel,
          identities: [sender],
          text: `جزء ${index + 1}`,
          providerMessageId: `${channel}-burst-${sender.value}-${index + 1}`,
          receivedAt: new Date(sentAt + index * 1000).toISOString(),
        }),
      );

      const answers = await Promise.all(
        inbounds.toReversed().map((inbound) => ingestContact(t.deps, inbound)),
      );

      expect(answers.filter((answer) => answer.outcome === 'created')).toHaveLength(1);
      expect(new Set(answers.map((answer) => answer.ticketId)).size).toBe(1);
      const thread = await t.store.getTicketWithThread(answers[0]?.ticketId as string);
      expect(thread?.messages.map((m) => m.text)).toEqual(inbounds.map((i) => i.text));
      expect(thread?.ticket.messageCount).toBe(count);
      expect(await ticketsOf(answers[0]?.contactId as string)).toHaveLength(1);
    },
  );
});

describe('a delivery’s guard (on dynalite)', () => {
  it.each([
    ['new ticket', false],
    ['follow-up', true],
  ] as const)('is written with its %s, applied, with no intent to keep', async (_kind, followUp) => {
    const sender = newPhone();
    if (followUp) await ingestContact(t.deps, anInboundContact({ identities: [sender] }));
    const inbound = anInboundContact({ identities: [sender] });
    const answer = await ingestContact(t.deps, inbound);
    expect(answer.outcome).toBe(followUp ? 'appended' : 'created');
    const guard = await guardOf(inbound.channel, inbound.providerMessageId);
    expect(guard).toMatchObject({ applied: true, outcome: { ticketId: answer.ticketId } });
    expect(guard?.packedIntent).toBeUndefined();
    expect(guard?.intent).toBeUndefined();
  });
});

/**
 * A guard an earlier version committed, holding the delivery's intent (packed: JSON, Brotli; or, earlier still,
 * plain), and whose writes it may not have made: its process died between.
 */
async function commitAsEarlierVersion(
  inbound: ReturnType<typeof anInboundContact>,
  outcome: { ticketId: string; messageId: string; reference: string; contactId: string },
  intent: DeliveryIntent,
  packed = true,
) {
  await db().send(
    new PutCommand({
      TableName: 'sanad-test',
      Item: {
        ...keys.inboundGuard(inbound.channel, inbound.providerMessageId),
        entity: 'guard',
        channel: inbound.channel,
        providerMessageId: inbound.providerMessageId,
        outcome,
        ...(packed ? { packedIntent: brotliCompressSync(JSON.stringify(intent)) } : { intent }),
      },
    }),
  );
}

describe('a follow-up an earlier version committed as an intent (on dynalite)', () => {
  it.each([
    ['packed', true],
    ['plain', false],
  ] as const)(
    'is applied from its %s intent by the redelivery, and its guard marked',
    async (_form, packed) => {
      const sender = newPhone();
      const opened = await ingestContact(t.deps, anInboundContact({ identities: [sender] }));
      const inbound = anInboundContact({ identities: [sender] });
      const thread = await t.store.getTicketWithThread(opened.ticketId);
      const message = inboundMessage(
        inbound,
        { ...(await t.store.getContact(opened.contactId)), id: opened.contactId } as Contact,
        opened.ticketId,
        t.deps.ids.next(),
      );
      const outcome = {
        ticketId: opened.ticketId,
        messageId: message.id,
        reference: opened.reference,
        contactId: opened.contactId,
      };
      await commitAsEarlierVersion(
        inbound,
        outcome,
        { kind: 'follow_up', ticketId: opened.ticketId, message, newIdentities: [] },
        packed,
      );

      const retried = await ingestContact(t.deps, inbound);
      expect(retried).toMatchObject({ outcome: 'duplicate', ...outcome });
      const after = await t.store.getTicketWithThread(opened.ticketId);
      expect(after?.messages.map((each) => each.id)).toEqual(
        [...(thread?.messages ?? []), message].map((m) => m.id),
      );
      expect(after?.ticket.messageCount).toBe(2);
      const applied = await guardOf(inbound.channel, inbound.providerMessageId);
      expect(applied).toMatchObject({ applied: true });
      expect(applied?.packedIntent).toBeUndefined();
      expect(applied?.intent).toBeUndefined();
      // Applied once: a later redelivery changes nothing.
      await ingestContact(t.deps, inbound);
      expect((await t.store.getTicket(opened.ticketId))?.messageCount).toBe(2);
    },
  );
});

describe('a conversation an earlier version reserved ahead of its ticket (on dynalite)', () => {
  /** What that version wrote first: the sender's pointer at a ticket id, reserved at `reservedAt`. */
  async function reserve(sender: Identity, ticketId: string, reservedAt: Date, providerMessageId: string) {
    const pointer = {
      channel: 'sms' as const,
      identity: sender,
      ticketId,
      reservedAt: reservedAt.toISOString(),
      writer: 'earlier-version',
      delivery: { channel: 'sms' as const, providerMessageId },
    };
    await db().send(
      new PutCommand({
        TableName: 'sanad-test',
        Item: { ...keys.conversation('sms', sender), entity: 'conversation', ...pointer },
      }),
    );
  }

  it('is taken over once abandoned: the next message opens the ticket and the conversation', async () => {
    const sender = newPhone();
    await reserve(sender, '01ABANDONED0000000000000000', new Date(Date.now() - 60_000), 'lost-delivery');
    const next = await ingestContact(
      { ...t.deps, writer: { id: 'now', sole: false } },
      anInboundContact({ identities: [sender] }),
    );
    expect(next.outcome).toBe('created');
    const following = await ingestContact(t.deps, anInboundContact({ identities: [sender] }));
    expect(following).toMatchObject({ outcome: 'appended', ticketId: next.ticketId });
  });

  it('is completed from its committed intent, and the sender’s next message joins that ticket', async () => {
    const sender = newPhone();
    const first = anInboundContact({ identities: [sender] });
    const contact = {
      id: t.deps.ids.next(),
      name: 'أم خالد',
      identities: [sender],
      tags: [],
      createdAt: first.receivedAt,
      updatedAt: first.receivedAt,
    };
    const ticketId = t.deps.ids.next();
    const message = inboundMessage(first, contact, ticketId, t.deps.ids.next());
    const opening = {
      inbound: first,
      contact,
      isNewContact: true,
      newIdentities: [sender],
      ticketId,
      message,
      verified: [sender],
      at: first.receivedAt,
    };
    const { ticket, intent } = await newTicketIntent(t.deps, opening);
    await reserve(sender, ticketId, new Date(), first.providerMessageId);
    await commitAsEarlierVersion(
      first,
      { ticketId, messageId: message.id, reference: ticket.reference, contactId: contact.id },
      intent,
    );

    const next = await ingestContact(t.deps, anInboundContact({ identities: [sender] }));
    expect(next).toMatchObject({ outcome: 'appended', ticketId, reference: ticket.reference });
    const thread = await t.store.getTicketWithThread(ticketId);
    expect(thread?.messages).toHaveLength(2);
    expect(thread?.ticket.messageCount).toBe(2);
    expect(await ingestContact(t.deps, first)).toMatchObject({ outcome: 'duplicate', ticketId });
  });
});
