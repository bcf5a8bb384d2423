import { WebSocketApiPusher } from '../adapters/aws/websocket-pusher.ts';
import type { AwsParts } from './aws.ts';

/** Posting to open inbox connections through the WebSocket API: for the functions granted it. */
export const awsLivePusher: AwsParts = {
  livePusher: (settings) => WebSocketApiPusher.forEndpoint(settings.required('WEBSOCKET_CALLBACK_URL')),
};
