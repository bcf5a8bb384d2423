import type { Server } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { WebSocket, WebSocketServer } from 'ws';
import type { StaffSession, TokenVerifier } from '../../functions/lib/auth.ts';
import { canSeeQueue } from '../../shared/domain/access-policy.ts';
import { type LiveMessage, liveMessagesOf, parsePresence } from '../../shared/domain/live-inbox.ts';
import type { Principal } from '../../shared/domain/staff.ts';
import type { Ticket } from '../../shared/domain/ticket.ts';
import type { LocalTicketEventBus } from './event-bus.ts';

interface LiveInboxOptions {
  verifier: TokenVerifier;
  store: { getTicket(ticketId: string): Promise<Ticket | undefined> };
  bus: LocalTicketEventBus;
}

/**
 * The live inbox in `npm start`: a WebSocket on `/ws` of the same server, as the WebSocket API is in AWS.
 * The browser cannot set headers on a WebSocket, so the id token comes as `?token=`, checked like any bearer.
 */
export function attachLiveInbox(server: Server, options: LiveInboxOptions): () => Promise<void> {
  const wss = new WebSocketServer({ server, path: '/ws' });
  const principals = new Map<WebSocket, Principal>();

  const sendTo = (queueId: string, message: LiveMessage, except?: WebSocket) => {
    const text = JSON.stringify(message);
    for (const [socket, principal] of principals) {
      if (socket !== except && socket.readyState === WebSocket.OPEN && canSeeQueue(principal, queueId))
        socket.send(text);
    }
  };

  wss.on('connection', async (socket, request) => {
    const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
    let session: StaffSession;
    try {
      session = await options.verifier.sessionOf({
        headers: { authorization: `Bearer ${token}` },
      } as unknown as APIGatewayProxyEventV2);
    } catch {
      socket.close(4401, 'unauthorized');
      return;
    }
    const { principal } = session;
    principals.set(socket, principal);
    // The socket lives no longer than its token: closed at expiry, the inbox signs in again.
    const expiry = setTimeout(
      () => {
        principals.delete(socket);
        socket.close(4401, 'token expired');
      },
      Math.max(0, session.expiresAt.getTime() - Date.now()),
    );
    socket.on('close', () => {
      clearTimeout(expiry);
      principals.delete(socket);
    });
    socket.on('message', async (data) => {
      const presence = parsePresence(data.toString());
      if (!presence) return;
      const ticket = await options.store.getTicket(presence.ticketId);
      if (!ticket || !canSeeQueue(principal, ticket.queueId)) return;
      sendTo(ticket.queueId, { ...presence, userId: principal.userId, name: principal.name }, socket);
    });
    socket.send(JSON.stringify({ type: 'ready' } satisfies LiveMessage));
  });

  const unsubscribe = options.bus.subscribe((change) => {
    for (const [socket, principal] of principals) {
      if (socket.readyState !== WebSocket.OPEN) continue;
      for (const message of liveMessagesOf(change, principal)) socket.send(JSON.stringify(message));
    }
  });
  return async () => {
    unsubscribe();
    for (const socket of principals.keys()) socket.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
}
