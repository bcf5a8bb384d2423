import { type AttributeValue, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { TABLE_INDEXES } from '../../functions/adapters/dynamodb/table.ts';
import { currentLambdaContext } from '../../functions/lib/observability.ts';
import { itemSize } from './item-size.ts';

type Item = Record<string, AttributeValue>;
type Capacity = { CapacityUnits?: number };
type Input = Record<string, unknown>;

/** What the counter adds up; units follow DynamoDB's on-demand billing. */
export interface Counts {
  requests: number;
  readRequests: number;
  writeRequests: number;
  /** Items returned by reads, items named by writes. */
  readItems: number;
  writeItems: number;
  /** Read request units as dynalite reports them (4 KB steps, eventually consistent at half). */
  readUnits: number;
  /** The rest is counted only while `images` is on: it needs each written item before and after. */
  imagedWriteRequests: number;
  writtenBytes: number;
  tableWriteUnits: number;
  indexWrites: number;
  indexWriteUnits: number;
  /** Write units (table and index) by the kind of item, its partition key's prefix: where they go. */
  writeUnitsByKind: Record<string, number>;
  /**
   * By function: its invocations that made a request, and the sum of their sequential round trips (the longest
   * chain of requests where each starts after the one before it ended: what an invocation waits on in turn).
   */
  roundTripsByFunction: Record<string, { invocations: number; sequential: number }>;
}

export const noCounts = (): Counts => ({
  requests: 0,
  readRequests: 0,
  writeRequests: 0,
  readItems: 0,
  writeItems: 0,
  readUnits: 0,
  imagedWriteRequests: 0,
  writtenBytes: 0,
  tableWriteUnits: 0,
  indexWrites: 0,
  indexWriteUnits: 0,
  writeUnitsByKind: {},
  roundTripsByFunction: {},
});

type Totals = Omit<Counts, 'writeUnitsByKind' | 'roundTripsByFunction'>;

/** `after - before`, or with `sign` 1, their sum. */
export function difference(after: Counts, before: Counts, sign = -1): Counts {
  const result = noCounts();
  for (const key of Object.keys(result) as (keyof Totals)[]) {
    if (typeof result[key] === 'number') result[key] = after[key] + sign * before[key];
  }
  for (const kind of new Set([
    ...Object.keys(after.writeUnitsByKind),
    ...Object.keys(before.writeUnitsByKind),
  ])) {
    const units = (after.writeUnitsByKind[kind] ?? 0) + sign * (before.writeUnitsByKind[kind] ?? 0);
    if (units !== 0) result.writeUnitsByKind[kind] = units;
  }
  for (const name of new Set([
    ...Object.keys(after.roundTripsByFunction),
    ...Object.keys(before.roundTripsByFunction),
  ])) {
    const [a, b] = [after.roundTripsByFunction[name], before.roundTripsByFunction[name]];
    const invocations = (a?.invocations ?? 0) + sign * (b?.invocations ?? 0);
    const sequential = (a?.sequential ?? 0) + sign * (b?.sequential ?? 0);
    if (invocations !== 0 || sequential !== 0)
      result.roundTripsByFunction[name] = { invocations, sequential };
  }
  return result;
}

const READS = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand', 'ScanCommand']);
const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);
const KEY_NAMES = ['PK', 'SK'];
const keyOf = (item: Item): Item =>
  Object.fromEntries(KEY_NAMES.map((name) => [name, item[name] as AttributeValue]));
const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/** The keys a write names, from its marshalled input; transactional writes bill twice. */
function writtenKeys(
  command: string,
  input: Input,
): { tableName: string; key: Item; transactional: boolean }[] {
  const single = (tableName: unknown, key: unknown, transactional = false) => ({
    tableName: String(tableName),
    key: keyOf(key as Item),
    transactional,
  });
  if (command === 'PutItemCommand') return [single(input.TableName, input.Item)];
  if (command === 'UpdateItemCommand' || command === 'DeleteItemCommand')
    return [single(input.TableName, input.Key)];
  if (command === 'BatchWriteItemCommand') {
    return Object.entries(input.RequestItems as Record<string, Input[]>).flatMap(([table, requests]) =>
      requests.map((request) =>
        single(
          table,
          (request.PutRequest as Input | undefined)?.Item ??
            (request.DeleteRequest as Input | undefined)?.Key,
        ),
      ),
    );
  }
  return (input.TransactItems as Record<string, Input>[]).map((entry) => {
    const operation = Object.values(entry)[0] as Input;
    return single(operation.TableName, operation.Item ?? operation.Key, true);
  });
}

/**
 * One write per index the item is in, before or after, billed by what the index keeps of it (its keys, and the
 * attributes it includes); two when its index key moves (delete and put). An index is written only when its key
 * or an attribute it keeps changes.
 */
function indexWritesOf(before: Item | undefined, after: Item | undefined): { writes: number; units: number } {
  let writes = 0;
  let units = 0;
  for (const index of Object.values(TABLE_INDEXES)) {
    const { partitionKey, sortKey } = index;
    const keyIn = (item: Item | undefined) =>
      item?.[partitionKey] && item[sortKey] ? `${item[partitionKey].S}|${item[sortKey].S}` : undefined;
    const kept = (item: Item) =>
      Object.fromEntries(
        [...KEY_NAMES, partitionKey, sortKey, ...('kept' in index ? index.kept : [])]
          .filter((name) => item[name] !== undefined)
          .map((name) => [name, item[name] as AttributeValue]),
      );
    const old = keyIn(before);
    const now = keyIn(after);
    if (!old && !now) continue;
    if (old === now && JSON.stringify(kept(before as Item)) === JSON.stringify(kept(after as Item))) continue;
    if (old && now && old !== now) {
      writes += 2;
      units += writeUnits(itemSize(kept(before as Item))) + writeUnits(itemSize(kept(after as Item)));
    } else {
      writes += 1;
      units += writeUnits(itemSize(kept((now ? after : before) as Item)));
    }
  }
  return { writes, units };
}

/**
 * Counts the DynamoDB requests a client makes as they leave it (one per attempt), the items they read and
 * write, and the capacity units DynamoDB would bill: reads as dynalite reports them, writes from each item's
 * size before and after (larger of the two, 1 KB steps, twice in a transaction) plus one write per index the
 * item is in (billed once). With `images` on, each written item is read before and after the write by a request this counter
 * does not count; that costs CPU, so a benchmark turns it off while it measures CPU.
 */
export class RequestCounter {
  private counts = noCounts();
  images = false;
  /** While paused, requests pass by untouched: CPU is then measured as `npm start` spends it, without this counter. */
  paused = false;
  private readonly own = new WeakSet<object>();
  /** Per invocation: the longest chain of its requests finished so far. */
  private readonly chains = new WeakMap<Context, number>();

  /**
   * A request waits on every request of its invocation that ended before it started: its place in the chain is
   * one after the longest of those. The function's total grows as the invocation's longest chain does.
   */
  private async chained<T>(send: () => Promise<T>): Promise<T> {
    const invocation = currentLambdaContext();
    if (!invocation) return send();
    const finished = this.chains.get(invocation);
    const byFunction = this.counts.roundTripsByFunction;
    const tally = byFunction[invocation.functionName] ?? { invocations: 0, sequential: 0 };
    byFunction[invocation.functionName] = tally;
    if (finished === undefined) {
      tally.invocations += 1;
      this.chains.set(invocation, 0);
    }
    const place = (finished ?? 0) + 1;
    try {
      return await send();
    } finally {
      const longest = this.chains.get(invocation) ?? 0;
      if (place > longest) {
        this.chains.set(invocation, place);
        tally.sequential += place - longest;
      }
    }
  }

  attach(client: DynamoDBDocumentClient): void {
    // Asked before the request is serialized; read back below, after the document client marshals. A request
    // takes its place in its invocation's chain here, as it is sent.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName);
        if (
          this.paused ||
          this.own.has(args.input as object) ||
          (!READS.has(command) && !WRITES.has(command))
        )
          return next(args);
        if (READS.has(command)) (args.input as Input).ReturnConsumedCapacity = 'TOTAL';
        return this.chained(() => next(args));
      },
      { step: 'initialize', name: 'benchConsumedCapacity' },
    );
    const read = async (tableName: string, key: Item) => {
      const command = new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true });
      this.own.add(command.input);
      return (await client.send(command)).Item as Item | undefined;
    };
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as Input;
        const command = String(context.commandName);
        if (this.paused || this.own.has(input) || (!READS.has(command) && !WRITES.has(command)))
          return next(args);
        return (async () => {
          const counts = this.counts;
          counts.requests += 1;
          if (READS.has(command)) {
            counts.readRequests += 1;
            const result = await next(args);
            const output = result.output as Record<string, unknown>;
            const consumed = [(output.ConsumedCapacity as Capacity | Capacity[] | undefined) ?? []].flat();
            counts.readUnits += consumed.reduce((sum, capacity) => sum + (capacity.CapacityUnits ?? 0), 0);
            counts.readItems += output.Item
              ? 1
              : output.Items
                ? (output.Items as unknown[]).length
                : Object.values((output.Responses as Record<string, unknown[]>) ?? {}).flat().length;
            return result;
          }
          counts.writeRequests += 1;
          const written = writtenKeys(command, input);
          counts.writeItems += written.length;
          if (!this.images) return next(args);
          const before = await Promise.all(written.map((each) => read(each.tableName, each.key)));
          try {
            return await next(args);
          } finally {
            counts.imagedWriteRequests += 1;
            const after = await Promise.all(written.map((each) => read(each.tableName, each.key)));
            written.forEach((each, index) => {
              const bytes = Math.max(itemSize(before[index] ?? {}), itemSize(after[index] ?? {}));
              const factor = each.transactional ? 2 : 1;
              counts.writtenBytes += itemSize(after[index] ?? {});
              counts.tableWriteUnits += factor * writeUnits(bytes);
              const index_ = indexWritesOf(before[index], after[index]);
              counts.indexWrites += index_.writes;
              counts.indexWriteUnits += index_.units;
              const kind = String(each.key.PK?.S).split('#')[0] as string;
              counts.writeUnitsByKind[kind] =
                (counts.writeUnitsByKind[kind] ?? 0) + factor * writeUnits(bytes) + index_.units;
            });
          }
        })();
      },
      // After the document client marshals, so items are seen as stored.
      { step: 'build', name: 'benchRequestCounter' },
    );
  }

  /** Write requests so far (the hostile tests check that refused input writes nothing). */
  get writes(): number {
    return this.counts.writeRequests;
  }

  snapshot(): Counts {
    return {
      ...this.counts,
      writeUnitsByKind: { ...this.counts.writeUnitsByKind },
      roundTripsByFunction: Object.fromEntries(
        Object.entries(this.counts.roundTripsByFunction).map(([name, tally]) => [name, { ...tally }]),
      ),
    };
  }
}
