import middy from '@middy/core';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2, Context } from 'aws-lambda';
import { observability } from './observability.ts';
import type { RealtimeDependencies } from './realtime-dependencies.ts';

/** A WebSocket API route event; `$connect` also carries the query string the browser opened it with. */
export type WebSocketEvent = APIGatewayProxyWebsocketEventV2 & {
  queryStringParameters?: Record<string, string | undefined>;
};

export type WebSocketHandler = (event: WebSocketEvent, context: Context) => Promise<APIGatewayProxyResultV2>;

export function websocketFunction(
  getDeps: () => RealtimeDependencies,
  logic: (event: WebSocketEvent, deps: RealtimeDependencies) => Promise<APIGatewayProxyResultV2>,
): WebSocketHandler {
  return middy<WebSocketEvent, APIGatewayProxyResultV2>()
    .use(observability())
    .handler(async (event) => logic(event, getDeps()));
}
