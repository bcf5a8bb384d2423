import type { Clock } from '../../shared/ports/clock.ts';
import type { LiveConnectionStore, LivePusher } from '../../shared/ports/live-connections.ts';
import type { TicketRepository } from '../adapters/dynamodb/ticket-repository.ts';
import { builtOnFirstUse, type Platform } from '../platform/platform.ts';
import type { TokenVerifier } from './auth.ts';
import { buildDependencies } from './dependencies.ts';
import { livePart } from './dependency-parts.ts';

/** What the WebSocket API's functions need: connections, the management API, tickets and the token check. */
export interface RealtimeDependencies {
  connections: LiveConnectionStore;
  pusher: LivePusher;
  tickets: Pick<TicketRepository, 'getTicket'>;
  staff: Pick<TicketRepository, 'getStaffUser'>;
  verifier: TokenVerifier;
  clock: Clock;
}

/** The realtime functions' view of the dependencies; only the push functions reach the management API. */
export function realtimeDependencies(platform: Platform): RealtimeDependencies {
  const deps = buildDependencies(platform, livePart);
  return builtOnFirstUse<RealtimeDependencies>({
    connections: () => deps.connections,
    pusher: () => deps.pusher,
    tickets: () => deps.store,
    staff: () => deps.store,
    verifier: () => deps.verifier,
    clock: () => deps.clock,
  });
}
