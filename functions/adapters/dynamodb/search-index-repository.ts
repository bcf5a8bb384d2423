import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Ticket } from '../../../shared/domain/ticket.ts';
import type { SearchIndexStore } from '../../../shared/use-cases/search-index.ts';
import { keys } from './keys.ts';
import { TableAccess } from './table-access.ts';

/** The word index: `WORD#<word>` partitions holding one item per ticket; read by Query, never Scan. */
export class SearchIndexRepository extends TableAccess implements SearchIndexStore {
  async putTokens(ticket: Ticket, tokens: string[]): Promise<void> {
    const items = tokens.map((token) => ({
      ...keys.searchToken(token, ticket.id),
      entity: 'searchToken',
      ticketId: ticket.id,
      createdAt: ticket.createdAt,
    }));
    await this.batchPut(items);
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
