import { activeBranches } from '../domain/branches.ts';
import { type Channel, senderAssurance } from '../domain/channel.ts';
import type { Contact } from '../domain/contact.ts';
import { ValidationError } from '../domain/errors.ts';
import { fieldError } from '../domain/field-messages.ts';
import { type Identity, isVerified } from '../domain/identity.ts';
import { renderTemplate } from '../domain/message-templates.ts';
import { PUBLIC_LIMITS } from '../domain/public-limits.ts';
import { sha256Hex } from '../domain/sha256.ts';
import type { Principal } from '../domain/staff.ts';
import {
  APPLICANT_DECLARATION,
  type ApplicationDocumentKind,
  SUPPORT_REQUEST_TYPE_LABELS,
  type SupportApplication,
  type SupportRequestType,
} from '../domain/support-application.ts';
import type { BranchSource } from '../ports/branches.ts';
import type { MessageTemplateSource } from '../ports/message-templates.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import type { AutomaticMessage } from '../ports/outbox.ts';
import type { RateLimiter } from '../ports/rate-limiter.ts';
import type { StatusLinks } from '../ports/status-links.ts';
import { COMMITTEE_WINDOW_DAYS } from '../workflow/support-request.ts';
import { type AutomaticDeps, sendAutomatic } from './automatic-messages.ts';
import { ingestContact } from './ingest-contact.ts';
import type { IngestDeps, IngestResult } from './ingest-deps.ts';
import { type VouchDeps, vouchedIdentities } from './log-staff-contact.ts';
import { type PhoneConfirmationDeps, sendPhoneConfirmationCode } from './phone-confirmation.ts';
import { pointPhoneHolderAtCase } from './phone-proof.ts';
import { enforceRateLimits, fromClient } from './rate-limits.ts';
import { storeUpload, type Upload } from './store-upload.ts';

export interface SubmitDeps
  extends IngestDeps,
    Omit<AutomaticDeps, 'store'>,
    Omit<PhoneConfirmationDeps, 'store'>,
    Omit<VouchDeps, 'store'> {
  store: IngestDeps['store'] &
    AutomaticDeps['store'] &
    PhoneConfirmationDeps['store'] &
    VouchDeps['store'] & { putContact(contact: Contact): Promise<void> };
  objects: ObjectStore;
  templates: MessageTemplateSource;
  branches: BranchSource;
  statusLinks: StatusLinks;
  rateLimiter: RateLimiter;
}

/** A support-request application, validated at the edge (normalised national id and E.164 phone). */
export interface SupportRequestSubmission {
  name: string;
  nationalId: string;
  phone: string;
  email?: string;
  branch: string;
  householdMembers: number;
  monthlyIncome: number;
  requestType: SupportRequestType;
  description: string;
  documents: { kind: ApplicationDocumentKind; upload: Upload }[];
  language?: 'ar' | 'en';
}

/** Who submitted it: the applicant on the web (with their address), or staff at a walk-in. */
export type SubmissionOrigin =
  | { channel: 'webform'; clientIp?: string; idempotencyKey?: string }
  | { channel: 'walk_in'; staff: Principal; idempotencyKey: string };

/** A resubmission of the same application within this window is the same application, not a new one. */
const RESUBMISSION_WINDOW_MS = 10 * 60_000;

/**
 * An applicant's support request becomes a `support_request` ticket through the one intake, with the application
 * and the declaration on its case; the applicant is told by SMS that it arrived and when to expect a decision.
 */
export async function submitSupportRequest(
  deps: SubmitDeps,
  submission: SupportRequestSubmission,
  origin: SubmissionOrigin,
): Promise<IngestResult & { awaitingPhoneConfirmation: boolean }> {
  const now = deps.clock.now();
  // The form offers the active branches: an id no branch has, or one archived since the page loaded, is refused.
  const branch = activeBranches(await deps.branches.listBranches()).find(
    (candidate) => candidate.id === submission.branch,
  );
  if (!branch)
    throw new ValidationError([fieldError('branch', 'invalid_value')], `No branch ${submission.branch}`);
  const window = Math.floor(now.getTime() / RESUBMISSION_WINDOW_MS);
  // Everything the application says and the bytes of its documents: a corrected resubmission is another application,
  // never answered with the first one's ticket and lost.
  const digest = await submissionDigest(submission);
  const sameApplication = (inWindow: number) => hashOf([digest, inWindow]);
  const keyless = origin.channel === 'webform' && !origin.idempotencyKey;
  const providerMessageId =
    origin.channel === 'walk_in'
      ? `${origin.staff.userId}:${origin.idempotencyKey}`
      : // A client's key counts only with its phone: someone else's key never reveals their reference.
        origin.idempotencyKey
        ? await hashOf([submission.phone, origin.idempotencyKey])
        : await sameApplication(window);
  // Without a key, the same application in this window or the one before is the same (a retry across a boundary).
  const earlierIds = keyless ? [await sameApplication(window - 1)] : undefined;
  if (origin.channel === 'webform') {
    // A retried submission is answered with its ticket and does not use up the applicant's daily applications.
    const retried = (
      await Promise.all(
        [providerMessageId, ...(earlierIds ?? [])].map((id) => alreadyReceived(deps, origin.channel, id)),
      )
    ).some(Boolean);
    await enforceRateLimits(deps.rateLimiter, now, [
      [PUBLIC_LIMITS.applicationsPerIp, origin.clientIp],
      [
        PUBLIC_LIMITS.applicationsPerPhone,
        retried ? undefined : fromClient(submission.phone, origin.clientIp),
      ],
    ]);
  }
  const attachments = await Promise.all(
    submission.documents.map(({ kind, upload }, index) =>
      storeUpload(
        deps.objects,
        `applications/${origin.channel}/${providerMessageId}/${index}-${kind}`,
        upload,
      ),
    ),
  );
  const application: SupportApplication = {
    requestType: submission.requestType,
    branch: submission.branch,
    householdMembers: submission.householdMembers,
    monthlyIncome: submission.monthlyIncome,
    nationalId: submission.nationalId,
    phone: submission.phone,
    email: submission.email,
    description: submission.description,
    documents: submission.documents.map(({ kind, upload }, index) => ({
      kind,
      name: upload.name,
      attachmentIndex: index,
    })),
    declaration: {
      accepted: true,
      at: now.toISOString(),
      channel: origin.channel,
      version: APPLICANT_DECLARATION.version,
      text: APPLICANT_DECLARATION.textAr,
      ...(origin.channel === 'webform' ? { ip: origin.clientIp } : { recordedBy: origin.staff.userId }),
    },
  };
  // Typed into the public form they are only claimed; staff recording a walk-in vouch for what they saw.
  const assurance = senderAssurance(origin.channel);
  const typed: Identity[] = [{ kind: 'phone', value: submission.phone, assurance }];
  if (submission.email) typed.push({ kind: 'email', value: submission.email.toLowerCase(), assurance });
  typed.push({ kind: 'national_id', value: submission.nationalId, assurance });
  const identities =
    origin.channel === 'walk_in' ? await vouchedIdentities(deps, origin.staff, typed) : typed;
  const label = SUPPORT_REQUEST_TYPE_LABELS[submission.requestType].ar;

  const result = await ingestContact(deps, {
    channel: origin.channel,
    providerMessageId,
    // The key is the client's (or the staff member's): the same key with another application is refused.
    ...(origin.idempotencyKey && { fingerprint: digest }),
    ...(earlierIds && { earlierIds }),
    ...(origin.channel === 'walk_in' && {
      loggedBy: { userId: origin.staff.userId, name: origin.staff.name },
    }),
    identities,
    displayName: submission.name,
    nationalId: submission.nationalId,
    city: branch.city,
    branch: submission.branch,
    subject: `طلب دعم: ${label}`,
    text: [
      `نوع الطلب: ${label}`,
      `الفرع: ${branch.nameAr}`,
      `عدد أفراد الأسرة: ${submission.householdMembers}`,
      `الدخل الشهري: ${submission.monthlyIncome} ريال`,
      '',
      submission.description,
    ].join('\n'),
    attachments,
    language: submission.language ?? 'ar',
    receivedAt: now.toISOString(),
    type: 'support_request',
    // An application typed into the public form waits for its phone to be confirmed before anyone verifies it.
    supportCase: { step: origin.channel === 'webform' ? 'phone_unconfirmed' : 'intake', application },
  });
  // Every delivery that reaches the ticket makes sure of its one acknowledgement: a retry after a crash that
  // lost it sends it then (the outbox item is per ticket, so it is never recorded or sent twice in the normal way).
  const opened = result.outcome === 'created' || result.outcome === 'duplicate';
  const ticket =
    opened || origin.channel === 'webform' ? await deps.store.getTicket(result.ticketId) : undefined;
  if (opened && ticket) {
    // Staff at a walk-in saw the phone (unless its holder is hidden from them); one typed into the form counts
    // once its code comes back.
    const phoneVouched = identities.some((identity) => identity.kind === 'phone' && isVerified(identity));
    if (origin.channel === 'walk_in' && phoneVouched) await pointPhoneHolderAtCase(deps, ticket);
    await acknowledgeSupportRequest(deps, result.ticketId);
  }
  const awaitingPhoneConfirmation =
    origin.channel === 'webform' && ticket?.supportCase?.step === 'phone_unconfirmed';
  // The application's first code, once: a resubmission sends it only when the first submission was cut short
  // before it (a crash), never a second code beside one already sent or being sent (the form offers to resend).
  if (ticket && awaitingPhoneConfirmation && result.outcome !== 'appended')
    await sendPhoneConfirmationCode(deps, ticket, { first: true });
  return { ...result, awaitingPhoneConfirmation };
}

async function alreadyReceived(
  deps: SubmitDeps,
  channel: Channel,
  providerMessageId: string,
): Promise<boolean> {
  return Boolean((await deps.store.getGuard(channel, providerMessageId))?.outcome);
}

export type AcknowledgeDeps = AutomaticDeps & { templates: MessageTemplateSource; statusLinks: StatusLinks };

/**
 * The acknowledgement of a support request, derived from the ticket alone (so a retried submission, the ticket's
 * `created` event or the drain can all make sure of it): by SMS to the mobile given on this application, since a
 * known applicant may have other phones on record. One outbox item per ticket.
 */
async function acknowledgementOf(
  deps: AcknowledgeDeps,
  ticketId: string,
): Promise<AutomaticMessage | undefined> {
  const ticket = await deps.store.getTicket(ticketId);
  const phone = ticket?.supportCase?.application?.phone;
  if (ticket?.type !== 'support_request' || !phone) return undefined;
  const text = renderTemplate((await deps.templates.load()).support_request_received, {
    reference: ticket.reference,
    days: COMMITTEE_WINDOW_DAYS,
    statusLink: await deps.statusLinks.link(ticket.reference, deps.clock.now()),
  });
  return {
    id: `${ticket.id}#ack`,
    ticketId: ticket.id,
    kind: 'acknowledgement',
    address: { channel: 'sms', to: phone },
    text,
    createdAt: deps.clock.now().toISOString(),
  };
}

/** Records the acknowledgement (once) and sends it now. */
export async function acknowledgeSupportRequest(deps: AcknowledgeDeps, ticketId: string): Promise<void> {
  const intent = await acknowledgementOf(deps, ticketId);
  if (intent) await sendAutomatic(deps, intent);
}

/**
 * Only records it: what the ticket's `created` event does, in case the submission died before recording it.
 * The submission itself (or, after a crash, the drain) sends it, so the two never race for the first send.
 */
export async function recordSupportRequestAcknowledgement(
  deps: AcknowledgeDeps,
  ticketId: string,
): Promise<void> {
  const intent = await acknowledgementOf(deps, ticketId);
  if (intent) await deps.outbox.record(intent);
}

/** Same applicant and key, or same request within a few minutes → the same delivery id: one ticket. */
async function hashOf(parts: unknown[]): Promise<string> {
  return (await sha256Hex(JSON.stringify(parts))).slice(0, 32);
}

/** What an application says and the bytes of its documents, digested: the same application sent again is equal. */
async function submissionDigest(submission: SupportRequestSubmission): Promise<string> {
  const { documents, ...fields } = submission;
  const files = await Promise.all(
    documents.map(async ({ kind, upload }) => [
      kind,
      upload.name,
      upload.contentType,
      await sha256Hex(upload.body),
    ]),
  );
  return hashOf([fields, files]);
}
