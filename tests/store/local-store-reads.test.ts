import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ClassicLevel } from 'classic-level';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import {
  type DynaliteDb,
  rememberHashPrefixes,
  startLocalDynamoDB,
} from '../../infra/local/local-dynamodb.ts';

const folder = await mkdtemp(join(tmpdir(), 'sanad-reads-'));
let dynamo = await startLocalDynamoDB({ path: folder, tableName: 'sanad-reads' });
let db = createDocumentClient(dynamo.clientConfig);
afterAll(async () => {
  await dynamo.close();
  await rm(folder, { recursive: true, force: true });
});

type Batch = (writes: { type: string }[], options: unknown) => Promise<void>;

/** The sort keys the queue index holds under one partition, in its order. */
async function queueIndexSortKeys(partition: string): Promise<unknown[]> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: 'sanad-reads',
      IndexName: 'byQueueStatus',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': partition },
    }),
  );
  return Items.map((item) => item.GSI1SK);
}

describe('the on-disk local store', () => {
  it('reads items with LevelDB’s synchronous Get, and a read sees the write answered before it', async () => {
    const synchronous = vi.spyOn(
      ClassicLevel.prototype as unknown as { _getSync: () => unknown },
      '_getSync',
    );
    const asynchronous = vi.spyOn(ClassicLevel.prototype as unknown as { _get: () => unknown }, '_get');
    const Key = { PK: 'COUNTER#reads', SK: 'COUNTER' };
    await db.send(new PutCommand({ TableName: 'sanad-reads', Item: { ...Key, seq: 0 } }));
    for (let round = 1; round <= 20; round++) {
      await db.send(
        new UpdateCommand({
          TableName: 'sanad-reads',
          Key,
          UpdateExpression: 'ADD seq :one',
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
      const { Item } = await db.send(new GetCommand({ TableName: 'sanad-reads', Key, ConsistentRead: true }));
      expect(Item?.seq).toBe(round);
    }
    expect(synchronous.mock.calls.length).toBeGreaterThanOrEqual(40);
    expect(asynchronous).not.toHaveBeenCalled();
    synchronous.mockRestore();
    asynchronous.mockRestore();
  });

  it('stores an item and the index entries it moves as one LevelDB batch, so a crash cannot part them', async () => {
    const Key = { PK: 'TICKET#moved', SK: 'META' };
    await db.send(
      new PutCommand({
        TableName: 'sanad-reads',
        Item: { ...Key, GSI1PK: 'QUEUE#q#STATUS#new', GSI1SK: 'a' },
      }),
    );
    const batches = vi.spyOn(ClassicLevel.prototype as unknown as { _batch: Batch }, '_batch');
    await db.send(
      new UpdateCommand({
        TableName: 'sanad-reads',
        Key,
        UpdateExpression: 'SET GSI1SK = :later',
        ExpressionAttributeValues: { ':later': 'b' },
      }),
    );
    // The old index entry's delete, the new one's put and the item's put, together.
    expect(batches.mock.calls.map(([operations]) => operations.map((write) => write.type))).toEqual([
      ['del', 'put', 'put'],
    ]);
    batches.mockRestore();
    expect(await queueIndexSortKeys('QUEUE#q#STATUS#new')).toEqual(['b']);
  });

  it('writes what one turn issues (a batch write’s items, their index entries) as one LevelDB batch, each answered once stored', async () => {
    const batches = vi.spyOn(ClassicLevel.prototype as unknown as { _batch: Batch }, '_batch');
    const items = Array.from({ length: 25 }, (_, at) => ({
      PK: `WORDS#batched-${at}`,
      SK: 'WORD',
      // An index key too, so each item also writes an index entry.
      GSI1PK: 'BATCHED',
      GSI1SK: String(at).padStart(2, '0'),
    }));
    await db.send(
      new BatchWriteCommand({
        RequestItems: { 'sanad-reads': items.map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
    const writes = batches.mock.calls.reduce((sum, [operations]) => sum + operations.length, 0);
    expect(writes).toBeGreaterThanOrEqual(50);
    expect(batches.mock.calls.length).toBeLessThanOrEqual(3);
    batches.mockRestore();

    // Concurrent writers of one item lose nothing: each waits for the other's write to be stored.
    const Key = { PK: 'COUNTER#batched', SK: 'COUNTER' };
    await Promise.all(
      Array.from({ length: 30 }, () =>
        db.send(
          new UpdateCommand({
            TableName: 'sanad-reads',
            Key,
            UpdateExpression: 'ADD seq :one',
            ExpressionAttributeValues: { ':one': 1 },
          }),
        ),
      ),
    );

    // What was answered is on disk: the store opened again from its folder has all of it.
    await dynamo.close();
    dynamo = await startLocalDynamoDB({ path: folder, tableName: 'sanad-reads' });
    db = createDocumentClient(dynamo.clientConfig);
    const { Item } = await db.send(new GetCommand({ TableName: 'sanad-reads', Key, ConsistentRead: true }));
    expect(Item?.seq).toBe(30);
    expect(await queueIndexSortKeys('BATCHED')).toEqual(items.map((item) => item.GSI1SK));
  });

  it('makes each item’s LevelDB key as dynalite does, with partition keys’ md5 prefixes remembered', () => {
    // A copy of dynalite's store module as published, untouched by the running store.
    const require = createRequire(import.meta.url);
    const path = require.resolve('dynalite/db');
    const running = require.cache[path];
    delete require.cache[path];
    const published = require(path) as DynaliteDb;
    if (running) require.cache[path] = running;
    const remembering = { ...published };
    rememberHashPrefixes(remembering);
    const table = (schema: [string, string][]) => ({
      TableName: 't',
      KeySchema: schema.map(([name], index) => ({ AttributeName: name, KeyType: index ? 'RANGE' : 'HASH' })),
      AttributeDefinitions: schema.map(([name, type]) => ({ AttributeName: name, AttributeType: type })),
    });
    const cases = [
      [
        table([
          ['PK', 'S'],
          ['SK', 'S'],
        ]),
        { PK: { S: 'TICKET#01ABC' }, SK: { S: 'MESSAGE#٢٠٢٦/ع' } },
      ],
      [
        table([
          ['PK', 'S'],
          ['SK', 'S'],
        ]),
        { PK: { S: 'TICKET#01ABC' }, SK: { S: 'META' } },
      ],
      [table([['PK', 'S']]), { PK: { S: 'COUNTER#reference' } }],
      [
        table([
          ['n', 'N'],
          ['at', 'N'],
        ]),
        { n: { N: '-12.5e3' }, at: { N: '1764633600000' } },
      ],
      [
        table([
          ['b', 'B'],
          ['s', 'S'],
        ]),
        { b: { B: 'AAEC/w==' }, s: { S: '' } },
      ],
    ] as const;
    for (const round of [1, 2])
      for (const [schema, item] of cases)
        expect(remembering.createKey(item as never, schema as never), `round ${round}`).toBe(
          published.createKey(item as never, schema as never),
        );
    const [schema, item] = cases[0];
    const byRangeOnly = [schema.KeySchema[0]];
    expect(remembering.createKey(item as never, schema as never, byRangeOnly)).toBe(
      published.createKey(item as never, schema as never, byRangeOnly),
    );
  });
});
