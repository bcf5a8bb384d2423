import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  AttemptBudget,
  CodeAttempt,
  CodeElsewhere,
  StatusCode,
  StatusCodeStore,
} from '../../../shared/ports/status-codes.ts';
import { keys } from './keys.ts';
import { epochSeconds, TABLE_EXPIRY_ATTRIBUTE } from './table.ts';

/** A count of attempts still under its limit (codes kept before the unnamed count have none yet). */
const UNDER_BUDGET = '(attribute_not_exists(#budget) OR #budget < :max)';

/** One-time status codes, one item per reference; single use and attempt counting by conditional writes. */
export class DynamoStatusCodeStore implements StatusCodeStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // Pattern: status code of a reference, put (replacing the earlier one).
  async put(code: StatusCode, options: { first?: boolean } = {}): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.statusCode(code.reference),
            entity: 'statusCode',
            ...code,
            [TABLE_EXPIRY_ATTRIBUTE]: epochSeconds(code.validUntil),
          },
          ...(options.first && { ConditionExpression: 'attribute_not_exists(PK)' }),
        }),
      );
      return true;
    } catch (error) {
      if (options.first && error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  // Pattern: status code of a reference, get.
  async get(reference: string): Promise<StatusCode | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.statusCode(reference), ConsistentRead: true }),
    );
    const item = result.Item;
    if (!item) return undefined;
    return {
      reference: String(item.reference),
      codeHash: String(item.codeHash),
      createdAt: String(item.createdAt),
      validUntil: String(item.validUntil),
      attempts: Number(item.attempts ?? 0),
      unnamedAttempts: Number(item.unnamedAttempts ?? 0),
      phoneHash: typeof item.phoneHash === 'string' ? item.phoneHash : undefined,
      usedAt: typeof item.usedAt === 'string' ? item.usedAt : undefined,
    };
  }

  // Pattern: status code of a reference, count a wrong attempt (conditional on unused and under the limit).
  async countWrongAttempt(
    reference: string,
    codeHash: string,
    maxAttempts: number,
    budget: AttemptBudget,
  ): Promise<CodeAttempt> {
    try {
      const result = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.statusCode(reference),
          UpdateExpression: 'ADD #budget :one',
          ConditionExpression: `codeHash = :hash AND attribute_not_exists(usedAt) AND ${UNDER_BUDGET}`,
          ExpressionAttributeNames: { '#budget': budget },
          ExpressionAttributeValues: { ':one': 1, ':hash': codeHash, ':max': maxAttempts },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return { outcome: 'counted', attempts: Number(result.Attributes?.[budget] ?? maxAttempts) };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { outcome: 'unavailable' };
      throw error;
    }
  }

  // Pattern: status code of a reference, what stands for it for another phone (get, put, count an attempt).
  async getElsewhere(reference: string, phoneHash: string): Promise<CodeElsewhere | undefined> {
    const result = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.statusCodeElsewhere(reference, phoneHash),
        ConsistentRead: true,
      }),
    );
    const item = result.Item;
    return item && { attempts: Number(item.attempts ?? 0), validUntil: String(item.validUntil) };
  }

  async putElsewhere(reference: string, phoneHash: string, validUntil: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.statusCodeElsewhere(reference, phoneHash),
          entity: 'statusCodeElsewhere',
          attempts: 0,
          validUntil,
          [TABLE_EXPIRY_ATTRIBUTE]: epochSeconds(validUntil),
        },
      }),
    );
  }

  async countAttemptElsewhere(
    reference: string,
    phoneHash: string,
    validUntil: string,
    maxAttempts: number,
  ): Promise<CodeAttempt> {
    try {
      const result = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.statusCodeElsewhere(reference, phoneHash),
          UpdateExpression:
            'ADD attempts :one SET entity = :entity, validUntil = if_not_exists(validUntil, :validUntil), #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
          ConditionExpression: 'attribute_not_exists(attempts) OR attempts < :max',
          ExpressionAttributeNames: { '#expiresAt': TABLE_EXPIRY_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':one': 1,
            ':max': maxAttempts,
            ':entity': 'statusCodeElsewhere',
            ':validUntil': validUntil,
            ':expiresAt': epochSeconds(validUntil),
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return { outcome: 'counted', attempts: Number(result.Attributes?.attempts ?? maxAttempts) };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { outcome: 'unavailable' };
      throw error;
    }
  }

  // Pattern: status code of a reference, use once (conditional on unused and under the limit).
  async use(
    reference: string,
    codeHash: string,
    maxAttempts: number,
    at: string,
    budget: AttemptBudget,
  ): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.statusCode(reference),
          UpdateExpression: 'SET usedAt = :at',
          ConditionExpression: `codeHash = :hash AND attribute_not_exists(usedAt) AND ${UNDER_BUDGET}`,
          ExpressionAttributeNames: { '#budget': budget },
          ExpressionAttributeValues: { ':at': at, ':hash': codeHash, ':max': maxAttempts },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
