import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Ticket } from '../../../shared/domain/ticket.ts';
import type { SearchIndexStore } from '../../../shared/use-cases/search-index.ts';
import { keys } from './keys.ts';

const BATCH_WRITE_LIMIT = 25;

/** The word index: `WORD#<word>` partitions holding one item per ticket; read by Query, never Scan. */
export class SearchIndexRepository implements SearchIndexStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putTokens(ticket: Ticket, tokens: string[]): Promise<void> {
    const items = tokens.map((token) => ({
      ...keys.searchToken(token, ticket.id),
      entity: 'searchToken',
      ticketId: ticket.id,
      createdAt: ticket.createdAt,
    }));
    for (let start = 0; start < items.length; start += BATCH_WRITE_LIMIT) {
      let pending: Record<string, unknown>[] = items
        .slice(start, start + BATCH_WRITE_LIMIT)
        .map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= 8) throw new Error('BatchWrite kept returning unprocessed search words');
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
        const result = await this.db.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }),
        );
        pending = (result.UnprocessedItems?.[this.tableName] ?? []) as Record<string, unknown>[];
      }
    }
  }

  // Pattern: tickets by a word of the contact's name or the subject; ULID ids sort newest last.
  async ticketIdsFor(token: string, limit: number): Promise<string[]> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.searchToken(token, '').PK },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => String(item.ticketId));
  }
}
