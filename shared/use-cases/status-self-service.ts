import type { Contact } from '../domain/contact.ts';
import type { Delivery } from '../domain/delivery.ts';
import { GoneError } from '../domain/errors.ts';
import { PUBLIC_LIMITS } from '../domain/public-limits.ts';
import { referenceCandidates, type TypedReference } from '../domain/reference.ts';
import type { Ticket, TicketStatus, TicketType } from '../domain/ticket.ts';
import { uploadLinkValidUntil } from '../domain/upload-link.ts';
import type { Clock } from '../ports/clock.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { MessageTemplateSource } from '../ports/message-templates.ts';
import type { OutboundSenders } from '../ports/outbound.ts';
import type { RateLimiter } from '../ports/rate-limiter.ts';
import type { StatusCodeStore } from '../ports/status-codes.ts';
import type { StatusLinks } from '../ports/status-links.ts';
import type { TicketEventRecord } from '../ports/ticket-store.ts';
import type { CaseStep } from '../workflow/support-request.ts';
import type { TextPolicyDeps } from './automatic-messages.ts';
import { issueUploadLink, type UploadLinkIssuer } from './issue-upload-link.ts';
import { codeHash, codeNeverSent, issueCodeElsewhere, spendCode, textOneTimeCode } from './one-time-codes.ts';
import { enforceRateLimits, fromClient } from './rate-limits.ts';

export interface StatusDeps extends TextPolicyDeps, UploadLinkIssuer {
  store: {
    findTicketByReference(reference: string): Promise<Ticket | undefined>;
    getContact(contactId: string): Promise<Contact | undefined>;
    addEvents(events: TicketEventRecord[]): Promise<void>;
  };
  statusCodes: StatusCodeStore;
  statusLinks: StatusLinks;
  rateLimiter: RateLimiter;
  senders: OutboundSenders;
  templates: MessageTemplateSource;
  clock: Clock;
  ids: IdGenerator;
}

/** What the status page shows after the code: steps and dates only, nothing personal. */
export interface RequestStatus {
  reference: string;
  type: TicketType;
  status: TicketStatus;
  step?: CaseStep;
  receivedAt: string;
  verifiedAt?: string;
  returnedAt?: string;
  sentToCommitteeAt?: string;
  committeeDueAt?: string;
  decidedAt?: string;
  outcome?: 'approved' | 'rejected';
  registeredAt?: string;
  serviceDeliveredAt?: string;
  /**
   * A service given in instalments: how many were handed over of how many planned, and when the latest was. The
   * beneficiary is texted at each one, so the page says so too (counts and a date only: no items, no staff).
   */
  deliveries?: { delivered: number; planned: number; lastDeliveredAt?: string };
  resolvedAt?: string;
  /** When the case was withdrawn, found invalid or closed for missing documents (never why: staff wrote that). */
  endedAt?: string;
  /**
   * While the case waits for documents: what is missing, as the text asking for it said, and a fresh single-use
   * link to upload it (one who lost the text is not stuck), good until `validUntil`. Never staff's own notes.
   */
  missingDocuments?: { missing: string; uploadLink: string; validUntil: string };
}

/**
 * Who asks: the reference as typed (a number alone may mean this year's or last year's) and either the phone the
 * request was made with, or the signed link from one of our messages, which stands for the phone on file.
 */
export interface StatusAsker {
  reference: TypedReference;
  phone?: string;
  link?: string;
  clientIp?: string;
}

/**
 * Sends a one-time code by SMS when the reference belongs to the contact with this phone (or the link is ours);
 * silently does nothing otherwise, so the answer never tells whether a reference exists or whose it is.
 */
export async function requestStatusCode(deps: StatusDeps, request: StatusAsker): Promise<void> {
  const now = deps.clock.now();
  await enforceRateLimits(deps.rateLimiter, now, [
    [PUBLIC_LIMITS.statusRequestsPerIp, request.clientIp],
    [PUBLIC_LIMITS.statusCodesPerPhone, request.phone && fromClient(request.phone, request.clientIp)],
  ]);
  const found = await findAskedTicket(deps, request, now);
  const sender = deps.senders.sms;
  if (!found) {
    // Asked with a phone the request was not made from: what is tried next is answered as if a code had been sent.
    const [reference] = referenceCandidates(request.reference, now);
    if (request.phone && reference) await issueCodeElsewhere(deps.statusCodes, reference, request.phone, now);
    return;
  }
  if (!sender) return;
  const { ticket, phone } = found;
  if (request.link)
    await enforceRateLimits(deps.rateLimiter, now, [
      [PUBLIC_LIMITS.statusCodesPerPhone, fromClient(phone, request.clientIp)],
    ]);
  await textOneTimeCode(deps, sender, {
    ticket,
    key: ticket.reference,
    phone,
    now,
    template: 'status_code',
    eventType: 'status_code_sent',
    budgeted: true,
  });
}

/**
 * The ticket asked about and the phone its code goes to: with a link, the one the link was signed for and its
 * phone on file; with a phone, the first candidate reference that belongs to that phone.
 */
async function findAskedTicket(
  deps: StatusDeps,
  request: StatusAsker,
  now: Date,
): Promise<{ ticket: Ticket; phone: string } | undefined> {
  if (request.link) {
    const reference = await checkedLinkReference(deps, request.reference, request.link, now);
    const ticket = await deps.store.findTicketByReference(reference);
    const phone = ticket && (await phoneOnFile(deps, ticket));
    return ticket && phone ? { ticket, phone } : undefined;
  }
  if (!request.phone) return undefined;
  for (const reference of referenceCandidates(request.reference, now)) {
    const ticket = await deps.store.findTicketByReference(reference);
    if (ticket && (await belongsTo(deps, ticket, request.phone))) return { ticket, phone: request.phone };
  }
  return undefined;
}

/** The reference a link names, once its signature is checked; an old or altered link is refused, in Arabic too. */
async function checkedLinkReference(
  deps: StatusDeps,
  typed: TypedReference,
  link: string,
  now: Date,
): Promise<string> {
  const [reference] = typed.year === undefined ? [] : referenceCandidates(typed, now);
  const checked = reference ? await deps.statusLinks.check(reference, link, now) : 'invalid';
  if (checked === 'valid' && reference) return reference;
  throw new GoneError(
    checked === 'expired'
      ? 'This link has expired; type the phone number the request was made with'
      : 'This link does not work; type the phone number the request was made with',
    {
      code: checked === 'expired' ? 'link_expired' : 'link_invalid',
      messageAr:
        checked === 'expired'
          ? 'انتهت صلاحية الرابط. اكتبوا رقم الجوال المسجّل في الطلب.'
          : 'الرابط غير صالح. اكتبوا رقم الجوال المسجّل في الطلب.',
    },
  );
}

/** The phone given on the application, or the first phone the ticket's contact is known by. */
async function phoneOnFile(deps: StatusDeps, ticket: Ticket): Promise<string | undefined> {
  const applied = ticket.supportCase?.application?.phone;
  if (applied) return applied;
  const contact = await deps.store.getContact(ticket.contactId);
  return contact?.identities.find((identity) => identity.kind === 'phone')?.value;
}

/** The phone given on the application, or one the ticket's contact is known by. */
async function belongsTo(deps: StatusDeps, ticket: Ticket, phone: string): Promise<boolean> {
  if (ticket.supportCase?.application?.phone === phone) return true;
  const contact = await deps.store.getContact(ticket.contactId);
  return Boolean(
    contact?.identities.some((identity) => identity.kind === 'phone' && identity.value === phone),
  );
}

/** The request's steps and dates, for the holder of the latest code sent for it (single use, few attempts). */
export async function readRequestStatus(
  deps: StatusDeps,
  request: StatusAsker & { code: string },
): Promise<RequestStatus> {
  const now = deps.clock.now();
  await enforceRateLimits(deps.rateLimiter, now, [[PUBLIC_LIMITS.statusRequestsPerIp, request.clientIp]]);
  const asked = await codeHolder(deps, request, now);
  if (!asked) throw codeNeverSent();
  await spendCode(
    deps.statusCodes,
    asked.reference,
    { phone: asked.phone, namesPhone: true },
    request.code,
    now,
  );
  const ticket = await deps.store.findTicketByReference(asked.reference);
  if (!ticket) throw new GoneError('The request is no longer available');
  const status = publicStatusOf(ticket);
  if (ticket.supportCase?.step !== 'returned_to_applicant') return status;
  return { ...status, missingDocuments: await missingDocumentsOf(deps, ticket, now) };
}

/**
 * What the applicant was asked for and a new link to send it: the code just spent proved the phone on file, which
 * the text with the first link went to. Only the link's hash is kept, so the first one cannot be shown again.
 */
async function missingDocumentsOf(
  deps: StatusDeps,
  ticket: Ticket,
  now: Date,
): Promise<RequestStatus['missingDocuments']> {
  const missing = ticket.supportCase?.verification?.missing ?? '';
  const validUntil = uploadLinkValidUntil(now);
  const uploadLink = await issueUploadLink(deps, ticket, missing, now, validUntil);
  return { missing, uploadLink, validUntil };
}

/**
 * Which reference's code is being offered, and for which phone: the link's reference and its phone on file, or
 * among the candidate references with a code waiting, the one this code fits (else the first, which then counts
 * the wrong attempt): a number alone may be this year's or last year's.
 */
async function codeHolder(
  deps: StatusDeps,
  request: StatusAsker & { code: string },
  now: Date,
): Promise<{ reference: string; phone: string } | undefined> {
  if (request.link) {
    const reference = await checkedLinkReference(deps, request.reference, request.link, now);
    const ticket = await deps.store.findTicketByReference(reference);
    const phone = ticket && (await phoneOnFile(deps, ticket));
    return phone ? { reference, phone } : undefined;
  }
  const phone = request.phone;
  if (!phone) return undefined;
  let first: string | undefined;
  for (const reference of referenceCandidates(request.reference, now)) {
    const stored = await deps.statusCodes.get(reference);
    if (!stored) continue;
    if (stored.codeHash === (await codeHash(reference, phone, request.code))) return { reference, phone };
    first ??= reference;
  }
  // With no code waiting, the reference a code would have been asked under (one asked with another phone counts).
  const reference = first ?? referenceCandidates(request.reference, now)[0];
  return reference ? { reference, phone } : undefined;
}

function publicStatusOf(ticket: Ticket): RequestStatus {
  const supportCase = ticket.supportCase;
  const verification = supportCase?.verification;
  const passed =
    verification?.identityMatches && verification.documentsPresent && verification.dataConsistent;
  return {
    reference: ticket.reference,
    type: ticket.type,
    status: ticket.status,
    step: supportCase?.step,
    receivedAt: ticket.createdAt,
    verifiedAt: passed ? verification?.at : undefined,
    returnedAt: verification && !passed ? verification.at : undefined,
    sentToCommitteeAt: supportCase?.referredAt,
    committeeDueAt: supportCase?.committeeDueAt,
    decidedAt: supportCase?.decision?.at,
    outcome: supportCase?.decision?.outcome,
    registeredAt: supportCase?.registeredAt,
    serviceDeliveredAt: supportCase?.serviceDelivered?.at,
    deliveries: deliveriesOf(supportCase?.deliveries),
    resolvedAt: ticket.resolvedAt,
    endedAt: supportCase?.ended?.at,
  };
}

function deliveriesOf(deliveries: readonly Delivery[] | undefined): RequestStatus['deliveries'] {
  if (!deliveries?.length) return undefined;
  const handedOver = deliveries.flatMap((delivery) => (delivery.delivered ? [delivery.delivered.at] : []));
  return {
    delivered: handedOver.length,
    planned: deliveries.length,
    lastDeliveredAt: handedOver.toSorted().at(-1),
  };
}
