import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/client.ts';
import { LocalChangeStream } from '../../../infra/local/change-stream.ts';
import { useDynalite } from '../../support/dynalite.ts';

const TABLE = 'local-stream';
const local = useDynalite(TABLE);
const folder = await mkdtemp(join(tmpdir(), 'sanad-stream-journal-'));
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/**
 * A change stream on the table for the keys starting with `prefix`, attached to a client of its own (the stream
 * stays on the client it was attached to); the consumer answers each batch (all taken by default).
 */
function streamOf(
  prefix: string,
  consumer: (
    event: DynamoDBStreamEvent,
  ) =>
    | { batchItemFailures: { itemIdentifier: string }[] }
    | Promise<{ batchItemFailures: { itemIdentifier: string }[] }> = () => ({
    batchItemFailures: [],
  }),
  journal?: { journal: string; journalRewriteAt?: number },
) {
  const received: DynamoDBRecord[] = [];
  const stream = new LocalChangeStream({
    clientConfig: local.dynamo.clientConfig,
    tableName: TABLE,
    watch: (key) => key.PK?.startsWith(prefix) ?? false,
    ...journal,
    consumer: async (event) => {
      received.push(...event.Records);
      return consumer(event);
    },
  });
  const client = createDocumentClient(local.dynamo.clientConfig);
  stream.attach(client);
  return { received, stream, client };
}

describe('transactions on dynalite (it has none; infra/local answers them)', () => {
  it('writes every item of a transaction or, when a condition fails, none', async () => {
    const key = { PK: 'TXTEST#1', SK: 'A' };
    const put = (PK: string, condition?: string) => ({
      Put: {
        TableName: TABLE,
        Item: { PK, SK: 'A', n: 1 },
        ...(condition && { ConditionExpression: condition }),
      },
    });
    await local.db.send(new TransactWriteCommand({ TransactItems: [put('TXTEST#1'), put('TXTEST#2')] }));

    const refused = await local.db
      .send(
        new TransactWriteCommand({
          TransactItems: [
            put('TXTEST#3'),
            {
              Update: {
                TableName: TABLE,
                Key: key,
                UpdateExpression: 'ADD n :one',
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
            put('TXTEST#2', 'attribute_not_exists(PK)'),
          ],
        }),
      )
      .catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(TransactionCanceledException);
    expect((refused as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual([
      'None',
      'None',
      'ConditionalCheckFailed',
    ]);
    const read = async (PK: string) =>
      (await local.db.send(new GetCommand({ TableName: TABLE, Key: { PK, SK: 'A' } }))).Item;
    expect(await read('TXTEST#1')).toMatchObject({ n: 1 });
    expect(await read('TXTEST#3')).toBeUndefined();
  });
});

describe('local change stream (dynalite has none)', () => {
  it('emits INSERT, MODIFY and REMOVE records with old and new images for writes through the client', async () => {
    const { received, stream, client } = streamOf('STREAMTEST#');
    const key = { PK: 'STREAMTEST#1', SK: 'META' };

    await client.send(new PutCommand({ TableName: TABLE, Item: { ...key, status: 'new' } }));
    const toOpen = new UpdateCommand({
      TableName: TABLE,
      Key: key,
      UpdateExpression: 'SET #s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': 'open' },
    });
    await client.send(toOpen);
    // An update that changes nothing makes no record, as in DynamoDB.
    await client.send(toOpen);
    await client.send(
      new BatchWriteCommand({
        RequestItems: {
          [TABLE]: [{ PutRequest: { Item: { PK: 'STREAMTEST#2', SK: 'META', status: 'new' } } }],
        },
      }),
    );
    await client.send(new DeleteCommand({ TableName: TABLE, Key: key }));
    await client.send(new PutCommand({ TableName: TABLE, Item: { PK: 'OTHER#1', SK: 'META' } }));
    await stream.settled();
    stream.close();

    expect(received.map((r) => [r.eventName, r.dynamodb?.Keys?.PK?.S])).toEqual([
      ['INSERT', 'STREAMTEST#1'],
      ['MODIFY', 'STREAMTEST#1'],
      ['INSERT', 'STREAMTEST#2'],
      ['REMOVE', 'STREAMTEST#1'],
    ]);
    expect(received[1]?.dynamodb?.OldImage?.status).toEqual({ S: 'new' });
    expect(received[1]?.dynamodb?.NewImage?.status).toEqual({ S: 'open' });
    expect(received[3]?.dynamodb?.NewImage).toBeUndefined();
    const sequence = received.map((r) => r.dynamodb?.SequenceNumber ?? '');
    expect([...sequence].sort()).toEqual(sequence);
  });

  it('emits a record for each item a transaction writes', async () => {
    const { received, stream, client } = streamOf('TXSTREAM#');

    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: TABLE, Item: { PK: 'TXSTREAM#1', SK: 'META', n: 1 } } },
          { Put: { TableName: TABLE, Item: { PK: 'TXSTREAM#2', SK: 'META', n: 2 } } },
          { Put: { TableName: TABLE, Item: { PK: 'OTHER#tx', SK: 'META' } } },
        ],
      }),
    );
    await stream.settled();
    stream.close();

    expect(received.map((r) => [r.eventName, r.dynamodb?.Keys?.PK?.S])).toEqual([
      ['INSERT', 'TXSTREAM#1'],
      ['INSERT', 'TXSTREAM#2'],
    ]);
  });

  it('reads back after a transaction only the items it updated: the ones it put are as it put them', async () => {
    const { received, stream, client } = streamOf('TXREAD#');
    await client.send(new PutCommand({ TableName: TABLE, Item: { PK: 'TXREAD#2', SK: 'META', n: 1 } }));
    await stream.settled();
    const reader = (stream as unknown as { reader: { send: (...args: never[]) => unknown } }).reader;
    const reads = vi.spyOn(reader, 'send');

    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: TABLE,
              Item: { PK: 'TXREAD#1', SK: 'META', n: 1, photo: new Uint8Array([1, 2]) },
            },
          },
          {
            Update: {
              TableName: TABLE,
              Key: { PK: 'TXREAD#2', SK: 'META' },
              UpdateExpression: 'ADD n :one',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
        ],
      }),
    );
    await stream.settled();
    stream.close();

    // Both images before; after, only the updated one.
    expect(reads).toHaveBeenCalledTimes(3);
    const images = received.slice(1).map((r) => [r.eventName, r.dynamodb?.NewImage]);
    expect(images).toEqual([
      [
        'INSERT',
        { PK: { S: 'TXREAD#1' }, SK: { S: 'META' }, n: { N: '1' }, photo: { B: new Uint8Array([1, 2]) } },
      ],
      ['MODIFY', { PK: { S: 'TXREAD#2' }, SK: { S: 'META' }, n: { N: '2' } }],
    ]);
  });

  it('reads no old image for a Put that only creates: it found none if it applied, changed none if not', async () => {
    const { received, stream, client } = streamOf('TXNEW#');
    await client.send(new PutCommand({ TableName: TABLE, Item: { PK: 'TXNEW#taken', SK: 'G' } }));
    await stream.settled();
    received.length = 0;
    const reader = (stream as unknown as { reader: { send: (...args: never[]) => unknown } }).reader;
    const reads = vi.spyOn(reader, 'send');
    const opening = (ticket: string, guard: string) =>
      client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: TABLE,
                Item: { PK: guard, SK: 'G' },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: TABLE,
                Item: { PK: ticket, SK: 'META', n: 1 },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );

    await opening('TXNEW#1', 'TXNEW#fresh');
    // Cancelled by the guard: the ticket's Put changed nothing, and nothing is read to know it.
    await expect(opening('TXNEW#2', 'TXNEW#taken')).rejects.toBeInstanceOf(TransactionCanceledException);
    await stream.settled();
    stream.close();

    expect(reads).not.toHaveBeenCalled();
    expect(received.map((r) => [r.eventName, r.dynamodb?.Keys?.PK?.S, r.dynamodb?.OldImage])).toEqual([
      ['INSERT', 'TXNEW#fresh', undefined],
      ['INSERT', 'TXNEW#1', undefined],
    ]);
    const absent = await client.send(
      new GetCommand({ TableName: TABLE, Key: { PK: 'TXNEW#2', SK: 'META' }, ConsistentRead: true }),
    );
    expect(absent.Item).toBeUndefined();
  });

  it('retries a batch the consumer hands back, from the failed record', async () => {
    let failures = 1;
    const { received, stream, client } = streamOf('RETRYTEST#', (event) => ({
      batchItemFailures:
        failures-- > 0 ? [{ itemIdentifier: String(event.Records[0]?.dynamodb?.SequenceNumber) }] : [],
    }));

    await client.send(new PutCommand({ TableName: TABLE, Item: { PK: 'RETRYTEST#1', SK: 'META' } }));
    await stream.settled();
    stream.close();

    expect(received.map((r) => r.dynamodb?.Keys?.PK?.S)).toEqual(['RETRYTEST#1', 'RETRYTEST#1']);
  });
});

/** A consumer that takes every batch until `hold` is set, then never answers: what a killed run leaves. */
function holdingConsumer() {
  const state = { hold: false };
  const consumer = () =>
    state.hold ? new Promise<never>(() => {}) : Promise.resolve({ batchItemFailures: [] });
  return { state, consumer };
}

const images = (records: DynamoDBRecord[]) =>
  records.map((r) => [
    r.eventName,
    r.dynamodb?.Keys?.PK?.S,
    r.dynamodb?.OldImage?.n?.N,
    r.dynamodb?.NewImage?.n?.N,
  ]);

describe('local change stream with a journal (npm start: it outlives kill -9)', () => {
  it('delivers again after a crash exactly the records not acknowledged, none for writes that did not happen', async () => {
    const journal = join(folder, 'replay.jsonl');
    const killed = holdingConsumer();
    const first = streamOf('JOURNAL#', killed.consumer, { journal });
    expect(await first.stream.recover()).toBe(0);
    const { client } = first;
    const put = (PK: string, n: number, condition?: string) =>
      client.send(
        new PutCommand({
          TableName: TABLE,
          Item: { PK, SK: 'META', n },
          ...(condition && { ConditionExpression: condition }),
        }),
      );
    const setN = (PK: string, n: number, condition?: string) =>
      client.send(
        new UpdateCommand({
          TableName: TABLE,
          Key: { PK, SK: 'META' },
          UpdateExpression: 'SET n = :n',
          ExpressionAttributeValues: { ':n': n },
          ...(condition && { ConditionExpression: condition }),
        }),
      );
    await put('JOURNAL#1', 1);
    await first.stream.settled();
    killed.state.hold = true;

    await setN('JOURNAL#1', 2);
    // Neither a refused put nor an update to the same value changes the item: no record.
    await expect(put('JOURNAL#1', 9, 'attribute_not_exists(PK)')).rejects.toThrow();
    await setN('JOURNAL#1', 2);
    await expect(setN('JOURNAL#4', 1, 'attribute_exists(PK)')).rejects.toThrow();
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: TABLE, Item: { PK: 'JOURNAL#2', SK: 'META', n: 1 } } },
          {
            Update: {
              TableName: TABLE,
              Key: { PK: 'JOURNAL#1', SK: 'META' },
              UpdateExpression: 'SET n = :n',
              ExpressionAttributeValues: { ':n': 3 },
            },
          },
        ],
      }),
    );
    await client.send(
      new BatchWriteCommand({
        RequestItems: {
          [TABLE]: [
            { PutRequest: { Item: { PK: 'JOURNAL#3', SK: 'META', n: 1, bytes: new Uint8Array([1, 2]) } } },
          ],
        },
      }),
    );
    await client.send(new DeleteCommand({ TableName: TABLE, Key: { PK: 'JOURNAL#3', SK: 'META' } }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const undelivered = [
      ['MODIFY', 'JOURNAL#1', '1', '2'],
      ['INSERT', 'JOURNAL#2', undefined, '1'],
      ['MODIFY', 'JOURNAL#1', '2', '3'],
      ['INSERT', 'JOURNAL#3', undefined, '1'],
      ['REMOVE', 'JOURNAL#3', '1', undefined],
    ];
    // The first run got the first of them (and never answered), then died with the rest queued.
    const held = first.received.slice(1);
    expect(held.length).toBeGreaterThan(0);
    expect(images(held)).toEqual(undelivered.slice(0, held.length));

    // The next run dies too while delivering them, then one more run.
    const dying = holdingConsumer();
    dying.state.hold = true;
    const second = streamOf('JOURNAL#', dying.consumer, { journal });
    expect(await second.stream.recover()).toBe(5);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const third = streamOf('JOURNAL#', undefined, { journal });
    expect(await third.stream.recover()).toBe(5);
    await third.stream.settled();

    expect(images(third.received)).toEqual(undelivered);
    expect(third.received[4]?.dynamodb?.OldImage?.bytes).toEqual({ B: new Uint8Array([1, 2]) });
    // The very records DynamoDB would have kept: same sequence numbers, images and times as first made.
    expect(third.received.slice(0, held.length)).toEqual(held);
    const sequence = third.received.map((r) => r.dynamodb?.SequenceNumber ?? '');
    expect([...sequence].sort()).toEqual(sequence);
    // Later writes go on numbering after them.
    await third.client.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { PK: 'JOURNAL#2', SK: 'META' },
        UpdateExpression: 'SET n = :n',
        ExpressionAttributeValues: { ':n': 2 },
      }),
    );
    await third.stream.settled();
    expect(String(third.received.at(-1)?.dynamodb?.SequenceNumber) > String(sequence.at(-1))).toBe(true);
    third.stream.close();
    // Stopped with everything delivered, the journal holds only where it stopped.
    expect(readFileSync(journal, 'utf8').trim().split('\n')).toHaveLength(1);
    for (const each of [first, second]) each.stream.close();
  });

  it('stays short: once long it is cut to what is unacknowledged, not on every write', async () => {
    const journal = join(folder, 'bounded.jsonl');
    const { stream, client, received } = streamOf('BOUNDED#', undefined, {
      journal,
      journalRewriteAt: 1_000,
    });
    await stream.recover();
    const sizes: number[] = [];
    for (let index = 0; index < 60; index++) {
      await client.send(new PutCommand({ TableName: TABLE, Item: { PK: `BOUNDED#${index}`, SK: 'META' } }));
      await stream.settled();
      sizes.push(readFileSync(journal, 'utf8').length);
    }
    stream.close();
    expect(received).toHaveLength(60);
    expect(Math.max(...sizes)).toBeLessThan(1_200);
    // Cut a few times in 60 writes, each time when everything was delivered.
    const cuts = sizes.filter((size, index) => index > 0 && size < (sizes[index - 1] ?? 0));
    expect(cuts.length).toBeGreaterThan(1);
    expect(cuts.length).toBeLessThan(10);
  });
});
