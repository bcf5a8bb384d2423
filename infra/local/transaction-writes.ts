import type {
  BatchGetItemOutput,
  BatchWriteItemOutput,
  TransactWriteItem,
  WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { DynaliteCalls, Item, Key } from './dynalite-calls.ts';

const KEY_NAMES = ['PK', 'SK'];

/** A request a transaction refuses whole (DynamoDB's ValidationException). */
export class Invalid extends Error {}

/** One item's write of a transaction. */
export interface Write {
  index: number;
  table: string;
  key: Key;
  /** Writes, answering the item as it was before (for a rollback). */
  apply(): Promise<Item | undefined>;
}

export const nameOf = (table: string, key: Key) =>
  `${table}|${JSON.stringify(KEY_NAMES.map((name) => key[name]))}`;

export function writeOf(client: DynaliteCalls, item: TransactWriteItem, index: number): Write {
  if (item.Put) {
    const put = item.Put;
    return {
      index,
      table: String(put.TableName),
      key: keyOf(put.Item as Item),
      apply: () => client.previous('PutItem', put),
    };
  }
  const keyed = item.Update ?? item.Delete;
  if (keyed) {
    const operation = item.Update ? 'UpdateItem' : 'DeleteItem';
    return {
      index,
      table: String(keyed.TableName),
      key: keyed.Key as Key,
      apply: () => client.previous(operation, keyed),
    };
  }
  if (item.ConditionCheck) {
    const check = item.ConditionCheck;
    const table = String(check.TableName);
    const key = check.Key as Key;
    return {
      index,
      table,
      key,
      // An update that changes nothing checks the condition; it creates a bare key item when none existed.
      apply: async () => {
        const before = await client.previous('UpdateItem', {
          TableName: table,
          Key: key,
          ConditionExpression: check.ConditionExpression,
          ExpressionAttributeNames: { ...check.ExpressionAttributeNames, '#txCheck': 'txCheck' },
          ExpressionAttributeValues: check.ExpressionAttributeValues,
          UpdateExpression: 'REMOVE #txCheck',
        });
        if (!before) await client.send('DeleteItem', { TableName: table, Key: key });
        return before;
      },
    };
  }
  throw new Invalid('A TransactItem must hold Put, Update, Delete or ConditionCheck');
}

function keyOf(item: Item): Key {
  return Object.fromEntries(KEY_NAMES.filter((name) => item[name]).map((name) => [name, item[name]])) as Key;
}

/** The items the writes name, as they are now (absent ones missing), read in batches of 100. */
export async function imagesOf(client: DynaliteCalls, writes: Write[]): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  for (let start = 0; start < writes.length; start += 100) {
    const byTable = new Map<string, Key[]>();
    for (const write of writes.slice(start, start + 100)) {
      byTable.set(write.table, [...(byTable.get(write.table) ?? []), write.key]);
    }
    let request: Record<string, { Keys: Key[]; ConsistentRead: boolean; ProjectionExpression?: string }> =
      Object.fromEntries([...byTable].map(([table, keys]) => [table, { Keys: keys, ConsistentRead: true }]));
    while (Object.keys(request).length > 0) {
      const result = await client.send<BatchGetItemOutput>('BatchGetItem', { RequestItems: request });
      for (const [table, rows] of Object.entries(result.Responses ?? {})) {
        for (const row of rows) found.set(nameOf(table, keyOf(row)), row);
      }
      request = (result.UnprocessedKeys ?? {}) as typeof request;
    }
  }
  return found;
}

export async function batchPut(
  client: DynaliteCalls,
  writes: Write[],
  items: TransactWriteItem[],
): Promise<void> {
  const chunks: Write[][] = [];
  for (let start = 0; start < writes.length; start += 25) chunks.push(writes.slice(start, start + 25));
  // Every batch settles before a failure is answered, so the rollback comes after the last of them.
  const outcomes = await Promise.allSettled(
    chunks.map(async (chunk) => {
      let request: Record<string, WriteRequest[]> = {};
      for (const write of chunk) {
        const put = items[write.index]?.Put;
        request[write.table] = [...(request[write.table] ?? []), { PutRequest: { Item: put?.Item } }];
      }
      while (Object.keys(request).length > 0) {
        const result = await client.send<BatchWriteItemOutput>('BatchWriteItem', { RequestItems: request });
        request = result.UnprocessedItems ?? {};
      }
    }),
  );
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

export async function restore(client: DynaliteCalls, write: Write, before: Item | undefined): Promise<void> {
  if (before) await client.send('PutItem', { TableName: write.table, Item: before });
  else await client.send('DeleteItem', { TableName: write.table, Key: write.key });
}
