import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../shared/domain/identity.ts';
import type { TicketChanged } from '../../shared/domain/ticket-change.ts';
import type { IngestStore } from '../../shared/ports/ticket-store.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { callOrder } from '../support/call-order.ts';
import { anInboundContact } from '../support/factories.ts';
import { startTestStore, type TestStore } from '../support/store.ts';

let t: TestStore;
beforeAll(async () => {
  t = await startTestStore();
});
afterAll(async () => {
  await t.dynamo.close();
});

/** Intake recording its store's marks and its announcements, in order. */
function recordingIntake() {
  const steps: string[] = [];
  const store = new Proxy(t.store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (name !== 'markApplied' || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        steps.push('marked');
        return value.apply(target, args);
      };
    },
  }) as IngestStore;
  const events = {
    publish: async (change: TicketChanged) => {
      steps.push(`announced ${change.kind}`);
      await t.deps.events.publish(change);
    },
  };
  return { steps, deps: { ...t.deps, store, events } };
}

describe('the last steps of intake', () => {
  it('announce a new ticket and a follow-up, with no guard left to mark: each was written applied', async () => {
    const sender: Identity = { kind: 'phone', value: '+966501112233', assurance: 'verified' };
    const first = anInboundContact({ identities: [sender] });
    const opening = recordingIntake();
    const created = await ingestContact(opening.deps, first);
    expect(created.outcome).toBe('created');
    expect(opening.steps).toEqual(['announced created']);

    const following = recordingIntake();
    const appended = await ingestContact(following.deps, anInboundContact({ identities: [sender] }));
    expect(appended).toMatchObject({ outcome: 'appended', ticketId: created.ticketId });
    expect(following.steps).toEqual(['announced message']);

    // A redelivery is answered as a duplicate and announced again, as it was: its writer may have died first.
    const published = t.published.length;
    expect(await ingestContact(t.deps, first)).toMatchObject({
      outcome: 'duplicate',
      ticketId: created.ticketId,
    });
    expect(t.published.slice(published)).toEqual([
      expect.objectContaining({
        kind: 'created',
        ticketId: created.ticketId,
        messageIds: [created.messageId],
      }),
    ]);
  });
});

/** Intake whose store and caller's limits note when each call starts and ends. */
function timedIntake() {
  const { steps, noted } = callOrder();
  const store = new Proxy(t.store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || typeof name !== 'string') return value;
      return (...args: unknown[]) => noted(name, () => value.apply(target, args))();
    },
  }) as IngestStore;
  return {
    steps,
    deps: { ...t.deps, store },
    // A limiter is a round trip too.
    admit: {
      count: noted('admit', () => new Promise<void>((resolve) => setTimeout(resolve, 5))),
      giveBack: async () => {},
    },
  };
}

const claimed = (): Identity => ({
  kind: 'phone',
  value: `+96655${String(Date.now()).slice(-7)}`,
  assurance: 'claimed',
});

describe('the first round trip of intake', () => {
  it('reads a web form’s reference number with its duplicate check and limits, and writes its ticket next', async () => {
    const { steps, deps, admit } = timedIntake();
    const created = await ingestContact(
      deps,
      anInboundContact({ channel: 'webform', identities: [claimed()] }),
      admit,
    );
    expect(created.outcome).toBe('created');
    const started = (name: string) => steps.indexOf(`${name} started`);
    const firstEnd = steps.findIndex((step) => step.endsWith('ended'));
    for (const name of ['lookupInbound', 'admit', 'nextReferenceNumber'])
      expect(started(name)).toBeLessThan(firstEnd);
    // Then one write, the ticket whole with its guard; nothing else of the store's.
    expect(steps.slice(firstEnd).filter((step) => step.endsWith('started'))).toEqual(['openTicket started']);
  });

  it('numbers a verified sender’s message only once the lookup shows it opens a ticket', async () => {
    const { steps, deps } = timedIntake();
    await ingestContact(deps, anInboundContact());
    expect(steps.indexOf('nextReferenceNumber started')).toBeGreaterThan(
      steps.indexOf('lookupInbound ended'),
    );
  });

  it('makes one ticket of one web form sent three times at once, each answered with its reference', async () => {
    const inbound = anInboundContact({ channel: 'webform', identities: [claimed()] });
    const results = await Promise.all([1, 2, 3].map(() => ingestContact(t.deps, inbound)));
    expect(results.filter((result) => result.outcome === 'created')).toHaveLength(1);
    expect(new Set(results.map((result) => `${result.ticketId} ${result.reference}`)).size).toBe(1);
    expect(await t.store.listContactTickets(results[0]?.contactId as string)).toHaveLength(1);
    expect((await t.store.getTicketWithThread(results[0]?.ticketId as string))?.messages).toHaveLength(1);
  });
});
