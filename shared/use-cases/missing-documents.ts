import { GoneError, NotFoundError } from '../domain/errors.ts';
import type { Message } from '../domain/message.ts';
import type { ApplicationDocumentKind } from '../domain/support-application.ts';
import type { Ticket } from '../domain/ticket.ts';
import { changeOf } from '../domain/ticket-change.ts';
import {
  hashUploadToken,
  isUploadTokenShape,
  linkWaitedFor,
  type UploadLink,
  type UploadLinkState,
  uploadLinkState,
} from '../domain/upload-link.ts';
import type { Clock } from '../ports/clock.ts';
import type { TicketEventPublisher } from '../ports/events.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import type { StaffStore, TicketEventRecord } from '../ports/ticket-store.ts';
import type { UploadLinkStore } from '../ports/upload-links.ts';
import type { SlaSettingsSource } from '../sla/settings.ts';
import { documentsReceivedEvents, followUpChange } from './intake-records.ts';
import { storeUpload, type Upload } from './store-upload.ts';

export interface MissingDocumentsDeps {
  store: Pick<StaffStore, 'getTicket' | 'addMessage'>;
  uploadLinks: UploadLinkStore;
  objects: ObjectStore;
  events: TicketEventPublisher;
  clock: Clock;
  ids: IdGenerator;
  sla?: SlaSettingsSource;
}

/** What the upload page shows: the request and what is missing, nothing personal. */
export interface UploadLinkView {
  reference: string;
  missing: string;
  /** `closed`: the case no longer waits for documents (verified meanwhile, or ended). */
  state: UploadLinkState | 'closed';
  validUntil: string;
}

/** The link's state for the page; an unknown token is not found (the page says the link does not work). */
export async function viewUploadLink(deps: MissingDocumentsDeps, token: string): Promise<UploadLinkView> {
  const link = await findLink(deps, token);
  const state = await effectiveState(deps, link);
  return { reference: link.reference, missing: link.missing, state, validUntil: link.validUntil };
}

/**
 * The applicant's missing documents through their link, once: the files join the case as a message of theirs on
 * the ticket, and the case goes back to verification with its clock running again. A used or expired link, or a
 * case that has moved on, is gone (410) with the reason in Arabic.
 */
export async function submitMissingDocuments(
  deps: MissingDocumentsDeps,
  token: string,
  documents: { kind: ApplicationDocumentKind; upload: Upload }[],
): Promise<{ reference: string; files: number }> {
  const link = await findLink(deps, token);
  refuseUnlessOpen(await effectiveState(deps, link));
  const now = deps.clock.now();
  if (!(await deps.uploadLinks.claimUploadLink(link.tokenHash, now))) {
    // Another submission took it between our read and our claim, or it just expired.
    const latest = await effectiveState(deps, await findLink(deps, token));
    refuseUnlessOpen(latest === 'open' ? 'used' : latest);
  }
  try {
    const ticket = await deps.store.getTicket(link.ticketId);
    if (!ticket || !linkWaitedFor(link, ticket.supportCase)) throw closedRefusal();
    await joinCase(deps, ticket, documents, now);
    return { reference: link.reference, files: documents.length };
  } catch (error) {
    // Nothing was kept: the applicant may try again with the same link (a refusal keeps it used).
    if (!(error instanceof GoneError)) await deps.uploadLinks.releaseUploadLink(link.tokenHash);
    throw error;
  }
}

async function findLink(deps: MissingDocumentsDeps, token: string): Promise<UploadLink> {
  const link = isUploadTokenShape(token)
    ? await deps.uploadLinks.getUploadLink(await hashUploadToken(token))
    : undefined;
  if (!link) throw new NotFoundError('Upload link');
  return link;
}

/** A link whose case no longer waits on the applicant is as good as used. */
async function effectiveState(
  deps: MissingDocumentsDeps,
  link: UploadLink,
): Promise<UploadLinkState | 'closed'> {
  const state = uploadLinkState(link, deps.clock.now());
  if (state !== 'open') return state;
  const ticket = await deps.store.getTicket(link.ticketId);
  return linkWaitedFor(link, ticket?.supportCase) ? 'open' : 'closed';
}

const REFUSALS = {
  used: {
    code: 'link_used',
    en: 'This link was already used to send documents',
    ar: 'استُخدم هذا الرابط من قبل لإرسال المستندات. إن احتجتم إلى إرسال غيرها فتواصلوا معنا.',
  },
  expired: {
    code: 'link_expired',
    en: 'This link has expired',
    ar: 'انتهت صلاحية هذا الرابط. تواصلوا معنا لنرسل لكم رابطاً جديداً.',
  },
  closed: {
    code: 'case_moved_on',
    en: 'This request no longer waits for documents',
    ar: 'طلبكم لم يعد بانتظار مستندات. تابعوا حالته من رابط حالة الطلب.',
  },
} as const;

function refuseUnlessOpen(state: UploadLinkState | 'closed'): void {
  if (state === 'open') return;
  const refusal = REFUSALS[state];
  throw new GoneError(refusal.en, { code: refusal.code, messageAr: refusal.ar });
}

function closedRefusal(): GoneError {
  const refusal = REFUSALS.closed;
  return new GoneError(refusal.en, { code: refusal.code, messageAr: refusal.ar });
}

async function joinCase(
  deps: MissingDocumentsDeps,
  ticket: Ticket,
  documents: { kind: ApplicationDocumentKind; upload: Upload }[],
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  const messageId = deps.ids.next(now);
  const attachments = await Promise.all(
    documents.map(({ kind, upload }, index) =>
      storeUpload(deps.objects, `applications/documents/${ticket.id}/${messageId}/${index}-${kind}`, upload),
    ),
  );
  const message: Message = {
    id: messageId,
    ticketId: ticket.id,
    direction: 'inbound',
    // The applicant's own web page, like the form they applied on.
    channel: 'webform',
    authorId: ticket.contactId,
    authorName: ticket.contactName,
    // The files are the message; what they are is said by the event below, in each reader's language.
    text: '',
    attachments,
    createdAt: at,
  };
  const received = documentsReceivedEvents(deps, ticket, at, {
    messageId,
    files: documents.length,
    kinds: documents.map((document) => document.kind),
    via: 'upload_link',
  });
  const statusEvent: TicketEventRecord = {
    id: deps.ids.next(now),
    ticketId: ticket.id,
    type: 'status_changed',
    at,
    data: { from: ticket.status, to: 'open' },
  };
  const followed = await followUpChange(deps, message);
  await deps.store.addMessage(
    ticket,
    message,
    [...received, ...(ticket.status === 'open' ? [] : [statusEvent])],
    (current) => {
      // The store counts the message itself; the follow-up would count it again, and takes the case back to
      // verification. A message of files alone has no words for the list's preview, which keeps the last one.
      const resumed = followed({ ...current, messageCount: current.messageCount - 1 });
      return { ...resumed, preview: current.preview, status: 'open' };
    },
  );
  await deps.events.publish(changeOf('message', ticket, at, { messageIds: [message.id] }));
}
