import { type Clock, systemClock } from '../../shared/ports/clock.ts';
import type { LiveConnectionStore, LivePusher } from '../../shared/use-cases/live-fanout.ts';
import { WebSocketApiPusher } from '../adapters/aws/websocket-pusher.ts';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { LiveConnectionRepository } from '../adapters/dynamodb/live-connection-repository.ts';
import { TicketRepository } from '../adapters/dynamodb/ticket-repository.ts';
import type { TokenVerifier } from './auth.ts';
import { cognitoVerifier, requiredEnv } from './dependencies.ts';

/** What the WebSocket API's functions need: connections, the management API, tickets and the token check. */
export interface RealtimeDependencies {
  connections: LiveConnectionStore;
  pusher: LivePusher;
  tickets: Pick<TicketRepository, 'getTicket'>;
  verifier: TokenVerifier;
  clock: Clock;
}

let realtime: RealtimeDependencies | undefined;

export function awsRealtimeDependencies(): RealtimeDependencies {
  if (realtime) return realtime;
  const db = createDocumentClient();
  const tableName = requiredEnv('TABLE_NAME');
  const tickets = new TicketRepository(db, tableName);
  realtime = {
    connections: new LiveConnectionRepository(db, tableName),
    pusher: WebSocketApiPusher.forEndpoint(requiredEnv('WEBSOCKET_ENDPOINT')),
    tickets,
    verifier: cognitoVerifier(tickets),
    clock: systemClock,
  };
  return realtime;
}
