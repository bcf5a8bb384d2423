import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RecordAttempts } from '../../../shared/ports/record-attempts.ts';
import { keys } from './keys.ts';
import { epochSeconds, TABLE_EXPIRY_ATTRIBUTE } from './table.ts';

/** Longer than a stream keeps a record (24 h), so the count lasts as long as the record can be redelivered. */
const LIFETIME_MS = 2 * 86_400_000;

/** One small expiring counter item per failing record; records that succeed never write one. */
export class RecordAttemptsRepository implements RecordAttempts {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async failed(consumer: string, recordId: string): Promise<number> {
    const result = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.streamAttempts(consumer, recordId),
        UpdateExpression: 'ADD attempts :one SET #entity = :entity, #expires = :expires',
        ExpressionAttributeNames: { '#entity': 'entity', '#expires': TABLE_EXPIRY_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':one': 1,
          ':entity': 'stream-attempts',
          ':expires': epochSeconds(new Date(this.now().getTime() + LIFETIME_MS)),
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.attempts ?? 1);
  }
}
