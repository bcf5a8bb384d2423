import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Ticket } from '../../../shared/domain/ticket.ts';
import type { SearchIndexStore } from '../../../shared/ports/search-index.ts';
import { keys } from './keys.ts';
import { TableAccess } from './table-access.ts';

/** The word index: `WORD#<word>` partitions holding one item per ticket; read by Query, never Scan. */
export class SearchIndexRepository extends TableAccess implements SearchIndexStore {
  async putTokens(ticket: Ticket, tokens: string[], header?: string[]): Promise<void> {
    await this.batchPut([
      ...tokens.map((token) => ({
        ...keys.searchToken(token, ticket.id),
        entity: 'searchToken',
        ticketId: ticket.id,
        createdAt: ticket.createdAt,
      })),
      ...(header ? [{ ...keys.searchHeader(ticket.id), entity: 'searchHeader', words: header }] : []),
    ]);
  }

  async indexedHeader(ticketId: string): Promise<string[] | undefined> {
    const item = await this.get(keys.searchHeader(ticketId));
    return Array.isArray(item?.words) ? item.words.map(String) : undefined;
  }

  // Pattern: tickets by a word of the name, subject or thread, a page at a time; ULID ids sort newest last.
  async ticketIdsFor(token: string, limit: number, before?: string): Promise<string[]> {
    const { PK } = keys.searchToken(token, '');
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: before ? 'PK = :pk AND SK < :before' : 'PK = :pk',
        ExpressionAttributeValues: {
          ':pk': PK,
          ...(before ? { ':before': keys.searchToken(token, before).SK } : {}),
        },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => String(item.ticketId));
  }

  // Pattern: whether tickets hold a further word of the search, by key.
  async indexedUnder(token: string, ticketIds: string[]): Promise<Set<string>> {
    const items = await this.batchGet(ticketIds.map((ticketId) => keys.searchToken(token, ticketId)));
    return new Set(items.map((item) => String(item.ticketId)));
  }
}
