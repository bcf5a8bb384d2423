import type { Contact } from '../domain/contact.ts';
import { ConflictError, IdempotencyKeyReusedError, RateLimitedError } from '../domain/errors.ts';
import { type Identity, identityKey, isVerified, sameIdentity } from '../domain/identity.ts';
import { type InboundContact, normalisedInbound } from '../domain/inbound-contact.ts';
import { isActive, type Ticket } from '../domain/ticket.ts';
import { changeOf, type TicketEventPublisher } from '../ports/events.ts';
import type { NotificationStore } from '../ports/notifications.ts';
import type {
  ConversationPointer,
  DeliveryIntent,
  DeliveryOutcome,
  FollowUpIntent,
  InboundGuard,
  InboundLookup,
  IngestStore,
  TicketEventRecord,
} from '../ports/ticket-store.ts';
import {
  followUpChange,
  inboundMessage,
  newTicketIntent,
  type OpeningReads,
  readForOpening,
  type TicketOpeningDeps,
} from './intake-records.ts';
import { noticeAssignment, noticeDepsOf } from './notification-centre.ts';
import type { Admission } from './rate-limits.ts';

export interface IngestDeps extends TicketOpeningDeps {
  store: IngestStore;
  events: TicketEventPublisher;
  /**
   * This process as a writer. `sole`: no other live process writes this table (the local runtime owns its data
   * folder), so a reservation left by another writer belongs to a process that is gone and is taken over at once.
   */
  writer?: { id: string; sole: boolean };
  /** Where the member given the new ticket is told; without it nobody is. */
  notifications?: NotificationStore;
}

export type IngestOutcome = 'created' | 'appended' | 'duplicate';

export interface IngestResult extends DeliveryOutcome {
  outcome: IngestOutcome;
}

/**
 * How long a conversation pointer written ahead of its ticket (an earlier version reserved it first, then wrote
 * the ticket; one may still run during a deployment) holds off the sender's other messages before it counts as
 * abandoned. Pointers are now written with their ticket.
 */
export const RESERVATION_LEASE_MS = 5_000;

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

interface Plan {
  contact: Contact;
  isNewContact: boolean;
  newIdentities: Identity[];
  /** The active ticket this message joins; absent when it opens a new ticket. */
  existing?: Ticket;
  /** The version `existing` was read at, when it was read with it (the follow-up writes on that condition). */
  existingVersion?: number;
  /** For a new ticket: what each verified identity's conversation pointed at before (its write's condition). */
  seen: Map<string, string | undefined>;
}

/** A new conversation of this sender is being created by a live writer: wait for it, then join it. */
class ConversationBusy extends Error {}

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

/**
 * Applies a committed intent that may not have been applied (an earlier version committed intents, then wrote
 * them; its writer may have died between), and answers with its outcome.
 */
async function completeDelivery(deps: IngestDeps, guard: InboundGuard): Promise<DeliveryOutcome> {
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
    const events = before ? statusEvents(deps, before, after) : [];
    if (events.length > 0) await deps.store.addEvents(events);
  }
}

/** What a beneficiary's message changed of their ticket's status, as its event. */
function statusEvents(deps: IngestDeps, before: Ticket, after: Ticket): TicketEventRecord[] {
  if (before.status === after.status) return [];
  const at = deps.clock.now();
  return [
    {
      id: deps.ids.next(at),
      ticketId: after.id,
      type: 'status_changed',
      at: at.toISOString(),
      data: { from: before.status, to: after.status },
    },
  ];
}

/** The contact a sender becomes when no verified identity of theirs is known. */
function freshContact(deps: IngestDeps, inbound: InboundContact): Contact {
  const primary = inbound.identities[0];
  if (!primary) throw new Error('An inbound contact needs at least one identity');
  const at = deps.clock.now().toISOString();
  return {
    id: deps.ids.next(),
    name: inbound.displayName?.trim() || primary.value,
    identities: inbound.identities,
    nationalId: inbound.nationalId,
    city: inbound.city,
    branch: inbound.branch,
    tags: [],
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Only a verified identity leads to a known contact; a claimed one (typed into a form, unauthenticated mail) always
 * makes a contact of its own, noting who else holds that identity for staff to merge by hand.
 */
async function planContact(
  deps: IngestDeps,
  inbound: InboundContact,
  lookup: InboundLookup,
  fresh: Contact,
): Promise<Plan> {
  const known = lookup.contactIdsByIdentity;
  // Identities someone else already holds are never linked from here: a claim would find their tickets by them.
  const unlinked = inbound.identities.filter((identity) => !known.has(identityKey(identity)));
  const verified = inbound.identities.filter(isVerified);
  const knownId = verified.map((identity) => known.get(identityKey(identity))).find(Boolean);
  const holder = knownId ? await deps.store.getContact(knownId) : undefined;
  // Someone who only typed this phone or address into a form is not who writes from it: their contact is noted as
  // a possible duplicate, never joined (a stranger's application would otherwise take the owner's messages), unless
  // it points at a case this phone was proven on (staff saw it, or its code came back).
  const contact =
    holder && (holdsProven(holder, verified) || (await pointsAtProvenCase(deps, holder, verified)))
      ? holder
      : undefined;
  if (contact) {
    const thread = await findThread(deps, inbound, contact, lookup, false);
    return { contact, isNewContact: false, newIdentities: unlinked, ...thread };
  }
  const others = [...new Set(inbound.identities.map((identity) => known.get(identityKey(identity))))].filter(
    (id): id is string => Boolean(id),
  );
  const created: Contact = { ...fresh, ...(others.length > 0 && { possibleDuplicateOf: others }) };
  const thread = await findThread(deps, inbound, created, lookup, true);
  // What the sender proves is theirs from now on: their next message finds them, not the one who only typed it.
  const takenOver = holder
    ? verified.filter((identity) => known.get(identityKey(identity)) === holder.id)
    : [];
  return { contact: created, isNewContact: true, newIdentities: [...unlinked, ...takenOver], ...thread };
}

/**
 * The ticket a verified sender's message joins: the one it answers (email headers, a reference in the subject),
 * then their open support case whatever the channel, then their conversation on this channel. Each is read
 * consistently, so messages arriving together converge on one ticket.
 */
async function findThread(
  deps: IngestDeps,
  inbound: InboundContact,
  contact: Contact,
  lookup: InboundLookup,
  isNewContact: boolean,
): Promise<Pick<Plan, 'existing' | 'existingVersion' | 'seen'>> {
  const seen = new Map<string, string | undefined>();
  const verified = inbound.identities.filter(isVerified);
  if (inbound.supportCase || verified.length === 0) return { seen };
  const ours = (ticket: Ticket | undefined) =>
    ticket && ticket.contactId === contact.id && isActive(ticket.status) ? ticket : undefined;
  // The message answered first, then the thread newest to oldest (References lists oldest first).
  const answered = [
    inbound.threading?.inReplyTo,
    ...(inbound.threading?.references ?? []).toReversed(),
  ].filter((id): id is string => Boolean(id));
  // An email answering one of ours (or one already on a ticket) joins that ticket, whoever verified sends it.
  if (answered.length > 0) {
    const byHeaders = await deps.store.findTicketByEmailIds(answered);
    if (byHeaders) return { existing: byHeaders, seen };
  }
  const reference = inbound.threading?.reference;
  if (reference) {
    // A reference only threads for the ticket's own contact, so a guessed number cannot join someone else's case;
    // quoting it reopens a ticket that was resolved.
    const byReference = await deps.store.findTicketByReference(reference);
    if (byReference?.contactId === contact.id) return { existing: byReference, seen };
  }
  if (contact.openCaseTicketId) {
    const read = await deps.store.getVersionedTicket(contact.openCaseTicketId);
    const pointed = read?.ticket;
    const openCase = ours(pointed) ?? (appliedFrom(pointed, verified) ? pointed : undefined);
    if (openCase?.supportCase) return { existing: openCase, existingVersion: read?.version, seen };
  }
  for (const identity of verified) {
    const pointer = lookup.conversations.get(identityKey(identity));
    seen.set(identityKey(identity), pointer?.ticketId);
    if (!pointer) continue;
    const read = await deps.store.getVersionedTicket(pointer.ticketId);
    if (read) {
      if (ours(read.ticket)) return { existing: read.ticket, existingVersion: read.version, seen };
      // A sender not known yet whose conversation already has a ticket, of a contact holding this identity (or not
      // readable yet): the lookup read the pointer but not the identity the same transaction wrote (a batch read
      // may see part of one). Read again rather than open a second ticket for a second contact.
      if (
        isNewContact &&
        isActive(read.ticket.status) &&
        (await mayHold(deps, read.ticket.contactId, identity))
      )
        throw new ConversationBusy();
      continue;
    }
    // A pointer ahead of its ticket (see RESERVATION_LEASE_MS): its delivery may be committed, in flight, or abandoned.
    const guard = await deps.store.getGuard(pointer.delivery.channel, pointer.delivery.providerMessageId);
    if (guard?.outcome) {
      await completeDelivery(deps, guard);
      // Written now: plan again and join it. Otherwise its delivery was committed elsewhere and it is abandoned.
      if (guard.outcome.ticketId === pointer.ticketId) throw new ConversationBusy();
      continue;
    }
    if (isLive(deps, pointer)) throw new ConversationBusy();
  }
  return { seen };
}

/** Whether the contact holds one of these identities as proven (a provider's, or a phone whose code came back). */
function holdsProven(contact: Contact, identities: Identity[]): boolean {
  return contact.identities.some(
    (held) => isVerified(held) && identities.some((identity) => sameIdentity(identity, held)),
  );
}

async function pointsAtProvenCase(
  deps: IngestDeps,
  contact: Contact,
  verified: Identity[],
): Promise<boolean> {
  const pointed = contact.openCaseTicketId ? await deps.store.getTicket(contact.openCaseTicketId) : undefined;
  return appliedFrom(pointed, verified) && pointed.supportCase?.step !== 'phone_unconfirmed';
}

/** Whether the contact holds the identity; a contact not there yet is being written with it. */
async function mayHold(deps: IngestDeps, contactId: string, identity: Identity): Promise<boolean> {
  const contact = await deps.store.getContact(contactId);
  return !contact || contact.identities.some((held) => identityKey(held) === identityKey(identity));
}

/**
 * An open application whose phone the sender proved by writing from it: the case's notices go to that phone, so
 * its owner's messages belong with it even when they were known to us as another contact before applying.
 */
function appliedFrom(ticket: Ticket | undefined, verified: Identity[]): ticket is Ticket {
  const phone = ticket?.supportCase?.application?.phone;
  return Boolean(
    ticket &&
      phone &&
      isActive(ticket.status) &&
      verified.some((identity) => identity.kind === 'phone' && identity.value === phone),
  );
}

function isLive(deps: IngestDeps, pointer: ConversationPointer): boolean {
  if (deps.writer?.sole && pointer.writer !== deps.writer.id) return false;
  return deps.clock.now().getTime() - Date.parse(pointer.reservedAt) < RESERVATION_LEASE_MS;
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
        events: statusEvents(deps, current.ticket, changed),
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

/** Another delivery of the same message committed first: its outcome is the answer, once it is applied. */
async function answerTheWinner(deps: IngestDeps, inbound: InboundContact): Promise<IngestResult> {
  const winner = await deps.store.getGuard(inbound.channel, inbound.providerMessageId);
  if (!winner?.outcome) throw new Error('A delivery lost its commit to a guard with no outcome');
  return answerAgain(deps, winner, inbound);
}

/**
 * A delivery already written is answered with its outcome and announced again: whoever wrote it may have died, or
 * failed to publish, after its transaction, and its redelivery is the only thing that would ever announce it. The
 * change's consumers are idempotent (the search index puts the same items, an acknowledgement is sent once).
 */
async function answerAgain(
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

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
