import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimit } from '../../../shared/domain/rate-limit.ts';
import type { RateDecision, RateLimiter } from '../../../shared/ports/rate-limiter.ts';
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
    const { windowStart, windowEnd } = windowOf(limit, at);
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

  async giveBack(limit: RateLimit, key: string, at: Date): Promise<void> {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.rateWindow(limit.name, key, windowOf(limit, at).windowStart),
          UpdateExpression: 'ADD hits :minusOne',
          // Only a window still held: a lapsed one is gone, and a new item must not start below zero.
          ConditionExpression: 'hits > :zero',
          ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }
}

function windowOf(limit: RateLimit, at: Date): { windowStart: number; windowEnd: number } {
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = Math.floor(at.getTime() / windowMs) * windowMs;
  return { windowStart, windowEnd: windowStart + windowMs };
}
