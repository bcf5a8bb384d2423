import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StoppableChannel } from '../../../shared/domain/channel.ts';
import type { OptOutRecord, OptOutStore } from '../../../shared/ports/opt-outs.ts';
import { keys } from './keys.ts';

/** One item per address (`OPTOUT#sms#+966…`, `OPTOUT#telegram#<chat>`), so every sender asks with one GetItem. */
export class OptOutRepository implements OptOutStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // Pattern: the opt-out of one address, get (consistent: a STOP just received must hold for the next send).
  async get(channel: StoppableChannel, address: string): Promise<OptOutRecord | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.optOut(channel, address), ConsistentRead: true }),
    );
    const item = result.Item;
    if (!item) return undefined;
    return {
      channel,
      address,
      optedOut: item.optedOut === true,
      at: String(item.at),
      word: String(item.word ?? ''),
    };
  }

  // Pattern: the opt-out of one address, put unless this one or a newer one is recorded.
  async put(record: OptOutRecord): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.optOut(record.channel, record.address), entity: 'opt-out', ...record },
          ConditionExpression: 'attribute_not_exists(PK) OR #at < :at',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':at': record.at },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
