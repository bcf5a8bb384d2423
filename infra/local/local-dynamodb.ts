import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createTableInput } from '../../functions/adapters/dynamodb/table.ts';
import {
  answeringTransactions,
  rollBackInterruptedTransaction,
  serveTransactions,
  TransactionJournal,
} from './dynalite-transactions.ts';
import { dynaliteOperations, InProcessDynamoDBHandler, unsignedLocally } from './in-process-dynamodb.ts';
import { StoreWrites } from './store-writes.ts';
import { badgeTicketsWrittenBeforeRows } from './tickets-before-rows.ts';

const require = createRequire(import.meta.url);

export interface LocalDynamoDB {
  endpoint: string;
  /** In-process: requests go straight to dynalite's request listeners; `endpoint` serves other processes. */
  clientConfig: DynamoDBClientConfig;
  /** Why the store refused its last write, while it takes none (a full disk): GET /health says so. */
  writesRefused(): string | undefined;
  close(): Promise<void>;
}

/** Write requests between two compactions of the data folder's LevelDB (a busy day's few hundred contacts). */
export const COMPACT_EVERY_WRITES = 6_000;

interface LevelIterator {
  next(): Promise<unknown>;
  close(): Promise<void>;
}

type LevelWrite = { type: 'put'; key: unknown; value: unknown } | { type: 'del'; key: unknown };

interface LevelStore {
  _get(key: unknown, options: unknown): Promise<unknown>;
  _getSync?(key: unknown, options: unknown): unknown;
  _put(key: unknown, value: unknown, options: unknown): Promise<void>;
  _del(key: unknown, options: unknown): Promise<void>;
  _batch(operations: LevelWrite[], options: unknown): Promise<void>;
  compactRange(start: string, end: string): Promise<void>;
  keys(options: unknown): LevelIterator;
  values(options: unknown): LevelIterator;
  createKeyStream(options: unknown): Readable;
  createValueStream(options: unknown): Readable;
}

/**
 * Starts dynalite (the DynamoDB API over LevelDB) on a free loopback port; with `path` it persists there,
 * without it the data lives in memory (tests).
 */
export async function startLocalDynamoDB(options: {
  path?: string;
  tableName: string;
  compactEveryWrites?: number;
}): Promise<LocalDynamoDB> {
  // dynalite keeps its LevelDB to itself; its factory is wrapped for this one call to reach the store.
  const stores = require('dynalite/db') as DynaliteDb;
  writeIndexesWithTheirItem(stores);
  rememberHashPrefixes(stores);
  const create = stores.create;
  let level: LevelStore | undefined;
  let dynaliteStore: DynaliteStore | undefined;
  stores.create = (storeOptions) => {
    const store = create(storeOptions);
    dynaliteStore = store;
    level = store.db;
    closeIterators(store.db);
    readSynchronously(store.db);
    writeInBatches(store.db);
    cacheTableDescriptions(store);
    return store;
  };
  let server: Server;
  try {
    server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  } finally {
    stores.create = create;
  }
  if (!dynaliteStore) throw new Error('dynalite made no store');
  // Beside the LevelDB folder, not in it: the images a running transaction would be rolled back to.
  const journal = options.path ? new TransactionJournal(`${options.path}.transaction.json`) : undefined;
  const plain = dynaliteOperations(dynaliteStore);
  const transactional = answeringTransactions(plain, journal);
  serveTransactions(server, transactional);
  const writes = new StoreWrites();
  const operations = writes.watch(transactional);
  const compactor = options.path && level ? new Compactor(level, options.compactEveryWrites) : undefined;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const clientConfig: DynamoDBClientConfig = {
    endpoint,
    region: 'me-south-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new InProcessDynamoDBHandler(operations, compactor && (() => compactor.wrote())),
    signer: unsignedLocally,
  };
  if (journal) {
    const rolledBack = await rollBackInterruptedTransaction(plain, journal);
    if (rolledBack > 0)
      console.warn(
        `Rolled back a transaction the last run was stopped in the middle of (${rolledBack} items)`,
      );
  }
  await ensureTable(new DynamoDBClient(clientConfig), options.tableName);
  return {
    endpoint,
    clientConfig,
    writesRefused: () => writes.refusal(),
    close: async () => {
      await compactor?.idle();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      journal?.close();
    },
  };
}

type TableCallback = (error: Error | null, table?: { TableStatus?: string }) => void;

type IndexType = 'Local' | 'Global';
interface IndexAction {
  index: string;
  key: string;
  item?: unknown;
}
interface DynaliteTable {
  TableName: string;
  KeySchema: KeySchema;
  LocalSecondaryIndexes?: unknown[];
  GlobalSecondaryIndexes?: unknown[];
}
type WrittenDb = {
  put(key: string, value: unknown, callback: (error?: Error) => void): void;
  del(key: string, callback: (error?: Error) => void): void;
};
type KeySchema = unknown[];
type KeyVisitor = (attribute: string, type: string, isHash: boolean) => void;
/** dynalite's store module: its factory, how an item's key is made and how its write reaches its indexes. */
export interface DynaliteDb {
  create(options: unknown): DynaliteStore;
  createKey(
    item: Record<string, Record<string, string>>,
    table: DynaliteTable,
    keySchema?: KeySchema,
  ): string;
  traverseKey(table: DynaliteTable, keySchema: KeySchema, visit: KeyVisitor): void;
  hashPrefix(value: string, type: string): string;
  toRangeStr(value: string, type: string): string;
  getIndexActions(
    indexes: unknown[],
    existingItem: unknown,
    item: unknown,
    table: DynaliteTable,
  ): { puts: IndexAction[]; deletes: IndexAction[] };
  updateIndexes(
    store: { getIndexDb(type: IndexType, tableName: string, index: string): WrittenDb },
    table: DynaliteTable,
    existingItem: unknown,
    item: unknown,
    callback: (error?: Error) => void,
  ): void;
}

/**
 * dynalite writes an item's index entries (the old ones' deletes, then the new ones' puts) and only then the item,
 * each step once the last is stored: a process killed between them left an index naming an item as it no longer
 * is (a ticket listed twice in its queue, or not at all). The index writes are issued here without waiting, so the
 * item's own write follows in the same turn and `writeInBatches` stores all of them as one LevelDB batch, whose
 * failure the item's write reports.
 */
function writeIndexesWithTheirItem(db: DynaliteDb): void {
  const unreported = () => {};
  db.updateIndexes = (store, table, existingItem, item, callback) => {
    for (const type of ['Local', 'Global'] as const) {
      const indexes = table[`${type}SecondaryIndexes`] ?? [];
      const { puts, deletes } = db.getIndexActions(indexes, existingItem, item, table);
      for (const { index, key } of deletes)
        store.getIndexDb(type, table.TableName, index).del(key, unreported);
      for (const { index, key, item: entry } of puts)
        store.getIndexDb(type, table.TableName, index).put(key, entry, unreported);
    }
    callback();
  };
}

/** Hash prefixes remembered at most; past it they are forgotten all at once (a few MB). */
const REMEMBERED_HASH_PREFIXES = 50_000;

/**
 * dynalite's key for an item starts with an md5 of its partition key, made afresh for every read and write: a
 * contact's few dozen requests name the same ticket, counters and report cells again and again. The key is made
 * here as dynalite makes it, with each partition key's prefix remembered.
 */
export function rememberHashPrefixes(db: DynaliteDb): void {
  const prefixes = new Map<string, string>();
  const prefixOf = (value: string, type: string) => {
    const name = `${type}:${value}`;
    let prefix = prefixes.get(name);
    if (prefix === undefined) {
      if (prefixes.size >= REMEMBERED_HASH_PREFIXES) prefixes.clear();
      prefix = db.hashPrefix(value, type);
      prefixes.set(name, prefix);
    }
    return prefix;
  };
  db.createKey = (item, table, keySchema) => {
    let key = '';
    db.traverseKey(table, keySchema ?? table.KeySchema, (attribute, type, isHash) => {
      const value = item[attribute]?.[type] as string;
      if (isHash) key = `${prefixOf(value, type)}/`;
      key += `${db.toRangeStr(value, type)}/`;
    });
    return key;
  };
}

interface DynaliteStore {
  db: LevelStore;
  tableDb: {
    put(key: string, value: unknown, callback: (error?: Error) => void): void;
    del(key: string, callback: (error?: Error) => void): void;
  };
  getTable(name: string, checkStatus: boolean | TableCallback, callback?: TableCallback): void;
}

/**
 * dynalite reads and decodes the table's description (its key schema and every index) from LevelDB before each
 * request: a store read per request for what changes only when the table does. It is kept here once read while
 * the table is active, and forgotten whenever dynalite writes or deletes a description.
 */
function cacheTableDescriptions(store: DynaliteStore): void {
  const active = new Map<string, { TableStatus?: string }>();
  const { put, del } = store.tableDb;
  store.tableDb.put = (key, value, callback) => {
    active.clear();
    put.call(store.tableDb, key, value, callback);
  };
  store.tableDb.del = (key, callback) => {
    active.clear();
    del.call(store.tableDb, key, callback);
  };
  const getTable = store.getTable;
  store.getTable = (name, checkStatus, callback) => {
    const done = (typeof checkStatus === 'function' ? checkStatus : callback) as TableCallback;
    const known = active.get(name);
    if (known) return queueMicrotask(() => done(null, known));
    getTable.call(store, name, checkStatus, (error, table) => {
      if (!error && table?.TableStatus === 'ACTIVE') active.set(name, table);
      done(error, table);
    });
  };
}

/**
 * dynalite reads through streams over LevelDB iterators and ends them with `iterator.return()`, which the level
 * packages it installs do not have: every Query, Scan and table listing left its iterator open, each pinning a
 * LevelDB version, so files compaction had replaced were never deleted and memory grew with every request. These
 * streams close their iterator when they end or are destroyed (Readable destroys itself after its end).
 */
/**
 * dynalite reads every item it answers or writes (the old image of a write, for its condition and its indexes)
 * through LevelDB's asynchronous Get: a hand-off to a worker thread and back, for a lookup that is almost always
 * in memory. classic-level's synchronous Get reads the same store without the hand-off, and a local contact costs
 * about a sixth less CPU. Writes stay asynchronous; dynalite holds an item's lock until its write is done.
 */
function readSynchronously(level: LevelStore): void {
  // A store without it keeps the asynchronous Get.
  if (typeof level._getSync !== 'function') return;
  level._get = async (key, options) => level._getSync?.(key, options);
}

/**
 * dynalite writes each item and each of its index entries with a LevelDB Put of its own: a hand-off to a worker
 * thread, and the workers queue on LevelDB's one writer. The Puts and Deletes issued in one turn of the event
 * loop (a batch write's items, an item's index entries) go as one atomic LevelDB batch instead, at a quarter of
 * the CPU per write. Each still completes only once written, so dynalite's item locks and every reader that
 * waited for a write see it.
 */
function writeInBatches(level: LevelStore): void {
  let pending: { writes: LevelWrite[]; done: Promise<void> } | undefined;
  const write = (operation: LevelWrite): Promise<void> => {
    if (!pending) {
      const writes: LevelWrite[] = [];
      const done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        pending = undefined;
        return level._batch(writes, {});
      });
      pending = { writes, done };
    }
    pending.writes.push(operation);
    return pending.done;
  };
  level._put = (key, value) => write({ type: 'put', key, value });
  level._del = (key) => write({ type: 'del', key });
}

function closeIterators(level: LevelStore): void {
  const streamOf = (iterator: LevelIterator) =>
    new Readable({
      objectMode: true,
      read() {
        iterator.next().then(
          (value) => this.push(value === undefined ? null : value),
          (error: Error) => this.destroy(error),
        );
      },
      destroy(error, callback) {
        iterator.close().then(
          () => callback(error),
          () => callback(error),
        );
      },
    });
  level.createKeyStream = (options) => streamOf(level.keys(options));
  level.createValueStream = (options) => streamOf(level.values(options));
}

/**
 * LevelDB drops the versions an update or an index change replaced only when a level fills (the second holds
 * 100 MB), so a small store's folder runs to several times its data. A full compaction every few thousand writes,
 * in LevelDB's own background thread, keeps it near the live data for a fraction of a millisecond per contact.
 */
class Compactor {
  private writes = 0;
  private running: Promise<void> | undefined;

  constructor(
    private readonly level: LevelStore,
    private readonly every = COMPACT_EVERY_WRITES,
  ) {}

  wrote(): void {
    if (++this.writes < this.every || this.running) return;
    this.writes = 0;
    this.running = this.level
      .compactRange('\x00', '\xff')
      .catch((error: unknown) => console.error('Compacting the local store failed', error))
      .finally(() => {
        this.running = undefined;
      });
  }

  async idle(): Promise<void> {
    await this.running;
  }
}

async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  if (!TableNames.includes(tableName)) await client.send(new CreateTableCommand(createTableInput(tableName)));
  // dynalite makes a new table ACTIVE on a timer; until then it answers ResourceNotFound, as DynamoDB does.
  let table = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  while (table?.TableStatus !== 'ACTIVE') {
    await new Promise((resolve) => setTimeout(resolve, 5));
    table = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  }
  await badgeTicketsWrittenBeforeRows(client, table);
  client.destroy();
}
