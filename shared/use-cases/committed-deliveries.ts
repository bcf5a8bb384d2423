import { IdempotencyKeyReusedError } from '../domain/errors.ts';
import type { InboundContact } from '../domain/inbound-contact.ts';
import { documentFiles, type Message } from '../domain/message.ts';
import type { Ticket } from '../domain/ticket.ts';
import { changeOf } from '../domain/ticket-change.ts';
import type {
  DeliveryIntent,
  DeliveryOutcome,
  InboundGuard,
  TicketEventRecord,
} from '../ports/ticket-store.ts';
import type { IngestDeps, IngestResult } from './ingest-deps.ts';
import { documentsReceivedEvents, followUpChange } from './intake-records.ts';

/**
 * Applies a committed intent that may not have been applied (an earlier version committed intents, then wrote
 * them; its writer may have died between), and answers with its outcome.
 */
export async function completeDelivery(deps: IngestDeps, guard: InboundGuard): Promise<DeliveryOutcome> {
  const { outcome, intent } = guard;
  if (!outcome) throw new Error('Only a committed delivery can be completed');
  if (!guard.applied && intent) {
    await applyIntent(deps, intent);
    await deps.store.markApplied(guard.channel, guard.providerMessageId);
  }
  return outcome;
}

/** Makes the intent's writes; marking its guard applied is left to the caller. */
async function applyIntent(deps: IngestDeps, intent: DeliveryIntent): Promise<void> {
  await deps.store.applyDelivery(intent);
  if (intent.kind === 'follow_up') {
    const change = await followUpChange(deps, intent.message);
    let before: Ticket | undefined;
    const after = await deps.store.updateTicket(intent.ticketId, (current) => {
      before = current;
      return change(current);
    });
    const events = before ? followUpEvents(deps, before, after, intent.message) : [];
    if (events.length > 0) await deps.store.addEvents(events);
  }
}

/** What a beneficiary's message changed of their ticket (its status, their case's step), as its events. */
export function followUpEvents(
  deps: IngestDeps,
  before: Ticket,
  after: Ticket,
  message: Message,
): TicketEventRecord[] {
  const at = deps.clock.now();
  const events: TicketEventRecord[] = [];
  if (before.supportCase?.step === 'returned_to_applicant' && after.supportCase?.step === 'intake')
    events.push(
      ...documentsReceivedEvents(deps, before, at.toISOString(), {
        messageId: message.id,
        files: documentFiles(message).length,
        kinds: [],
        via: message.channel,
      }),
    );
  if (before.status !== after.status)
    events.push({
      id: deps.ids.next(at),
      ticketId: after.id,
      type: 'status_changed',
      at: at.toISOString(),
      data: { from: before.status, to: after.status },
    });
  return events;
}

/** Another delivery of the same message committed first: its outcome is the answer, once it is applied. */
export async function answerTheWinner(deps: IngestDeps, inbound: InboundContact): Promise<IngestResult> {
  const winner = await deps.store.getGuard(inbound.channel, inbound.providerMessageId);
  if (!winner?.outcome) throw new Error('A delivery lost its commit to a guard with no outcome');
  return answerAgain(deps, winner, inbound);
}

/**
 * A delivery already written is answered with its outcome and announced again: whoever wrote it may have died, or
 * failed to publish, after its transaction, and its redelivery is the only thing that would ever announce it. The
 * change's consumers are idempotent (the search index puts the same items, an acknowledgement is sent once).
 */
export async function answerAgain(
  deps: IngestDeps,
  guard: InboundGuard,
  inbound: InboundContact,
): Promise<IngestResult> {
  if (inbound.fingerprint && guard.fingerprint && inbound.fingerprint !== guard.fingerprint)
    throw new IdempotencyKeyReusedError();
  const outcome = await completeDelivery(deps, guard);
  const ticket = await deps.store.getTicket(outcome.ticketId);
  if (ticket) {
    const at = deps.clock.now().toISOString();
    const messageIds = [outcome.messageId];
    await deps.events.publish(
      guard.opened
        ? changeOf('created', ticket, at, { messageIds, opensCase: Boolean(ticket.supportCase) })
        : changeOf('message', ticket, at, { messageIds }),
    );
  }
  return { outcome: 'duplicate', ...outcome };
}
