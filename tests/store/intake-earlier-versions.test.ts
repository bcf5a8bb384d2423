import { brotliCompressSync } from 'node:zlib';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import type { Contact } from '../../shared/domain/contact.ts';
import type { Identity } from '../../shared/domain/identity.ts';
import type { DeliveryIntent } from '../../shared/ports/ticket-store.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { inboundMessage, newTicketIntent } from '../../shared/use-cases/intake-records.ts';
import { anInboundContact } from '../support/factories.ts';
import { guardOf, newPhone, useIntakeStore } from '../support/intake-store.ts';

const t = useIntakeStore();

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
  await t.db.send(
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
      const applied = await guardOf(t, inbound.channel, inbound.providerMessageId);
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
    await t.db.send(
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
