import { ConflictError, RateLimitedError } from '../domain/errors.ts';
import { identityKey, isVerified } from '../domain/identity.ts';
import { type InboundContact, normalisedInbound } from '../domain/inbound-contact.ts';
import { changeOf } from '../domain/ticket-change.ts';
import type { FollowUpIntent } from '../ports/ticket-store.ts';
import { answerAgain, answerTheWinner, followUpEvents } from './committed-deliveries.ts';
import { ConversationBusy, RESERVATION_LEASE_MS } from './conversation-thread.ts';
import type { IngestDeps, IngestResult } from './ingest-deps.ts';
import { freshContact, type Plan, planContact } from './intake-plan.ts';
import {
  followUpChange,
  inboundMessage,
  newTicketIntent,
  type OpeningReads,
  readForOpening,
} from './intake-records.ts';
import { noticeAssignment, noticeDepsOf } from './notification-centre.ts';
import type { Admission } from './rate-limits.ts';

/** The sender's first message is being written right now and did not finish in time: retry shortly. */
export class DeliveryInProgressError extends ConflictError {
  override readonly retryAfterSeconds = Math.ceil(RESERVATION_LEASE_MS / 1000);
  constructor() {
    super('An earlier message of this sender is being received right now; retry shortly');
  }
}

const MAX_ATTEMPTS = 40;
const RETRY_PAUSE_MS = 150;
/** How often a refused delivery looks again for a copy of itself being written (about a second in all). */
const REFUSED_RECHECKS = 6;

/**
 * The one intake every channel calls: dedupe → resolve contact → thread → create or append → route → publish.
 * Each delivery is written whole with its guard in one transaction (a new ticket with everything it needs, a
 * follow-up with its ticket as changed): a crash at any point loses nothing, and every redelivery answers with
 * the same ticket and reference. A sender's first messages arriving together converge on one conversation.
 */
export async function ingestContact(
  deps: IngestDeps,
  received: InboundContact,
  /**
   * A caller's rate limits: counted for a delivery at once, with its duplicate check, and given back when it is a
   * redelivery, which is answered whether or not they refused it; a refused new one opens no ticket.
   */
  admit?: Admission,
): Promise<IngestResult> {
  const admission = admit && settled(admit.count());
  const result = await ingestOnce(deps, normalisedInbound(received), admission);
  if (admit && result.outcome === 'duplicate') await admission?.then(() => admit.giveBack());
  return result;
}

async function ingestOnce(
  deps: IngestDeps,
  inbound: InboundContact,
  admission: Promise<Settled<void>> | undefined,
): Promise<IngestResult> {
  const fresh = freshContact(deps, inbound);
  // A sender with no verified identity joins no conversation and no known contact: a new ticket whatever the
  // lookup finds, so what opening it reads goes in the same round trip as the lookup (a duplicate or a refused
  // delivery leaves its reference number unused).
  const opening = inbound.identities.some(isVerified)
    ? undefined
    : settled(readForOpening(deps, inbound, fresh, fresh.createdAt));
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const lookup = await deps.store.lookupInbound(
      inbound.channel,
      inbound.providerMessageId,
      inbound.identities,
      inbound.earlierIds,
    );
    if (lookup.guard?.outcome) return answerAgain(deps, lookup.guard, inbound);
    try {
      await admission?.then(outcomeOf);
    } catch (error) {
      // A refused delivery may be a copy of one being written now (a client's retries sent together): it is
      // answered with that one's ticket once written, as a later retry is, not refused.
      if (!(error instanceof RateLimitedError) || attempt >= REFUSED_RECHECKS) throw error;
      await pause(RETRY_PAUSE_MS);
      continue;
    }
    try {
      const plan = await planContact(deps, inbound, lookup, fresh);
      const reads = plan.existing ? undefined : await opening?.then(outcomeOf);
      const result = await writeDelivery(deps, inbound, plan, reads);
      if (result) return result;
      // Another message of this sender opened the conversation first, whole: plan again and join it.
      continue;
    } catch (error) {
      if (!(error instanceof ConversationBusy)) throw error;
    }
    // A conversation reserved by a writer that has not written its ticket yet: wait for it, then plan again.
    await pause(RETRY_PAUSE_MS);
  }
  throw new DeliveryInProgressError();
}

type Settled<T> = { value: T } | { error: unknown };

/** A promise started now and read later, perhaps never: its failure is kept for whoever reads it. */
function settled<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

function outcomeOf<T>(result: Settled<T>): T {
  if ('error' in result) throw result.error;
  return result.value;
}

/** Writes the delivery; undefined when another message of the sender opened the conversation first. */
async function writeDelivery(
  deps: IngestDeps,
  inbound: InboundContact,
  plan: Plan,
  reads: OpeningReads | undefined,
): Promise<IngestResult | undefined> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const ticketId = plan.existing?.id ?? deps.ids.next(now);
  const message = inboundMessage(inbound, plan.contact, ticketId, deps.ids.next(now));
  const delivery = {
    channel: inbound.channel,
    providerMessageId: inbound.providerMessageId,
    ...(inbound.fingerprint && { fingerprint: inbound.fingerprint }),
  };

  if (plan.existing) {
    const ticket = plan.existing;
    const outcome = {
      ticketId,
      messageId: message.id,
      reference: ticket.reference,
      contactId: plan.contact.id,
    };
    const intent: FollowUpIntent = {
      kind: 'follow_up',
      ticketId,
      message,
      senderContact: plan.isNewContact ? plan.contact : undefined,
      newIdentities: plan.newIdentities,
    };
    const change = await followUpChange(deps, message);
    // Written on condition the ticket is still as read: a change staff made since is read again and kept.
    let current = plan.existingVersion === undefined ? undefined : { ticket, version: plan.existingVersion };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      current ??= await deps.store.getVersionedTicket(ticketId);
      if (!current) throw new Error(`Ticket ${ticketId} was planned for but is gone`);
      const changed = change(current.ticket);
      const appended = await deps.store.appendToTicket({ ...delivery, outcome }, intent, {
        ticket: changed,
        version: current.version,
        events: followUpEvents(deps, current.ticket, changed, message),
      });
      if (appended === 'duplicate') return answerTheWinner(deps, inbound);
      if (appended === 'appended') {
        await deps.events.publish(changeOf('message', ticket, at, { messageIds: [message.id] }));
        return { outcome: 'appended', ...outcome };
      }
      current = undefined;
    }
    throw new ConflictError(`Ticket ${ticketId} kept changing while a message was added to it; retry`);
  }

  const verified = inbound.identities.filter(isVerified);
  const { ticket, intent } = await newTicketIntent(
    deps,
    { ...plan, inbound, ticketId, message, verified, at },
    reads,
  );
  const { reference } = ticket;
  const outcome = { ticketId, messageId: message.id, reference, contactId: plan.contact.id };
  // A verified sender's conversation on the channel points at the new ticket, written with it: their other
  // messages arriving now find the ticket whole, or lose this race and join it.
  const conversations = (inbound.supportCase ? [] : verified).map((identity) => ({
    pointer: {
      channel: inbound.channel,
      identity,
      ticketId,
      reservedAt: at,
      writer: deps.writer?.id ?? 'unknown',
      delivery,
    },
    seen: plan.seen.get(identityKey(identity)),
  }));
  const opened = await deps.store.openTicket({ ...delivery, outcome }, intent, conversations);
  if (opened === 'duplicate') return answerTheWinner(deps, inbound);
  if (opened === 'conversation_taken') return undefined;
  const opensCase = Boolean(ticket.supportCase);
  const notified = deps.notifications
    ? await noticeAssignment(noticeDepsOf(deps, deps.notifications), ticket)
    : [];
  await deps.events.publish(
    changeOf('created', ticket, at, { messageIds: [message.id], opensCase, notified }),
  );
  return { outcome: 'created', ...outcome };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
