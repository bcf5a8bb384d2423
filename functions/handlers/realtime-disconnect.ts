import { awsRealtimeDependencies, type RealtimeDependencies } from '../lib/realtime-dependencies.ts';
import { websocketFunction } from '../lib/websocket-function.ts';

/** WebSocket `$disconnect`: the connection is forgotten. */
export const createRealtimeDisconnectHandler = (getDeps: () => RealtimeDependencies) =>
  websocketFunction(getDeps, async (event, deps) => {
    await deps.connections.deleteConnection(event.requestContext.connectionId);
    return { statusCode: 200 };
  });

export const handler = createRealtimeDisconnectHandler(awsRealtimeDependencies);
