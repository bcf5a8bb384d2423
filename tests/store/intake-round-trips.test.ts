import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../shared/domain/identity.ts';
import type { TicketChanged } from '../../shared/ports/events.ts';
import type { IngestStore } from '../../shared/ports/ticket-store.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { anInboundContact } from '../support/factories.ts';
import { startTestStore, type TestStore } from '../support/store.ts';

let t: TestStore;
beforeAll(async () => {
  t = await startTestStore();
});
afterAll(async () => {
  await t.dynamo.close();
});

/**
 * Intake whose markApplied holds until the change is announced, recording the order of both: intake that waited
 * for the mark before announcing would hang here.
 */
function recordingIntake() {
  const steps: string[] = [];
  let announced: () => void = () => {};
  const announcement = new Promise<void>((resolve) => {
    announced = resolve;
  });
  const store = new Proxy(t.store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (name !== 'markApplied' || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        steps.push('mark started');
        await announcement;
        await value.apply(target, args);
        steps.push('marked');
      };
    },
  }) as IngestStore;
  const events = {
    publish: async (change: TicketChanged) => {
      steps.push(`announced ${change.kind}`);
      announced();
      await t.deps.events.publish(change);
    },
  };
  return { steps, deps: { ...t.deps, store, events } };
}

describe('the last steps of intake', () => {
  it('announce a new ticket and a follow-up while their guards are marked applied, not after', async () => {
    const sender: Identity = { kind: 'phone', value: '+966501112233', assurance: 'verified' };
    const first = anInboundContact({ identities: [sender] });
    const opening = recordingIntake();
    const created = await ingestContact(opening.deps, first);
    expect(created.outcome).toBe('created');
    expect(opening.steps).toEqual(['mark started', 'announced created', 'marked']);

    const following = recordingIntake();
    const appended = await ingestContact(following.deps, anInboundContact({ identities: [sender] }));
    expect(appended).toMatchObject({ outcome: 'appended', ticketId: created.ticketId });
    expect(following.steps).toEqual(['mark started', 'announced message', 'marked']);

    // The guard was marked: a redelivery is answered as a duplicate and announces nothing.
    const published = t.published.length;
    expect(await ingestContact(t.deps, first)).toMatchObject({
      outcome: 'duplicate',
      ticketId: created.ticketId,
    });
    expect(t.published).toHaveLength(published);
  });
});
