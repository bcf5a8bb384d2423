import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LiveConnection, LiveConnectionStore } from '../../../shared/ports/live-connections.ts';
import { keys } from './keys.ts';
import { TableAccess } from './table-access.ts';

/** API Gateway closes a WebSocket after two hours; a connection item outlives it by a little, then TTL removes it. */
const CONNECTION_LIFETIME_SECONDS = 2 * 3600 + 600;

export class LiveConnectionRepository extends TableAccess implements LiveConnectionStore {
  async putConnection(connection: LiveConnection): Promise<void> {
    const expiresAt = Math.floor(Date.parse(connection.connectedAt) / 1000) + CONNECTION_LIFETIME_SECONDS;
    // The token's expiry is kept with the connection: the push skips and deletes it once passed.
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.liveConnection(connection.connectionId),
          entity: 'liveConnection',
          ...connection,
          expiresAt,
        },
      }),
    );
  }

  async getConnection(connectionId: string): Promise<LiveConnection | undefined> {
    const item = await this.get(keys.liveConnection(connectionId));
    return item ? toConnection(item) : undefined;
  }

  async deleteConnection(connectionId: string): Promise<void> {
    await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.liveConnection(connectionId) }),
    );
  }

  // Pattern: everyone online, one Query of one partition (a society's staff, not its beneficiaries).
  async listConnections(): Promise<LiveConnection[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.liveConnection('').PK },
    });
    return items.map(toConnection);
  }
}

function toConnection(item: Record<string, unknown>): LiveConnection {
  return {
    connectionId: String(item.connectionId),
    principal: item.principal as LiveConnection['principal'],
    connectedAt: String(item.connectedAt),
    ...(typeof item.tokenExpiresAt === 'string' && { tokenExpiresAt: item.tokenExpiresAt }),
  };
}
