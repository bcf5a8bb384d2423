import { authorize, canSeeQueue } from '../domain/access-policy.ts';
import { ForbiddenError, NotFoundError } from '../domain/errors.ts';
import { type Message, staffMessage } from '../domain/message.ts';
import type { Principal } from '../domain/staff.ts';
import { ACTIVE_STATUSES, type TicketStatus } from '../domain/ticket.ts';
import { changeOf } from '../domain/ticket-change.ts';
import type { TicketNarrowing } from '../domain/ticket-narrowing.ts';
import type { Clock } from '../ports/clock.ts';
import type { TicketEventPublisher } from '../ports/events.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { NotificationStore } from '../ports/notifications.ts';
import type { ReplyStore, StaffStore, TicketPage, TicketWithThread } from '../ports/ticket-store.ts';
import { answerAgain, keyedRequest } from './keyed-requests.ts';
import { type NotificationDeps, noticeDepsOf, noticeMentions } from './notification-centre.ts';

export interface StaffDeps {
  store: StaffStore;
  clock: Clock;
  ids: IdGenerator;
  events: TicketEventPublisher;
  /** Where staff a note mentions are told (absent: mentions tell no one). */
  notifications?: NotificationStore;
  staffDirectory?: NotificationDeps['staffDirectory'];
  staffMail?: NotificationDeps['staffMail'];
}

export interface TicketFilter {
  queueIds?: string[];
  statuses?: TicketStatus[];
  limit: number;
  cursor?: string;
  narrowing?: TicketNarrowing;
}

/** The inbox list: only queues the caller may see; active tickets unless statuses are named. */
export async function listTicketsForStaff(
  deps: StaffDeps,
  principal: Principal,
  filter: TicketFilter,
): Promise<TicketPage> {
  const visible = (await deps.store.listQueues())
    .map((queue) => queue.id)
    .filter((queueId) => canSeeQueue(principal, queueId));
  const queueIds = filter.queueIds?.length ? filter.queueIds : visible;
  const refused = queueIds.filter((queueId) => !visible.includes(queueId));
  if (refused.length > 0) throw new ForbiddenError(`You are not a member of the queue ${refused.join(', ')}`);
  if (queueIds.length === 0) return { tickets: [] };
  return deps.store.listTickets({
    queueIds,
    statuses: filter.statuses?.length ? filter.statuses : [...ACTIVE_STATUSES],
    limit: filter.limit,
    cursor: filter.cursor,
    narrowing: filter.narrowing,
  });
}

export async function getTicketForStaff(
  deps: StaffDeps,
  principal: Principal,
  ticketId: string,
): Promise<TicketWithThread> {
  const thread = await deps.store.getTicketWithThread(ticketId);
  // A ticket outside the caller's queues is reported as missing, so ids cannot be probed.
  if (!thread) throw new NotFoundError('Ticket');
  authorize(principal, 'read', [thread.ticket.queueId]);
  return thread;
}

/** What a note needs beyond the staff store: the hold on a member's Idempotency-Key, as a reply's. */
export interface NoteDeps extends StaffDeps {
  store: StaffStore & Pick<ReplyStore, 'recordNote' | 'replyEntry' | 'getRecordedReply'>;
}

/**
 * An internal note: staff-only, never sent to the beneficiary, and not counted as a response. With the member's
 * Idempotency-Key it is recorded once: sent again, it is answered with the note it made (`repeated`), nothing more
 * recorded, told or published; sent with another text (or used for a reply), it is refused.
 */
export async function addInternalNote(
  deps: NoteDeps,
  principal: Principal,
  ticketId: string,
  text: string,
  idempotencyKey?: string,
): Promise<{ message: Message; repeated: boolean }> {
  const ticket = await deps.store.getTicket(ticketId);
  if (!ticket) throw new NotFoundError('Ticket');
  authorize(principal, 'write', [ticket.queueId]);
  const keyed = idempotencyKey && (await keyedRequest(principal, ticketId, idempotencyKey, [text]));
  const at = deps.clock.now();
  const note = staffMessage(principal, {
    id: deps.ids.next(at),
    ticketId,
    direction: 'note',
    channel: ticket.channel,
    text,
    createdAt: at.toISOString(),
  });
  if (!keyed) await deps.store.addMessage(ticket, note, []);
  else if (
    !(await deps.store.recordNote(
      { ...keyed, ticketId, kind: 'note', messageId: note.id, createdAt: note.createdAt },
      note,
    ))
  ) {
    // Sent before with this key (or at once, and the other request recorded it first): answered as it was made.
    return answerAgain(deps.store, await deps.store.replyEntry(keyed.id), 'note', keyed.fingerprint);
  }
  const notified = deps.notifications
    ? await noticeMentions(noticeDepsOf(deps, deps.notifications), ticket, text, principal)
    : [];
  await deps.events.publish(changeOf('message', ticket, note.createdAt, { messageIds: [note.id], notified }));
  return { message: note, repeated: false };
}
