import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SocietyProfile } from '../../../shared/domain/society-profile.ts';
import type { SocietyProfileStore } from '../../../shared/ports/society-profile.ts';
import { cachedRead, configurationChanged } from './config-cache.ts';
import { keys } from './keys.ts';

/**
 * The one society profile item, kept like the other configuration (it names the society in every message
 * sent, so it is read for most contacts and changes a few times a year).
 */
export class SocietyProfileRepository implements SocietyProfileStore {
  readonly getSocietyProfile: () => Promise<SocietyProfile | undefined>;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    cacheMs = 0,
  ) {
    this.getSocietyProfile = cachedRead(cacheMs, async () => {
      const result = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: keys.societyProfile() }),
      );
      return result.Item?.profile as SocietyProfile | undefined;
    });
  }

  async putSocietyProfile(profile: SocietyProfile): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.societyProfile(), entity: 'society-profile', profile },
      }),
    );
    configurationChanged();
  }
}
