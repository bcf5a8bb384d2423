import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DeliveryStatus } from '../../../shared/domain/message.ts';
import { PUBLIC_LIMITS } from '../../../shared/domain/public-limits.ts';
import type {
  AutomaticMessage,
  OutboxAttempt,
  OutboxState,
  OutboxStatus,
  OutboxStatusReader,
  OutboxStore,
  TextBudget,
} from '../../../shared/ports/outbox.ts';
import { keys } from './keys.ts';
import { DynamoRateLimiter } from './rate-limiter.ts';
import { epochSeconds, TABLE_EXPIRY_ATTRIBUTE } from './table.ts';

/** A finished message is kept this long (what was sent, how often), then expires. */
const KEEP_FINISHED_DAYS = 90;

/**
 * Automatic messages: the intent item (put-if-absent) and, while pending, a pointer in one small partition.
 * The pointer is written first, so an intent is never left pending without one; a pointer left behind by a
 * finished message is removed when the drain finds it.
 */
export class OutboxRepository implements OutboxStore, OutboxStatusReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // Pattern: pending pointer (put), then the intent (conditional put).
  async record(message: AutomaticMessage): Promise<boolean> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.outboxPending(message.id), entity: 'outbox-pending', id: message.id },
      }),
    );
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.outboxMessage(message.id),
            entity: 'outbox',
            message,
            status: 'pending' satisfies OutboxStatus,
            attempts: 0,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  // Pattern: one attempt, a conditional update on a pending intent whose lease has run out.
  async claimAttempt(
    id: string,
    now: Date,
    leaseUntil: Date,
    takeOverLease = false,
  ): Promise<OutboxAttempt | undefined> {
    try {
      const result = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.outboxMessage(id),
          UpdateExpression: 'ADD attempts :one SET leaseUntil = :lease, lastAttemptAt = :now',
          ConditionExpression: takeOverLease
            ? '#status = :pending'
            : '#status = :pending AND (attribute_not_exists(leaseUntil) OR leaseUntil <= :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':lease': leaseUntil.toISOString(),
            ':now': now.toISOString(),
            ':pending': 'pending',
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const item = result.Attributes ?? {};
      return {
        message: item.message as AutomaticMessage,
        attempt: Number(item.attempts ?? 1),
        maybeSentBefore: typeof item.sendingAt === 'string',
      };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const current = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: keys.outboxMessage(id), ConsistentRead: true }),
      );
      // Done (or never recorded): its pointer has nothing left to point at.
      if (current.Item?.status !== 'pending') await this.dropPointer(id);
      return undefined;
    }
  }

  // Pattern: the intent's "sending" mark, an update.
  async markSending(id: string, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.outboxMessage(id),
        UpdateExpression: 'SET sendingAt = :at',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  // Pattern: finish an intent (update), then drop its pointer.
  async finish(
    id: string,
    status: Exclude<OutboxStatus, 'pending'>,
    at: string,
    reason?: string,
    messageId?: string,
  ) {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.outboxMessage(id),
        UpdateExpression:
          'SET #status = :status, finishedAt = :at, reason = :reason, messageId = :messageId, #expiresAt = :expires',
        ExpressionAttributeNames: { '#status': 'status', '#expiresAt': TABLE_EXPIRY_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':status': status,
          ':at': at,
          ':reason': reason ?? null,
          ':messageId': messageId ?? null,
          ':expires': epochSeconds(at) + KEEP_FINISHED_DAYS * 86_400,
        },
      }),
    );
    await this.dropPointer(id);
  }

  // Pattern: many intents by id, then the ticket messages the sent ones became (for their delivery reports),
  // each a BatchGet in pages of 100.
  async statusesOf(ids: string[]): Promise<Map<string, OutboxState>> {
    const intents = (await this.batchGet(
      [...new Set(ids)].map(keys.outboxMessage),
      'message.id, message.ticketId, #status, messageId',
      { '#status': 'status' },
    )) as { message: Pick<AutomaticMessage, 'id' | 'ticketId'>; status: OutboxStatus; messageId?: string }[];
    const sent = intents.filter((item) => typeof item.messageId === 'string');
    const messages = await this.batchGet(
      sent.map((item) => keys.message(item.message.ticketId, String(item.messageId))),
      'id, deliveryStatus',
    );
    const reported = new Map(
      messages.map((item) => [String(item.id), item.deliveryStatus as DeliveryStatus]),
    );
    const statuses = new Map<string, OutboxState>();
    for (const item of intents) {
      const deliveryStatus = item.messageId ? reported.get(item.messageId) : undefined;
      statuses.set(item.message.id, {
        status: item.status,
        ...(deliveryStatus && { deliveryStatus }),
      });
    }
    return statuses;
  }

  /** BatchGet in pages of 100, retrying what DynamoDB leaves unprocessed. */
  private async batchGet(
    keyList: Record<string, unknown>[],
    projection: string,
    names?: Record<string, string>,
  ): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    for (let start = 0; start < keyList.length; start += 100) {
      let pending = keyList.slice(start, start + 100);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= 8) throw new Error('BatchGet kept returning unprocessed keys');
        const result = await this.db.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: {
                Keys: pending,
                ProjectionExpression: projection,
                ...(names && { ExpressionAttributeNames: names }),
              },
            },
          }),
        );
        found.push(...(result.Responses?.[this.tableName] ?? []));
        pending = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return found;
  }

  // Pattern: the pending pointers, one Query of their partition.
  async pending(limit: number): Promise<string[]> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.outboxPending('').PK },
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => String(item.id));
  }

  private async dropPointer(id: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.outboxPending(id) }));
  }
}

/**
 * The day's count of automatic texts to unconfirmed numbers (an atomic ADD on one item per day), and each such
 * number's hour (the rate limiter's fixed window).
 */
export class DynamoTextBudget implements TextBudget {
  private readonly numberHours: DynamoRateLimiter;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.numberHours = new DynamoRateLimiter(db, tableName);
  }

  // Pattern: daily budget counter, atomic ADD.
  async spend(day: string, max: number): Promise<{ allowed: boolean; justExhausted: boolean }> {
    const result = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.textBudget(day),
        UpdateExpression: 'ADD texts :one SET entity = :entity, #expiresAt = :expires',
        ExpressionAttributeNames: { '#expiresAt': TABLE_EXPIRY_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':one': 1,
          ':entity': 'text-budget',
          ':expires': epochSeconds(`${day}T00:00:00Z`) + 3 * 86_400,
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const texts = Number(result.Attributes?.texts ?? 1);
    return { allowed: texts <= max, justExhausted: texts === max + 1 };
  }

  // Pattern: one number's hourly counter: the rate limiter's fixed window.
  async spendOnNumber(number: string, at: Date): Promise<boolean> {
    return (await this.numberHours.hit(PUBLIC_LIMITS.textsPerUnconfirmedNumber, number, at)).allowed;
  }
}
