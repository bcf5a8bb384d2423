import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../../shared/domain/channel.ts';
import type { Identity } from '../../shared/domain/identity.ts';
import type { IngestStore } from '../../shared/ports/ticket-store.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import type { IngestDeps } from '../../shared/use-cases/ingest-deps.ts';
import { Crash } from '../support/crash.ts';
import { anInboundContact } from '../support/factories.ts';
import { newPhone, newTelegramChat, useIntakeStore } from '../support/intake-store.ts';

const t = useIntakeStore();

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
        expect(await t.store.listContactTickets(retried.contactId)).toHaveLength(1);
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
