import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Campaign, RegisteredBeneficiary } from '../../../shared/domain/announcement.ts';
import type { BeneficiaryRegistry, CampaignStore } from '../../../shared/ports/announcements.ts';
import { keys } from './keys.ts';
import { strip } from './table-access.ts';

/** Registered families (one partition, an item per family) and the announcements sent to them. */
export class AnnouncementRepository implements BeneficiaryRegistry, CampaignStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // Pattern: a family's registration, put (registered again: the latest registration replaces it).
  async putBeneficiary(beneficiary: RegisteredBeneficiary): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.registeredBeneficiary(beneficiary.contactId), entity: 'beneficiary', ...beneficiary },
      }),
    );
  }

  // Pattern: every registered family, a Query over their one partition, page by page.
  async listBeneficiaries(): Promise<RegisteredBeneficiary[]> {
    const found: RegisteredBeneficiary[] = [];
    let after: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.registeredBeneficiary('').PK },
          ExclusiveStartKey: after,
        }),
      );
      found.push(
        ...(page.Items ?? []).map((item) => strip<RegisteredBeneficiary>(item) as RegisteredBeneficiary),
      );
      after = page.LastEvaluatedKey;
    } while (after);
    return found;
  }

  // Pattern: the latest campaigns, one Query of their partition, newest first.
  async listCampaigns(limit: number): Promise<Campaign[]> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.campaign('').PK },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map((item) => strip<Campaign>(item) as Campaign);
  }

  // Pattern: a campaign by its id, put once.
  async putCampaign(campaign: Campaign): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.campaign(campaign.id), entity: 'campaign', ...campaign },
      }),
    );
  }
}
