import { type RealtimeDependencies, realtimeDependencies } from '../lib/realtime-dependencies.ts';
import { websocketFunction } from '../lib/websocket-function.ts';
import { onLambda } from '../platform/aws.ts';

/** WebSocket `$disconnect`: the connection is forgotten. */
export const createRealtimeDisconnectHandler = (getDeps: () => RealtimeDependencies) =>
  websocketFunction(getDeps, async (event, deps) => {
    await deps.connections.deleteConnection(event.requestContext.connectionId);
    return { statusCode: 200 };
  });

export const handler = createRealtimeDisconnectHandler(onLambda(realtimeDependencies));
