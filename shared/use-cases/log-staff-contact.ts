import { canSeeQueue, seesAllQueues } from '../domain/access-policy.ts';
import { type Channel, type StaffLoggedChannel, senderAssurance } from '../domain/channel.ts';
import { ForbiddenError, ValidationError } from '../domain/errors.ts';
import { fieldError } from '../domain/field-messages.ts';
import { type Identity, isVerified } from '../domain/identity.ts';
import { hasRole, type Principal } from '../domain/staff.ts';
import type { Ticket, TicketType } from '../domain/ticket.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import { type ContactVisibilityDeps, seesContact } from './contact-visibility.ts';
import { ingestContact } from './ingest-contact.ts';
import type { IngestDeps, IngestResult } from './ingest-deps.ts';
import { storeUpload, type Upload } from './store-upload.ts';

/** A contact that reached the society off-line — a visit, a call, a letter — as staff record it. */
export interface StaffLoggedContact {
  channel: StaffLoggedChannel;
  /** Chosen by the inbox per form submission, so a resubmitted form does not make a second ticket. */
  idempotencyKey: string;
  name: string;
  phone?: string;
  email?: string;
  nationalId?: string;
  subject?: string;
  text: string;
  type?: TicketType;
  /** A letter's scan, or a representative's report. */
  scan?: Upload;
}

/** Who already holds an identity, and through which tickets staff may see them. */
export interface VouchDeps extends ContactVisibilityDeps {
  inbox: { contactIdOf(identity: Identity): Promise<string | undefined> };
}

export type LogContactDeps = IngestDeps & VouchDeps & { objects: ObjectStore };

/**
 * Staff vouch for what they saw or heard, but only as far as they may see: a phone, email or national id already
 * held by a contact hidden from them counts as typed. Otherwise an agent who knew a beneficiary's phone could
 * record a visit with it, join that beneficiary's contact, read their national id, and draw their messages and open
 * case into the agent's own queue. Such a record opens a contact of its own; a supervisor merges it if it is them.
 */
export async function vouchedIdentities(
  deps: VouchDeps,
  principal: Principal,
  identities: Identity[],
): Promise<Identity[]> {
  if (seesAllQueues(principal)) return identities;
  // One holder often holds the phone and the national id alike: their tickets are read once.
  const seen = new Map<string, Promise<boolean>>();
  return Promise.all(
    identities.map(async (identity): Promise<Identity> => {
      if (!isVerified(identity)) return identity;
      const holderId = await deps.inbox.contactIdOf(identity);
      if (!holderId) return identity;
      if (!seen.has(holderId)) seen.set(holderId, seesContact(deps, principal, holderId));
      return (await seen.get(holderId)) ? identity : { ...identity, assurance: 'claimed' };
    }),
  );
}

/**
 * What staff are told of a contact they recorded. It may have joined a ticket outside their queues (the person's
 * open case): then only that, never which ticket. One it opened they are given the reference of, to hand over.
 */
export type RecordedContact =
  | IngestResult
  | { outcome: IngestResult['outcome']; reference?: string; outsideYourQueues: true };

export async function answerForStaff(
  store: { getTicket(ticketId: string): Promise<Ticket | undefined> },
  principal: Principal,
  result: IngestResult,
): Promise<RecordedContact> {
  const ticket = await store.getTicket(result.ticketId);
  if (ticket && canSeeQueue(principal, ticket.queueId)) return result;
  const opened = result.outcome !== 'appended';
  return { outcome: result.outcome, ...(opened && { reference: result.reference }), outsideYourQueues: true };
}

/** Staff record an off-line contact; it goes through the same intake as every channel. */
export async function logStaffContact(
  deps: LogContactDeps,
  principal: Principal,
  contact: StaffLoggedContact,
): Promise<RecordedContact> {
  if (!hasRole(principal, 'agent', 'researcher', 'committee', 'supervisor', 'admin'))
    throw new ForbiddenError('Your role may read tickets but not record contacts');
  const recorded: Identity[] = [];
  // Staff saw or spoke with the person: what they record is checked.
  const assurance = senderAssurance(contact.channel);
  if (contact.phone) recorded.push({ kind: 'phone', value: contact.phone, assurance });
  if (contact.email) recorded.push({ kind: 'email', value: contact.email, assurance });
  if (contact.nationalId) recorded.push({ kind: 'national_id', value: contact.nationalId, assurance });
  if (recorded.length === 0)
    throw new ValidationError(
      [fieldError('phone', 'phone_or_email_required')],
      'A phone, email or national id is required',
    );

  const identities = await vouchedIdentities(deps, principal, recorded);
  const providerMessageId = `${principal.userId}:${contact.idempotencyKey}`;
  const attachments = contact.scan
    ? [await storeUpload(deps.objects, `staff-logged/${contact.channel}/${providerMessageId}`, contact.scan)]
    : [];
  const result = await ingestContact(deps, {
    channel: contact.channel as Channel,
    providerMessageId,
    identities,
    displayName: contact.name,
    nationalId: contact.nationalId,
    subject: contact.subject,
    text: contact.text,
    attachments,
    receivedAt: deps.clock.now().toISOString(),
    type: contact.type,
    loggedBy: { userId: principal.userId, name: principal.name },
  });
  return answerForStaff(deps.store, principal, result);
}
