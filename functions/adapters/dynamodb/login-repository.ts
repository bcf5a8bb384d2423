import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.ts';

/** A local sign-in: the password's hash, and whether it is a one-time one that must be changed first. */
export interface StoredLogin {
  userId: string;
  passwordHash: string;
  mustChangePassword: boolean;
}

/** The local identity provider's logins, by email (Cognito keeps these in AWS). */
export class LoginRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(email: string, login: StoredLogin): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.staffLogin(email), entity: 'login', ...login },
      }),
    );
  }

  /** Puts a new login; false when the email has one already. */
  async create(email: string, login: StoredLogin): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.staffLogin(email), entity: 'login', ...login },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async find(email: string): Promise<StoredLogin | undefined> {
    const { Item: item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.staffLogin(email) }),
    );
    if (!item) return undefined;
    return {
      userId: String(item.userId),
      passwordHash: String(item.passwordHash),
      mustChangePassword: item.mustChangePassword === true,
    };
  }

  async remove(email: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.staffLogin(email) }));
  }
}
