import type { Message } from '../domain/message.ts';
import type { Ticket } from '../domain/ticket.ts';
import { changeOf } from '../domain/ticket-change.ts';
import type { Clock } from '../ports/clock.ts';
import type { TicketEventPublisher } from '../ports/events.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { OutboundMessage, OutboundSenders } from '../ports/outbound.ts';
import type { StaffReplyEntry } from '../ports/outbox.ts';
import type { ReplyStore, TicketEventRecord } from '../ports/ticket-store.ts';
import { slaAfterStaffReply } from '../sla/clocks.ts';
import { deliver } from './deliver-outbound.ts';
import { ticketEvent } from './ticket-events.ts';

/** How long one attempt holds an outbox entry; a sender that died is taken over after it. */
export const OUTBOX_LEASE_MS = 60_000;

export interface RecordedReplyDeps {
  store: ReplyStore & { addEvents(events: TicketEventRecord[]): Promise<void> };
  senders: OutboundSenders;
  clock: Clock;
  ids: IdGenerator;
  events: TicketEventPublisher;
}

/**
 * Sends a reply already recorded on its ticket, by the attempt that holds its outbox entry, keeps what the
 * provider answered at once, then finishes it with the ticket's change, once. `maybeSentBefore`: an earlier attempt
 * reached the provider call and died before keeping its answer, so this send may be a second copy; the ticket says
 * so. A reply whose answer was kept before a crash is only finished, never sent again. A provider failure is kept
 * on the message (`failed`, with the reason) and not retried blindly.
 */
export async function sendRecordedReply(
  deps: RecordedReplyDeps,
  entry: StaffReplyEntry,
  message: Message,
  maybeSentBefore = false,
): Promise<Message> {
  const resend = message.deliveryStatus === 'pending';
  let delivered = message;
  if (resend) {
    const sender = deps.senders[message.channel];
    await deps.store.markReplySending(entry.id, deps.clock.now().toISOString());
    const answered: Message = sender
      ? await deliver(sender, message, outboundOf(entry, message))
      : { ...message, deliveryStatus: 'failed', failureReason: notConfigured(message.channel) };
    // The provider ids the ticket keeps are the ones its pointers name: a slower attempt's never replace them.
    delivered = await deps.store.keepReplyOutcome(answered);
  }
  const at = deps.clock.now().toISOString();
  const resent = () => [
    ticketEvent(deps.ids, message.ticketId, 'reply_resent', at, {
      messageId: message.id,
      channel: message.channel,
    }),
  ];
  const ticket = await deps.store.finishReply(
    entry.id,
    delivered,
    at,
    (current) => ticketAfterReply(current, delivered, at),
    resend && maybeSentBefore ? resent() : [],
  );
  if (!ticket) {
    // Another attempt (whose lease ran out while this one sent) finished it first: its outcome stands, and this
    // send, if it left, was a second copy.
    if (resend && delivered.deliveryStatus !== 'failed') await deps.store.addEvents(resent());
    return delivered;
  }
  await deps.events.publish(changeOf('message', ticket, at, { messageIds: [delivered.id] }));
  return delivered;
}

/**
 * Sends the reply an entry recorded, read from its ticket: after a crash (the drain) or for a retried request.
 * Undefined when the ticket has no such message (nothing can be sent).
 */
export async function resumeRecordedReply(
  deps: RecordedReplyDeps,
  entry: StaffReplyEntry,
  maybeSentBefore: boolean,
): Promise<Message | undefined> {
  const message = await deps.store.getRecordedReply(entry);
  return message && sendRecordedReply(deps, entry, message, maybeSentBefore);
}

/** What the provider is given for a recorded reply: the message as the ticket shows it, to the address resolved. */
function outboundOf(entry: StaffReplyEntry, message: Message): OutboundMessage {
  return {
    channel: message.channel,
    to: entry.to,
    subject: message.subject,
    text: message.text,
    attachments: message.attachments,
    ticketReference: entry.ticketReference,
    inReplyTo: entry.inReplyTo,
    references: entry.references,
    answering: message.replyTo?.providerMessageId,
    template: entry.template,
    correlationId: entry.correlationId,
  };
}

const later = (a: string | undefined, b: string): string => (a && a > b ? a : b);

/** Why a reply cannot go on a channel with no sender configured. */
export const notConfigured = (channel: string) => `Replies on ${channel} are not configured`;

/**
 * The ticket once a reply's send is known: one more message, and unless the provider failed it, answered (opened,
 * its response clocks stopped at the reply's time). A reply finished late (after a crash) never moves the last
 * response or the activity back to an earlier time.
 */
export function ticketAfterReply(current: Ticket, reply: Message, at: string): Ticket {
  const touched: Ticket = {
    ...current,
    updatedAt: later(current.updatedAt, at),
    lastActivityAt: later(current.lastActivityAt, reply.createdAt),
    messageCount: current.messageCount + 1,
  };
  if (reply.deliveryStatus === 'failed') return touched;
  const answered = answeredBy(touched, reply.createdAt, reply.authorId);
  return { ...answered, status: current.status === 'new' ? 'open' : current.status };
}

/**
 * The ticket answered by a staff member at `at` (a reply, or a case step the applicant is told of): its first and
 * last response times, and its response clocks stopped. A late answer never moves the last response back.
 */
export function answeredBy(ticket: Ticket, at: string, staffId: string): Ticket {
  const latest = !ticket.lastResponseAt || ticket.lastResponseAt <= at;
  return {
    ...ticket,
    firstResponseAt: ticket.firstResponseAt ?? at,
    ...(latest && { lastResponseAt: at, lastResponseBy: staffId }),
    sla: ticket.sla && slaAfterStaffReply(ticket.sla, new Date(at)),
  };
}
