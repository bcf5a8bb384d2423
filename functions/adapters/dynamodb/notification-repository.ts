import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NotificationStore, StaffNotification } from '../../../shared/ports/notifications.ts';
import { keys } from './keys.ts';
import { TABLE_EXPIRY_ATTRIBUTE } from './table.ts';
import { strip } from './table-access.ts';

/** Notices kept 90 days: the centre is for what needs doing now, the ticket keeps its own history. */
const KEEP_SECONDS = 90 * 24 * 3600;

export class NotificationRepository implements NotificationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(notifications: StaffNotification[]): Promise<void> {
    for (const notification of notifications) {
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...keys.staffNotification(notification.userId, notification.id),
              entity: 'notification',
              ...notification,
              [TABLE_EXPIRY_ATTRIBUTE]: Math.floor(Date.parse(notification.at) / 1000) + KEEP_SECONDS,
            },
            // Told again (a sweep taking over from one that died): the notice there stays, read if it was read.
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }

  // Pattern: one person's notification centre, newest first.
  async listFor(userId: string, limit: number): Promise<StaffNotification[]> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.staffNotification(userId, '').PK },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => {
      const { [TABLE_EXPIRY_ATTRIBUTE]: _expiry, ...notification } = item;
      return strip<StaffNotification>(notification) as StaffNotification;
    });
  }

  async markRead(userId: string, notificationId: string, at: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.staffNotification(userId, notificationId),
          UpdateExpression: 'SET readAt = if_not_exists(readAt, :at)',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
