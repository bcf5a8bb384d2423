import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { QuarantinedEmail, QuarantinePage, QuarantineStore } from '../../../shared/ports/quarantine.ts';
import { keys } from './keys.ts';
import { InvalidCursorError, strip } from './ticket-repository.ts';

/** Quarantined mail: one partition, sorted by arrival, read with a Query newest first. */
export class QuarantineRepository implements QuarantineStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putQuarantined(item: QuarantinedEmail): Promise<void> {
    // The same delivery has the same key, so a redelivery overwrites itself instead of adding a copy.
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.quarantinedEmail(item.receivedAt, item.id), entity: 'quarantinedEmail', ...item },
      }),
    );
  }

  // Pattern: quarantined mail for supervisors, newest first.
  async listQuarantined(options: { limit: number; cursor?: string }): Promise<QuarantinePage> {
    const after = decodeCursor(options.cursor);
    const pk = keys.quarantinedEmail('', '').PK;
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: after ? 'PK = :pk AND SK < :after' : 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk, ...(after ? { ':after': after } : {}) },
        ScanIndexForward: false,
        Limit: options.limit,
      }),
    );
    const readTo = result.LastEvaluatedKey?.SK;
    return {
      items: (result.Items ?? []).map((item) => strip<QuarantinedEmail>(item) as QuarantinedEmail),
      cursor: readTo ? Buffer.from(String(readTo)).toString('base64url') : undefined,
    };
  }
}

function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const sortKey = Buffer.from(cursor, 'base64url').toString('utf8');
  // The sort key is `<ISO time>#<id>`; anything else was not handed out by this list.
  if (!/^\d{4}-\d\d-\d\dT[\d:.]+Z#[0-9a-f]{32}$/.test(sortKey)) throw new InvalidCursorError();
  return sortKey;
}
