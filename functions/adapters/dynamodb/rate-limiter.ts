import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateDecision, RateLimit, RateLimiter } from '../../../shared/ports/rate-limiter.ts';
import { keys } from './keys.ts';
import { TABLE_EXPIRY_ATTRIBUTE } from './table.ts';

/** Fixed windows: one counter item per limit, key and window, incremented atomically and left to expire. */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // Pattern: rate-limit window counter, atomic ADD on one item per key and window.
  async hit(limit: RateLimit, key: string, at: Date): Promise<RateDecision> {
    const windowMs = limit.windowSeconds * 1000;
    const windowStart = Math.floor(at.getTime() / windowMs) * windowMs;
    const windowEnd = windowStart + windowMs;
    const result = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.rateWindow(limit.name, key, windowStart),
        UpdateExpression: 'ADD hits :one SET entity = :entity, #expiresAt = :expiresAt',
        ExpressionAttributeNames: { '#expiresAt': TABLE_EXPIRY_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':one': 1,
          ':entity': 'rateWindow',
          ':expiresAt': Math.ceil(windowEnd / 1000),
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const hits = Number(result.Attributes?.hits ?? 1);
    if (hits <= limit.max) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - at.getTime()) / 1000)) };
  }
}
