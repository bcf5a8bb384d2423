import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NoticeEmailMarks } from '../../../shared/ports/staff-notifier.ts';
import { keys } from './keys.ts';
import { epochSeconds, TABLE_EXPIRY_ATTRIBUTE } from './table.ts';

/** Kept well past any sweep that could tell the same notice again (one takes over minutes after another died). */
const KEEP_MS = 7 * 86_400_000;

/**
 * One small item per notice email: taken (a conditional put) before the email is sent, marked sent after, so a
 * sweep taking over from one that died sends only the emails that one had not sent.
 */
export class DynamoNoticeEmailMarks implements NoticeEmailMarks {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async take(userId: string, notificationId: string, at: string, takenSince: string): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.noticeEmail(userId, notificationId),
            entity: 'notice-email',
            takenAt: at,
            [TABLE_EXPIRY_ATTRIBUTE]: epochSeconds(new Date(Date.parse(at) + KEEP_MS)),
          },
          ConditionExpression:
            'attribute_not_exists(PK) OR (attribute_not_exists(sentAt) AND takenAt < :since)',
          ExpressionAttributeValues: { ':since': takenSince },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async sent(userId: string, notificationId: string, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.noticeEmail(userId, notificationId),
        UpdateExpression: 'SET sentAt = :at',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }
}
