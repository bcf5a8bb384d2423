import { canSeeQueue } from '../domain/access-policy.ts';
import { type Channel, type StaffLoggedChannel, senderAssurance } from '../domain/channel.ts';
import { ForbiddenError, ValidationError } from '../domain/errors.ts';
import { fieldError } from '../domain/field-messages.ts';
import type { Identity } from '../domain/identity.ts';
import { hasRole, type Principal } from '../domain/staff.ts';
import type { Ticket, TicketType } from '../domain/ticket.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import { type IngestDeps, type IngestResult, ingestContact } from './ingest-contact.ts';
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

export type LogContactDeps = IngestDeps & { objects: ObjectStore };

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
  const identities: Identity[] = [];
  // Staff saw or spoke with the person: what they record is checked.
  const assurance = senderAssurance(contact.channel);
  if (contact.phone) identities.push({ kind: 'phone', value: contact.phone, assurance });
  if (contact.email) identities.push({ kind: 'email', value: contact.email, assurance });
  if (contact.nationalId) identities.push({ kind: 'national_id', value: contact.nationalId, assurance });
  if (identities.length === 0)
    throw new ValidationError(
      [fieldError('phone', 'phone_or_email_required')],
      'A phone, email or national id is required',
    );

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
