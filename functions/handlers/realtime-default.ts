import { relayPresence } from '../../shared/use-cases/live-fanout.ts';
import { type RealtimeDependencies, realtimeDependencies } from '../lib/realtime-dependencies.ts';
import { websocketFunction } from '../lib/websocket-function.ts';
import { onLambda } from '../platform/aws.ts';
import { awsLivePusher } from '../platform/aws-live.ts';

/** WebSocket `$default`: an inbox's presence ("viewing", "replying") relayed to colleagues of the queue. */
export const createRealtimeDefaultHandler = (getDeps: () => RealtimeDependencies) =>
  websocketFunction(getDeps, async (event, deps) => {
    await relayPresence(deps, event.requestContext.connectionId, event.body ?? '');
    return { statusCode: 200 };
  });

export const handler = createRealtimeDefaultHandler(onLambda(realtimeDependencies, awsLivePusher));
