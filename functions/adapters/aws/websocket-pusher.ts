import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { LiveMessage } from '../../../shared/domain/live-inbox.ts';
import type { LivePusher } from '../../../shared/ports/live-connections.ts';

/** Posts to connected inboxes through the WebSocket API's management endpoint. */
export class WebSocketApiPusher implements LivePusher {
  constructor(private readonly client: ApiGatewayManagementApiClient) {}

  static forEndpoint(endpoint: string): WebSocketApiPusher {
    return new WebSocketApiPusher(new ApiGatewayManagementApiClient({ endpoint }));
  }

  async post(connectionId: string, message: LiveMessage): Promise<'sent' | 'gone'> {
    try {
      await this.client.send(
        new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify(message) }),
      );
      return 'sent';
    } catch (error) {
      if (error instanceof GoneException) return 'gone';
      throw error;
    }
  }

  async disconnect(connectionId: string): Promise<void> {
    try {
      await this.client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    } catch (error) {
      // Already gone: nothing left to close.
      if (!(error instanceof GoneException)) throw error;
    }
  }
}
