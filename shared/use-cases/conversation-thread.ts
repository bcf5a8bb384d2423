import { channelTraits } from '../domain/channel.ts';
import type { Contact } from '../domain/contact.ts';
import { type Identity, identityKey, isVerified } from '../domain/identity.ts';
import type { InboundContact } from '../domain/inbound-contact.ts';
import { isActive, type Ticket, takesFollowUps } from '../domain/ticket.ts';
import type { ConversationPointer, InboundLookup } from '../ports/ticket-store.ts';
import { completeDelivery } from './committed-deliveries.ts';
import type { IngestDeps } from './ingest-deps.ts';

/**
 * How long a conversation pointer written ahead of its ticket (an earlier version reserved it first, then wrote
 * the ticket; one may still run during a deployment) holds off the sender's other messages before it counts as
 * abandoned. Pointers are now written with their ticket.
 */
export const RESERVATION_LEASE_MS = 5_000;

/** The active ticket a message joins, if any, and what opening a new one must find unchanged. */
export interface Thread {
  /** The active ticket this message joins; absent when it opens a new ticket. */
  existing?: Ticket;
  /** The version `existing` was read at, when it was read with it (the follow-up writes on that condition). */
  existingVersion?: number;
  /** For a new ticket: what each verified identity's conversation pointed at before (its write's condition). */
  seen: Map<string, string | undefined>;
}

/** A new conversation of this sender is being created by a live writer: wait for it, then join it. */
export class ConversationBusy extends Error {}

/**
 * The ticket a verified sender's message joins: the one it answers (email headers, a reference in the subject),
 * then their open support case whatever the channel, then their conversation on this channel (also for a week
 * after it was resolved, reopening it, unless staff log the contact). Each is read consistently, so messages
 * arriving together converge on one ticket.
 */
export async function findThread(
  deps: IngestDeps,
  inbound: InboundContact,
  contact: Contact,
  lookup: InboundLookup,
  isNewContact: boolean,
): Promise<Thread> {
  const seen = new Map<string, string | undefined>();
  const verified = inbound.identities.filter(isVerified);
  if (inbound.supportCase || verified.length === 0) return { seen };
  const now = deps.clock.now();
  // A visit or call staff log after the ticket was resolved is a new contact of theirs, not an answer to it.
  const joins = (ticket: Ticket) =>
    channelTraits(inbound.channel).loggedByStaff ? isActive(ticket.status) : takesFollowUps(ticket, now);
  const ours = (ticket: Ticket | undefined) =>
    ticket && ticket.contactId === contact.id && joins(ticket) ? ticket : undefined;
  // The message answered first, then the thread newest to oldest (References lists oldest first).
  const answered = [
    inbound.threading?.inReplyTo,
    ...(inbound.threading?.references ?? []).toReversed(),
  ].filter((id): id is string => Boolean(id));
  // An email answering one of ours (or one already on a ticket) joins that ticket, whoever verified sends it.
  // A person's answer to one closed, or resolved more than a week ago, opens a new ticket; a machine's (an
  // out-of-office) is kept with the mail it answers, reopening nothing.
  const answers = (ticket: Ticket) => inbound.automated === true || joins(ticket);
  if (answered.length > 0) {
    const byHeaders = await deps.store.findTicketByEmailIds(answered);
    if (byHeaders && answers(byHeaders)) return { existing: byHeaders, seen };
  }
  const reference = inbound.threading?.reference;
  if (reference) {
    // A reference only threads for the ticket's own contact, so a guessed number cannot join someone else's case;
    // quoting it reopens a ticket that was resolved.
    const byReference = await deps.store.findTicketByReference(reference);
    if (byReference?.contactId === contact.id && answers(byReference)) return { existing: byReference, seen };
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
      if (isNewContact && joins(read.ticket) && (await mayHold(deps, read.ticket.contactId, identity)))
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

/** Whether the contact holds the identity; a contact not there yet is being written with it. */
async function mayHold(deps: IngestDeps, contactId: string, identity: Identity): Promise<boolean> {
  const contact = await deps.store.getContact(contactId);
  return !contact || contact.identities.some((held) => identityKey(held) === identityKey(identity));
}

/**
 * An open application whose phone the sender proved by writing from it: the case's notices go to that phone, so
 * its owner's messages belong with it even when they were known to us as another contact before applying.
 */
export function appliedFrom(ticket: Ticket | undefined, verified: Identity[]): ticket is Ticket {
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
