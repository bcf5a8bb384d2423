import { canSeeQueue } from '../domain/access-policy.ts';
import { type LiveMessage, liveMessagesOf, parsePresence } from '../domain/live-inbox.ts';
import type { Principal } from '../domain/staff.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { Clock } from '../ports/clock.ts';
import type { TicketChanged } from '../ports/events.ts';

/** A connected inbox and who signed in on it, as recorded when it connected. */
export interface LiveConnection {
  connectionId: string;
  principal: Principal;
  connectedAt: string;
  /** When the token it connected with expires: from then on it gets nothing and is closed. */
  tokenExpiresAt?: string;
}

export interface LiveConnectionStore {
  putConnection(connection: LiveConnection): Promise<void>;
  getConnection(connectionId: string): Promise<LiveConnection | undefined>;
  deleteConnection(connectionId: string): Promise<void>;
  listConnections(): Promise<LiveConnection[]>;
}

/** Posts to one connected inbox; `gone` when the client went away without a disconnect. */
export interface LivePusher {
  post(connectionId: string, message: LiveMessage): Promise<'sent' | 'gone'>;
  /** Closes the client's socket (it signs in again with a fresh token). */
  disconnect(connectionId: string): Promise<void>;
}

export interface LiveDeps {
  connections: LiveConnectionStore;
  pusher: LivePusher;
  clock: Clock;
}

/** A connection whose token has expired: it must not receive anything more. */
export function hasExpired(connection: LiveConnection, now: Date): boolean {
  return connection.tokenExpiresAt !== undefined && Date.parse(connection.tokenExpiresAt) <= now.getTime();
}

/** Closes and forgets connections whose token expired; returns those still good. */
async function liveConnections(deps: LiveDeps): Promise<LiveConnection[]> {
  const now = deps.clock.now();
  const all = await deps.connections.listConnections();
  const expired = all.filter((connection) => hasExpired(connection, now));
  await Promise.all(
    expired.map(async (connection) => {
      await deps.pusher.disconnect(connection.connectionId);
      await deps.connections.deleteConnection(connection.connectionId);
    }),
  );
  return all.filter((connection) => !hasExpired(connection, now));
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
  const sender = await deps.connections.getConnection(connectionId);
  if (!presence || !sender || hasExpired(sender, deps.clock.now())) return 0;
  const ticket = await deps.tickets.getTicket(presence.ticketId);
  if (!ticket || !canSeeQueue(sender.principal, ticket.queueId)) return 0;
  const message: LiveMessage = { ...presence, userId: sender.principal.userId, name: sender.principal.name };
  return sendToEach(deps, (connection) =>
    connection.connectionId !== connectionId && canSeeQueue(connection.principal, ticket.queueId)
      ? [message]
      : [],
  );
}
