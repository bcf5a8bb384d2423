import { type LiveMessage, parsePresence } from '../domain/live-inbox.ts';
import { canSeeQueue, type Principal } from '../domain/staff.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { TicketChanged } from '../ports/events.ts';

/** A connected inbox and who signed in on it, as recorded when it connected. */
export interface LiveConnection {
  connectionId: string;
  principal: Principal;
  connectedAt: string;
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
}

export interface LiveDeps {
  connections: LiveConnectionStore;
  pusher: LivePusher;
}

/** Sends to every connection whose staff member may see the queue; connections found gone are forgotten. */
async function sendToQueue(deps: LiveDeps, queueId: string, message: LiveMessage, except?: string) {
  const connections = (await deps.connections.listConnections()).filter(
    (connection) => connection.connectionId !== except && canSeeQueue(connection.principal, queueId),
  );
  const results = await Promise.all(
    connections.map(async (connection) => ({
      connection,
      result: await deps.pusher.post(connection.connectionId, message),
    })),
  );
  await Promise.all(
    results
      .filter(({ result }) => result === 'gone')
      .map(({ connection }) => deps.connections.deleteConnection(connection.connectionId)),
  );
  return results.filter(({ result }) => result === 'sent').length;
}

/** "Ticket changed" reaches the inboxes of staff who may see the ticket's queue, and no one else. */
export function pushTicketChange(deps: LiveDeps, change: TicketChanged): Promise<number> {
  return sendToQueue(deps, change.queueId, { type: 'ticketChanged', change });
}

/** An inbox says it is viewing or replying on a ticket; the other staff of the ticket's queue are told. */
export async function relayPresence(
  deps: LiveDeps & { tickets: { getTicket(ticketId: string): Promise<Ticket | undefined> } },
  connectionId: string,
  body: string,
): Promise<number> {
  const presence = parsePresence(body);
  const sender = await deps.connections.getConnection(connectionId);
  if (!presence || !sender) return 0;
  const ticket = await deps.tickets.getTicket(presence.ticketId);
  if (!ticket || !canSeeQueue(sender.principal, ticket.queueId)) return 0;
  return sendToQueue(
    deps,
    ticket.queueId,
    { ...presence, userId: sender.principal.userId, name: sender.principal.name },
    connectionId,
  );
}
