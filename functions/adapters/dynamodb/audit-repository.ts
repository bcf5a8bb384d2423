import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, AuditLog } from '../../../shared/ports/audit-log.ts';
import { keys } from './keys.ts';
import { strip } from './table-access.ts';

/** Setting changes: one partition sorted by time, so the audit page is one Query newest first. */
export class AuditRepository implements AuditLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.auditEntry(entry.at, entry.id), entity: 'auditEntry', ...entry },
      }),
    );
  }

  // Pattern: the audit of settings for admins, newest first.
  async list(limit: number): Promise<AuditEntry[]> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.auditEntry('', '').PK },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => strip<AuditEntry>(item) as AuditEntry);
  }
}
