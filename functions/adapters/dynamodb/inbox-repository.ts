import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Identity } from '../../../shared/domain/identity.ts';
import type { TicketNarrowing } from '../../../shared/domain/ticket-narrowing.ts';
import type { InboxStore } from '../../../shared/ports/inbox-store.ts';
import { assigneePartition, keys } from './keys.ts';
import { narrowingFilter } from './narrowing-filter.ts';
import { InvalidCursorError } from './page-cursor.ts';
import { rowOf } from './table-access.ts';

/** The inbox's extra read patterns (my tickets, contact by identity); every one a Query or a GetItem. */
export class InboxRepository implements InboxStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // Pattern: "my tickets" — the byAssignee index, newest activity first, narrowed like the queue view.
  async listAssigned(userId: string, limit: number, cursor?: string, narrowing?: TicketNarrowing) {
    const after = decodeAssignedCursor(cursor);
    const filter = narrowingFilter(narrowing);
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byAssignee',
        KeyConditionExpression: after ? 'GSI2PK = :pk AND GSI2SK < :after' : 'GSI2PK = :pk',
        FilterExpression: filter.FilterExpression,
        ExpressionAttributeNames: filter.ExpressionAttributeNames,
        ExpressionAttributeValues: {
          ':pk': assigneePartition(userId),
          ...(after ? { ':after': after } : {}),
          ...filter.ExpressionAttributeValues,
        },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    const items = result.Items ?? [];
    // The next page starts where the read stopped, past rows the filter dropped.
    const readTo = result.LastEvaluatedKey?.GSI2SK;
    return {
      tickets: items.map(rowOf),
      cursor: readTo ? Buffer.from(String(readTo)).toString('base64url') : undefined,
    };
  }

  // Pattern: contact by identity (phone, email, national id).
  async contactIdOf(identity: Identity): Promise<string | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.identity(identity) }),
    );
    return typeof result.Item?.contactId === 'string' ? result.Item.contactId : undefined;
  }
}

function decodeAssignedCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const sortKey = Buffer.from(cursor, 'base64url').toString('utf8');
  // The byAssignee sort key is `<ISO time>#<ULID>`; anything else was not handed out by this list.
  if (!/^\d{4}-\d\d-\d\dT[\d:.]+Z#[0-9A-Z]{26}$/.test(sortKey)) throw new InvalidCursorError();
  return sortKey;
}
