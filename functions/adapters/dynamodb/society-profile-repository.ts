import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SocietyProfile } from '../../../shared/domain/society-profile.ts';
import type { SocietyProfileStore } from '../../../shared/ports/society-profile.ts';
import { keys } from './keys.ts';

/** The one society profile item. */
export class SocietyProfileRepository implements SocietyProfileStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getSocietyProfile(): Promise<SocietyProfile | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.societyProfile() }),
    );
    return result.Item?.profile as SocietyProfile | undefined;
  }

  async putSocietyProfile(profile: SocietyProfile): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.societyProfile(), entity: 'society-profile', profile },
      }),
    );
  }
}
