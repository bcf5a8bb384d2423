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
  OutboxEntry,
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
export const KEEP_FINISHED_DAYS = 90;

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
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: outboxPendingItem(message.id) }));
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: outboxEntryItem(message),
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
  claimAttempt(
    id: string,
    now: Date,
    leaseUntil: Date,
    takeOverLease = false,
  ): Promise<OutboxAttempt | undefined> {
    return claimOutboxAttempt(this.db, this.tableName, id, now, leaseUntil, takeOverLease);
  }

  // Pattern: the intent's "sending" mark, an update.
  markSending(id: string, at: string): Promise<void> {
    return markOutboxSending(this.db, this.tableName, id, at);
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
        ...outboxFinishUpdate(id, status, at, reason, messageId),
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
    await dropOutboxPointer(this.db, this.tableName, id);
  }
}

/** The pointer the drain finds a pending entry by: written before the entry or with it, never after. */
export const outboxPendingItem = (id: string) => ({
  ...keys.outboxPending(id),
  entity: 'outbox-pending',
  id,
});

/** An entry as recorded, pending; with `leaseUntil`, already held by the attempt that writes it. */
export function outboxEntryItem(entry: OutboxEntry, claim?: { now: Date; leaseUntil: Date }) {
  return {
    ...keys.outboxMessage(entry.id),
    entity: 'outbox',
    message: entry,
    status: 'pending' satisfies OutboxStatus,
    attempts: claim ? 1 : 0,
    ...(claim && { leaseUntil: claim.leaseUntil.toISOString(), lastAttemptAt: claim.now.toISOString() }),
  };
}

/** The update that finishes an entry (kept 90 days, then expiring); only one still pending, in a transaction. */
export function outboxFinishUpdate(
  id: string,
  status: Exclude<OutboxStatus, 'pending'>,
  at: string,
  reason?: string,
  messageId?: string,
) {
  return {
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
    } as Record<string, unknown>,
  };
}

export async function dropOutboxPointer(db: DynamoDBDocumentClient, tableName: string, id: string) {
  await db.send(new DeleteCommand({ TableName: tableName, Key: keys.outboxPending(id) }));
}

/** One entry by id and where it stands, read consistently. */
export async function readOutboxEntry(
  db: DynamoDBDocumentClient,
  tableName: string,
  id: string,
): Promise<{ entry: OutboxEntry; status: OutboxStatus } | undefined> {
  const result = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.outboxMessage(id), ConsistentRead: true }),
  );
  if (!result.Item) return undefined;
  return { entry: result.Item.message as OutboxEntry, status: result.Item.status as OutboxStatus };
}

/** One attempt: a conditional update on a pending entry whose lease has run out (or, `takeOverLease`, any). */
export async function claimOutboxAttempt(
  db: DynamoDBDocumentClient,
  tableName: string,
  id: string,
  now: Date,
  leaseUntil: Date,
  takeOverLease = false,
): Promise<OutboxAttempt | undefined> {
  try {
    const result = await db.send(
      new UpdateCommand({
        TableName: tableName,
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
      message: item.message as OutboxEntry,
      attempt: Number(item.attempts ?? 1),
      maybeSentBefore: typeof item.sendingAt === 'string',
    };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // Done (or never recorded): its pointer has nothing left to point at.
    if ((await readOutboxEntry(db, tableName, id))?.status !== 'pending')
      await dropOutboxPointer(db, tableName, id);
    return undefined;
  }
}

/** Notes, just before the provider call, that the entry's message may now have left. */
export async function markOutboxSending(
  db: DynamoDBDocumentClient,
  tableName: string,
  id: string,
  at: string,
): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.outboxMessage(id),
      UpdateExpression: 'SET sendingAt = :at',
      ExpressionAttributeValues: { ':at': at },
    }),
  );
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
