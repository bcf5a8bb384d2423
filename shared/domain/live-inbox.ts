import { canSeeQueue } from './access-policy.ts';
import type { Principal } from './staff.ts';
import type { TicketChanged } from './ticket-change.ts';

/** What an inbox says about itself over the live connection: which ticket it has open, and whether replying. */
export type PresenceActivity = 'viewing' | 'replying' | 'left';

export interface PresenceUpdate {
  type: 'presence';
  ticketId: string;
  activity: PresenceActivity;
}

/** What the server pushes to connected inboxes. */
export type LiveMessage =
  | { type: 'ready' }
  | { type: 'ticketChanged'; change: TicketChanged }
  /** A notice was put in this person's notification centre: their bell reads its notices again. */
  | { type: 'notification'; ticketId: string }
  | { type: 'presence'; ticketId: string; userId: string; name: string; activity: PresenceActivity };

/**
 * What one connected inbox is sent about a ticket change: the change when its staff member may see the queue (or
 * the queue a move took it from, so the inbox drops it)
 * (without who was notified, which is each person's own, nor the contact and message ids its consumers read the
 * ticket by, which an inbox never uses), and a `notification` when the change left them a notice.
 */
export function liveMessagesOf(change: TicketChanged, principal: Principal): LiveMessage[] {
  const { notified, contactId: _contactId, messageIds: _messageIds, fromQueueId, ...shown } = change;
  // Those who saw it only in the queue it left are told too: their inbox reads it again, is refused, and drops it.
  const seen =
    canSeeQueue(principal, change.queueId) ||
    (fromQueueId !== undefined && canSeeQueue(principal, fromQueueId));
  return [
    ...(seen ? [{ type: 'ticketChanged' as const, change: shown }] : []),
    ...(notified?.includes(principal.userId)
      ? [{ type: 'notification' as const, ticketId: change.ticketId }]
      : []),
  ];
}

const ACTIVITIES: readonly PresenceActivity[] = ['viewing', 'replying', 'left'];

/** Reads a client's message; anything else is ignored rather than trusted. */
export function parsePresence(raw: string): PresenceUpdate | undefined {
  try {
    const value = JSON.parse(raw) as Partial<PresenceUpdate>;
    if (
      value?.type === 'presence' &&
      typeof value.ticketId === 'string' &&
      /^[0-9A-Z]{26}$/.test(value.ticketId) &&
      ACTIVITIES.includes(value.activity as PresenceActivity)
    )
      return { type: 'presence', ticketId: value.ticketId, activity: value.activity as PresenceActivity };
  } catch {
    // not JSON: ignored
  }
  return undefined;
}
