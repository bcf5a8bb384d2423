import { describe, expect, it } from 'vitest';
import type { Identity } from '../../shared/domain/identity.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { anInboundContact } from '../support/factories.ts';
import { guardOf, newPhone, newTelegramChat, useIntakeStore } from '../support/intake-store.ts';

const t = useIntakeStore();

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
      expect(await t.store.listContactTickets(answers[0]?.contactId as string)).toHaveLength(1);
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
    const guard = await guardOf(t, inbound.channel, inbound.providerMessageId);
    expect(guard).toMatchObject({ applied: true, outcome: { ticketId: answer.ticketId } });
    expect(guard?.packedIntent).toBeUndefined();
    expect(guard?.intent).toBeUndefined();
  });
});
