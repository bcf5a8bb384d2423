import { canSeeQueue } from '../domain/access-policy.ts';
import { type LiveMessage, liveMessagesOf, parsePresence } from '../domain/live-inbox.ts';
import { currentAccess, type Principal, type StaffUser } from '../domain/staff.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { TicketChanged } from '../domain/ticket-change.ts';
import type { Clock } from '../ports/clock.ts';
import type { LiveConnection, LiveConnectionStore, LivePusher } from '../ports/live-connections.ts';

export interface LiveDeps {
  connections: LiveConnectionStore;
  pusher: LivePusher;
  clock: Clock;
  /** Who each connected member is now, so access an admin changed or removed since they connected applies. */
  staff: { getStaffUser(userId: string): Promise<StaffUser | undefined> };
}

/** A connection whose token has expired: it must not receive anything more. */
export function hasExpired(connection: LiveConnection, now: Date): boolean {
  return connection.tokenExpiresAt !== undefined && Date.parse(connection.tokenExpiresAt) <= now.getTime();
}

/**
 * Connections still good, each with its member's access as their record says now; those whose token expired, or
 * whose member is disabled or gone, are closed and forgotten.
 */
async function liveConnections(deps: LiveDeps): Promise<LiveConnection[]> {
  const now = deps.clock.now();
  const all = await deps.connections.listConnections();
  const principals = await principalsNow(
    deps.staff,
    all.map((connection) => connection.principal),
  );
  const good: LiveConnection[] = [];
  const closing: LiveConnection[] = [];
  for (const [index, connection] of all.entries()) {
    const principal = principals[index];
    if (principal && !hasExpired(connection, now)) good.push({ ...connection, principal });
    else closing.push(connection);
  }
  await Promise.all(
    closing.map(async (connection) => {
      await deps.pusher.disconnect(connection.connectionId);
      await deps.connections.deleteConnection(connection.connectionId);
    }),
  );
  return good;
}

/**
 * Connected members as their records say now (one read per member, however many inboxes they have open):
 * undefined for one disabled or gone. The AWS push and `npm start`'s live inbox both ask this before sending.
 */
export async function principalsNow(
  staff: LiveDeps['staff'],
  principals: readonly Principal[],
): Promise<(Principal | undefined)[]> {
  const ids = [...new Set(principals.map((principal) => principal.userId))];
  const members = await Promise.all(ids.map((id) => staff.getStaffUser(id)));
  const current = new Map(
    members.flatMap((member) => (member && !member.disabled ? [[member.id, member] as const] : [])),
  );
  return principals.map((principal) => {
    const member = current.get(principal.userId);
    return member && { ...principal, ...currentAccess(principal.roles, member) };
  });
}

/** Sends each connection what `messagesFor` gives it; connections found gone are forgotten. Counts the posts. */
async function sendToEach(
  deps: LiveDeps,
  messagesFor: (connection: LiveConnection) => LiveMessage[],
): Promise<number> {
  const connections = await liveConnections(deps);
  const counts = await Promise.all(
    connections.map(async (connection) => {
      let sent = 0;
      for (const message of messagesFor(connection)) {
        if ((await deps.pusher.post(connection.connectionId, message)) === 'gone') {
          await deps.connections.deleteConnection(connection.connectionId);
          break;
        }
        sent += 1;
      }
      return sent;
    }),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

/**
 * "Ticket changed" reaches the inboxes of staff who may see the ticket's queue, and no one else; "a notice for
 * you" reaches only the inboxes of those the change notified.
 */
export function pushTicketChange(deps: LiveDeps, change: TicketChanged): Promise<number> {
  return sendToEach(deps, (connection) => liveMessagesOf(change, connection.principal));
}

/** An inbox says it is viewing or replying on a ticket; the other staff of the ticket's queue are told. */
export async function relayPresence(
  deps: LiveDeps & { tickets: { getTicket(ticketId: string): Promise<Ticket | undefined> } },
  connectionId: string,
  body: string,
): Promise<number> {
  const presence = parsePresence(body);
  const connection = await deps.connections.getConnection(connectionId);
  if (!presence || !connection || hasExpired(connection, deps.clock.now())) return 0;
  const [sender] = await principalsNow(deps.staff, [connection.principal]);
  if (!sender) return 0;
  const ticket = await deps.tickets.getTicket(presence.ticketId);
  if (!ticket || !canSeeQueue(sender, ticket.queueId)) return 0;
  const message: LiveMessage = { ...presence, userId: sender.userId, name: sender.name };
  return sendToEach(deps, (connection) =>
    connection.connectionId !== connectionId && canSeeQueue(connection.principal, ticket.queueId)
      ? [message]
      : [],
  );
}
