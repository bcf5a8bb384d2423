import type { Server } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { WebSocket, WebSocketServer } from 'ws';
import type { StaffSession, TokenVerifier } from '../../functions/lib/auth.ts';
import { canSeeQueue } from '../../shared/domain/access-policy.ts';
import { type LiveMessage, liveMessagesOf, parsePresence } from '../../shared/domain/live-inbox.ts';
import type { Principal, StaffUser } from '../../shared/domain/staff.ts';
import type { Ticket } from '../../shared/domain/ticket.ts';
import { principalsNow } from '../../shared/use-cases/live-fanout.ts';
import type { LocalTicketEventBus } from './event-bus.ts';

interface LiveInboxOptions {
  verifier: TokenVerifier;
  store: {
    getTicket(ticketId: string): Promise<Ticket | undefined>;
    getStaffUser(userId: string): Promise<StaffUser | undefined>;
  };
  bus: LocalTicketEventBus;
}

/**
 * The live inbox in `npm start`: a WebSocket on `/ws` of the same server, as the WebSocket API is in AWS.
 * The browser cannot set headers on a WebSocket, so the id token comes as `?token=`, checked like any bearer.
 */
export function attachLiveInbox(server: Server, options: LiveInboxOptions): () => Promise<void> {
  const wss = new WebSocketServer({ server, path: '/ws' });
  const principals = new Map<WebSocket, Principal>();

  /**
   * The open sockets, each with its member's access as their record says now (as the verifier reads it for every
   * request); a disabled or removed member's socket is closed, and their inbox, reconnecting, is refused.
   */
  const current = async (): Promise<[WebSocket, Principal][]> => {
    const open = [...principals].filter(([socket]) => socket.readyState === WebSocket.OPEN);
    const now = await principalsNow(
      options.store,
      open.map(([, principal]) => principal),
    );
    return open.flatMap(([socket], index): [WebSocket, Principal][] => {
      const principal = now[index];
      if (principal) return [[socket, principal]];
      principals.delete(socket);
      socket.close(4403, 'access withdrawn');
      return [];
    });
  };

  const sendTo = async (queueId: string, message: LiveMessage, except?: WebSocket) => {
    const text = JSON.stringify(message);
    for (const [socket, principal] of await current()) {
      if (socket !== except && canSeeQueue(principal, queueId)) socket.send(text);
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
      try {
        const sender = (await current()).find(([open]) => open === socket)?.[1];
        const ticket = await options.store.getTicket(presence.ticketId);
        if (!sender || !ticket || !canSeeQueue(sender, ticket.queueId)) return;
        await sendTo(ticket.queueId, { ...presence, userId: sender.userId, name: sender.name }, socket);
      } catch (error) {
        console.error('Presence not relayed', error);
      }
    });
    socket.send(JSON.stringify({ type: 'ready' } satisfies LiveMessage));
  });

  // One change after another, in the bus's order, each to the members as they are now.
  let pushing = Promise.resolve();
  const unsubscribe = options.bus.subscribe((change) => {
    if (principals.size === 0) return;
    pushing = pushing
      .then(current)
      .then((sockets) => {
        for (const [socket, principal] of sockets)
          for (const message of liveMessagesOf(change, principal)) socket.send(JSON.stringify(message));
      })
      .catch((error: unknown) => console.error('Live change not pushed', error));
  });
  return async () => {
    unsubscribe();
    for (const socket of principals.keys()) socket.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
}
