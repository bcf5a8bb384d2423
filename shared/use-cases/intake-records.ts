import type { Contact } from '../domain/contact.ts';
import { type Identity, UNVERIFIED_SENDER_TAG } from '../domain/identity.ts';
import type { InboundContact } from '../domain/inbound-contact.ts';
import { documentFiles, type Message } from '../domain/message.ts';
import { formatReference } from '../domain/reference.ts';
import type { RoutingDecision, TicketRouter } from '../domain/routing.ts';
import { isActive, previewOf, subjectFromText, type Ticket } from '../domain/ticket.ts';
import type { Clock } from '../ports/clock.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { IngestStore, NewTicketIntent, TicketEventRecord } from '../ports/ticket-store.ts';
import { type AssignmentSource, pickAssignee } from '../routing/assignment.ts';
import { slaAfterBeneficiaryMessage, slaAfterStatusChange, startSla } from '../sla/clocks.ts';
import { choosePolicy } from '../sla/policy.ts';
import { type SlaSettingsSource, timekeeperFor } from '../sla/settings.ts';
import { documentsArrived } from '../workflow/support-request.ts';

/** What opening a ticket reads: the routing rules, the reference counter, SLA policies and staff loads. */
export interface TicketOpeningDeps {
  store: Pick<IngestStore, 'nextReferenceNumber'>;
  ids: IdGenerator;
  clock: Clock;
  router: TicketRouter;
  /** SLA policies and calendar; without them no response clocks run. */
  sla?: SlaSettingsSource;
  /** Staff and their loads, for giving a new ticket to the least-loaded member of its queue. */
  assignment?: AssignmentSource;
}

/** A provider item we cannot read is kept for staff, up to this much of it. */
const MAX_RAW_CHARS = 20_000;
/** Inbound message ids a ticket remembers, so a replayed follow-up is not counted twice. */
const RECENT_INBOUND_KEPT = 20;

/** The stored message of a received contact. */
export function inboundMessage(
  inbound: InboundContact,
  contact: Contact,
  ticketId: string,
  messageId: string,
): Message {
  return {
    id: messageId,
    ticketId,
    direction: 'inbound',
    channel: inbound.channel,
    authorId: contact.id,
    authorName: contact.name,
    text: inbound.text,
    html: inbound.html,
    subject: inbound.subject,
    attachments: inbound.attachments,
    createdAt: inbound.receivedAt,
    providerMessageId: inbound.providerMessageId,
    ...(inbound.automated && { automated: true }),
    ...(inbound.kind && { kind: inbound.kind }),
    ...(inbound.forwarded && { forwarded: true }),
    ...(inbound.replyTo && { replyTo: inbound.replyTo }),
    ...(inbound.raw && { raw: inbound.raw.slice(0, MAX_RAW_CHARS) }),
    ...(inbound.loggedBy && { loggedBy: inbound.loggedBy }),
  };
}

/** A new conversation: who it is from, under which id, opened by which message. */
export interface TicketOpening {
  inbound: InboundContact;
  contact: Contact;
  isNewContact: boolean;
  newIdentities: Identity[];
  ticketId: string;
  message: Message;
  /** The sender's verified identities; none makes the ticket flagged as unverified. */
  verified: Identity[];
  at: string;
}

/** The tag of a message asking for support outside the application form. */
export const SUPPORT_ASKED_TAG = 'طلب دعم';

/**
 * Only an application with the applicant's declaration opens a support case; asking for support on any other path
 * (the contact form's type, a logged visit) stays an inquiry, answered with the form's link.
 */
function asOpened(inbound: InboundContact): InboundContact {
  if (inbound.type !== 'support_request' || inbound.supportCase) return inbound;
  return { ...inbound, type: 'inquiry', tags: [...new Set([...(inbound.tags ?? []), SUPPORT_ASKED_TAG])] };
}

/** What opening a ticket reads: where its contact goes, the next reference number and who takes it. */
export interface OpeningReads {
  decision: RoutingDecision;
  year: number;
  number: number;
  assignee?: { id: string };
}

/** Routes the contact, then numbers it and picks its assignee: independent reads, one round trip for both. */
export async function readForOpening(
  deps: TicketOpeningDeps,
  inbound: InboundContact,
  contact: Contact,
  at: string,
): Promise<OpeningReads> {
  const decision = await deps.router.route({ inbound: asOpened(inbound), contact });
  const year = Number(at.slice(0, 4));
  const [number, assignee] = await Promise.all([
    deps.store.nextReferenceNumber(year),
    deps.assignment ? pickAssignee(deps.assignment, decision.queueId) : undefined,
  ]);
  return { decision, year, number, ...(assignee && { assignee }) };
}

/**
 * The new ticket, routed, numbered, on its SLA policy and assigned, as the intent that will write it; `reads`
 * when they were made already (alongside the delivery's duplicate check).
 */
export async function newTicketIntent(
  deps: TicketOpeningDeps,
  opening: TicketOpening,
  reads?: OpeningReads,
): Promise<{ ticket: Ticket; intent: NewTicketIntent }> {
  const { ticketId, message, verified, at } = opening;
  const inbound = asOpened(opening.inbound);
  const { decision, year, number, assignee } =
    reads ?? (await readForOpening(deps, opening.inbound, opening.contact, at));
  const reference = formatReference(year, number);
  const ticket: Ticket = {
    id: ticketId,
    reference,
    type: decision.type,
    status: 'new',
    priority: decision.priority,
    queueId: decision.queueId,
    contactId: opening.contact.id,
    contactName: opening.contact.name,
    channel: inbound.channel,
    subject: inbound.subject?.trim() || subjectFromText(inbound.text),
    preview: previewOf(inbound.text),
    tags: [...new Set([...decision.tags, ...(verified.length === 0 ? [UNVERIFIED_SENDER_TAG] : [])])],
    messageCount: 1,
    createdAt: at,
    updatedAt: at,
    lastActivityAt: at,
    lastInboundAt: inbound.receivedAt,
    recentInboundIds: [message.id],
    ...(inbound.branch && { branch: inbound.branch }),
    ...(inbound.supportCase && { supportCase: inbound.supportCase }),
  };
  // A machine's message (an out-of-office) is kept, but nobody owes it an answer.
  if (deps.sla && !inbound.automated) {
    const settings = await deps.sla.load();
    const policy = choosePolicy(settings.policies, ticket, decision.slaPolicyId);
    if (policy) ticket.sla = startSla(policy, timekeeperFor(policy, settings.calendar), new Date(at));
  }
  if (assignee) ticket.assigneeId = assignee.id;
  const event = (type: string, data: Record<string, unknown>): TicketEventRecord => ({
    id: deps.ids.next(),
    ticketId,
    type,
    at,
    data,
  });
  const intent: NewTicketIntent = {
    kind: 'new_ticket',
    ticket,
    message,
    contact: opening.isNewContact
      ? { ...opening.contact, ...(ticket.supportCase && { openCaseTicketId: ticketId }) }
      : undefined,
    newIdentities: opening.newIdentities,
    events: [
      event('created', { channel: inbound.channel }),
      event('routed', {
        queueId: decision.queueId,
        priority: decision.priority,
        ruleId: decision.ruleId ?? null,
        slaPolicyId: ticket.sla?.policyId ?? null,
      }),
      ...(assignee ? [event('assigned', { from: null, to: assignee.id, automatic: true })] : []),
    ],
  };
  return { ticket, intent };
}

/**
 * What a beneficiary's new message does to their ticket, applied to the ticket as it is when written: it becomes
 * open again (a new one stays new), and the next-response clock starts — clocks paused while waiting on them
 * resume; files sent while their support case waits for documents take the case back to verification. A message
 * already counted (a replay after a crash) changes nothing.
 */
export async function followUpChange(
  deps: Pick<TicketOpeningDeps, 'sla' | 'clock'>,
  message: Message,
): Promise<(current: Ticket) => Ticket> {
  const settings = deps.sla ? await deps.sla.load() : undefined;
  const at = deps.clock.now();
  return (current) => {
    if (current.recentInboundIds?.includes(message.id)) return current;
    const counted = {
      ...current,
      messageCount: current.messageCount + 1,
      updatedAt: at.toISOString(),
      lastActivityAt: at.toISOString(),
      recentInboundIds: [...(current.recentInboundIds ?? []), message.id].slice(-RECENT_INBOUND_KEPT),
    };
    // A machine's message (an out-of-office) reopens nothing and starts no clock.
    if (message.automated) return counted;
    const policy = settings?.policies.find((candidate) => candidate.id === current.sla?.policyId);
    const supportCase =
      current.supportCase && documentFiles(message).length > 0
        ? documentsArrived(current.supportCase, message.createdAt)
        : undefined;
    const keeper = settings && policy && timekeeperFor(policy, settings.calendar);
    // An answer to a resolved (or closed) ticket reopens it: its resolution is undone and its windows start afresh.
    const reopens = !isActive(current.status);
    const reopened =
      current.sla && policy && keeper && reopens
        ? slaAfterStatusChange(current.sla, policy, keeper, current.status, 'open', at)
        : current.sla;
    return {
      ...counted,
      ...(supportCase && { supportCase }),
      ...(reopens && { resolvedAt: undefined, resolvedBy: undefined }),
      status: current.status === 'new' ? 'new' : 'open',
      preview: previewOf(message.text),
      lastInboundAt: message.createdAt,
      sla: reopened && policy && keeper ? slaAfterBeneficiaryMessage(reopened, policy, keeper, at) : reopened,
    };
  };
}

/**
 * The history of documents reaching a case that waited for them: what came and what had been asked for, and the
 * step back to verification.
 */
export function documentsReceivedEvents(
  deps: Pick<TicketOpeningDeps, 'ids'>,
  ticket: Ticket,
  at: string,
  received: {
    messageId: string;
    files: number;
    /** Which documents, when the applicant said (the upload page asks); none from a chat's photo. */
    kinds: readonly string[];
    /** Where they came: the upload link, or the channel of the message that carried them. */
    via: 'upload_link' | Message['channel'];
  },
): TicketEventRecord[] {
  const event = (type: string, data: Record<string, unknown>): TicketEventRecord => ({
    id: deps.ids.next(new Date(at)),
    ticketId: ticket.id,
    type,
    at,
    actorId: ticket.contactId,
    data,
  });
  return [
    event('documents_received', {
      count: received.files,
      kinds: [...new Set(received.kinds)],
      // What staff asked the applicant for, in the words of the text the applicant was sent.
      missing: ticket.supportCase?.verification?.missing ?? null,
      messageId: received.messageId,
      via: received.via,
    }),
    event('case_step', {
      action: 'submit_documents',
      from: 'returned_to_applicant',
      to: 'intake',
      files: received.files,
    }),
  ];
}
