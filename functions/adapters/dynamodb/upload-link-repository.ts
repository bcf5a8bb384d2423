import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { UploadLink } from '../../../shared/domain/upload-link.ts';
import type { UploadLinkStore } from '../../../shared/ports/upload-links.ts';
import { keys } from './keys.ts';
import { epochSeconds, TABLE_EXPIRY_ATTRIBUTE } from './table.ts';

/** Kept a month past its end, so an old link is answered "expired", not "unknown". */
const KEPT_AFTER_EXPIRY_SECONDS = 30 * 86_400;

/** DynamoDB adapter for the applicants' upload links: one small item each, by its token's hash. */
export class UploadLinkRepository implements UploadLinkStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putUploadLink(link: UploadLink): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.uploadLink(link.tokenHash),
          entity: 'upload-link',
          ...link,
          [TABLE_EXPIRY_ATTRIBUTE]: epochSeconds(link.validUntil) + KEPT_AFTER_EXPIRY_SECONDS,
        },
      }),
    );
  }

  // Consistent: a link just used must be seen as used.
  async getUploadLink(tokenHash: string): Promise<UploadLink | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.uploadLink(tokenHash), ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    const { PK: _pk, SK: _sk, entity: _entity, [TABLE_EXPIRY_ATTRIBUTE]: _expires, ...link } = result.Item;
    return link as UploadLink;
  }

  // Pattern: single use, a conditional update that only an unused, unexpired link accepts.
  async claimUploadLink(tokenHash: string, now: Date): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.uploadLink(tokenHash),
          UpdateExpression: 'SET usedAt = :now',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(usedAt) AND validUntil > :now',
          ExpressionAttributeValues: { ':now': now.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async releaseUploadLink(tokenHash: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.uploadLink(tokenHash),
        UpdateExpression: 'REMOVE usedAt',
        ConditionExpression: 'attribute_exists(PK)',
      }),
    );
  }
}
