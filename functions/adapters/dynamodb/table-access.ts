import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

import type { Ticket } from '../../../shared/domain/ticket.ts';
import { type SlaBadge, type TicketRow, ticketRow } from '../../../shared/domain/ticket-row.ts';

export type Item = Record<string, unknown>;
export type Key = { PK: string; SK: string };

const BATCH_WRITE_LIMIT = 25;
const BATCH_GET_LIMIT = 100;
export const MAX_BATCH_ATTEMPTS = 8;

/** The table plumbing every repository shares: reads, paged queries and batches that retry unprocessed items. */
export class TableAccess {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
    /** The id of the request or message being handled, stamped on ticket items for the stream's consumers. */
    protected readonly correlationIdNow: () => string | undefined = () => undefined,
  ) {}

  protected async get(key: Key, consistent = false): Promise<Item | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: consistent }),
    );
    return result.Item;
  }

  /** Every page of a Query on the table, one request a page. */
  protected async *queryPages(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: startKey }),
      );
      yield page;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  protected async queryAll(
    input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  ): Promise<Item[]> {
    const items: Item[] = [];
    for await (const page of this.queryPages(input)) items.push(...(page.Items ?? []));
    return items;
  }

  protected batchGet(keyList: Key[]): Promise<Item[]> {
    return batchGet(this.db, this.tableName, keyList, true);
  }

  /** The items a keys-only index's page names, in its order (see TABLE_INDEXES). */
  protected itemsNamedBy(indexItems: Item[]): Promise<Item[]> {
    return itemsNamedBy(this.db, this.tableName, indexItems);
  }

  /** Puts every item, retrying what DynamoDB leaves unprocessed; giving up is an error, never silence. */
  protected async batchPut(items: Item[]): Promise<void> {
    for (let start = 0; start < items.length; start += BATCH_WRITE_LIMIT) {
      let pending = items.slice(start, start + BATCH_WRITE_LIMIT).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= MAX_BATCH_ATTEMPTS) throw new Error('BatchWrite kept returning unprocessed items');
        const result = await this.db.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }),
        );
        pending = (result.UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
        if (pending.length > 0) await backoff(attempt);
      }
    }
  }
}

const STORAGE_ATTRIBUTES = new Set([
  // The request that last wrote a ticket item: the table stream's consumers log and publish under it.
  'correlationId',
  'PK',
  'SK',
  'entity',
  'version',
  'deliveryRank',
  // Derived from the ticket's clocks on every write, for its list row.
  'slaBadge',
  'GSI1PK',
  'GSI1SK',
  'GSI2PK',
  'GSI2SK',
  'GSI3PK',
  'GSI3SK',
  'GSI4PK',
  'GSI4SK',
  'GSI5PK',
  'GSI5SK',
]);

/** A ticket's list row as a list index keeps it, its SLA badge as written with the ticket. */
export function rowOf(item: Item): TicketRow {
  return ticketRow(item as unknown as Ticket, item.slaBadge as SlaBadge | undefined);
}

/** Removes storage keys so the domain sees only its own fields. */
export function strip<T>(item: Item | undefined): T | undefined {
  if (!item) return undefined;
  return Object.fromEntries(Object.entries(item).filter(([name]) => !STORAGE_ATTRIBUTES.has(name))) as T;
}

/** Exponential, with half of each pause random: writers that collided once do not retry in step and collide again. */
export function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(1000, 25 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ceiling / 2 + Math.random() * (ceiling / 2)));
}

/** Every item of `keyList` that exists (in no particular order), retrying what DynamoDB leaves unprocessed. */
async function batchGet(
  db: DynamoDBDocumentClient,
  tableName: string,
  keyList: Key[],
  consistent: boolean,
): Promise<Item[]> {
  const found: Item[] = [];
  const unique = [...new Map(keyList.map((key) => [`${key.PK}|${key.SK}`, key])).values()];
  for (let start = 0; start < unique.length; start += BATCH_GET_LIMIT) {
    let pending: Record<string, unknown>[] = unique.slice(start, start + BATCH_GET_LIMIT);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_BATCH_ATTEMPTS) throw new Error('BatchGet kept returning unprocessed keys');
      const result = await db.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: pending, ConsistentRead: consistent } },
        }),
      );
      found.push(...(result.Responses?.[tableName] ?? []));
      pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
      if (pending.length > 0) await backoff(attempt);
    }
  }
  return found;
}

/**
 * The table's items for a keys-only index's page, in the page's order. Read as the index is, eventually
 * consistent; an item deleted since the index was read is left out.
 */
export async function itemsNamedBy(
  db: DynamoDBDocumentClient,
  tableName: string,
  indexItems: Item[],
): Promise<Item[]> {
  if (indexItems.length === 0) return [];
  const keyOf = (item: Item): Key => ({ PK: String(item.PK), SK: String(item.SK) });
  const found = new Map<string, Item>();
  for (const item of await batchGet(db, tableName, indexItems.map(keyOf), false)) {
    found.set(`${item.PK}|${item.SK}`, item);
  }
  return indexItems.flatMap((item): Item[] => {
    const current = found.get(`${item.PK}|${item.SK}`);
    return current ? [current] : [];
  });
}
