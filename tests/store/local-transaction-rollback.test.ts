import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answeringTransactions,
  serveTransactions,
  TransactionJournal,
} from '../../infra/local/dynalite-transactions.ts';
import type { DynaliteOperations } from '../../infra/local/in-process-dynamodb.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '../../infra/local/local-dynamodb.ts';
import { holdsTransaction } from '../support/transaction-journal.ts';

const TABLE = 'rollback-failures';
let dynamo: LocalDynamoDB;
let folder: string;
/** Each test's journal: held open like the store's, closed at the end. */
const journals: TransactionJournal[] = [];
const journalAt = (path: string) => {
  const journal = new TransactionJournal(path);
  journals.push(journal);
  return journal;
};
beforeAll(async () => {
  dynamo = await startLocalDynamoDB({ tableName: TABLE });
  folder = await mkdtemp(join(tmpdir(), 'sanad-rollback-'));
});
afterAll(async () => {
  for (const journal of journals) journal.close();
  await dynamo.close();
  await rm(folder, { recursive: true, force: true });
});

/**
 * dynalite's own operations, over its endpoint, with one kind of call failing while `failing` names it (after
 * the first `passing` of them).
 */
function dynaliteWithFaults(): {
  operations: DynaliteOperations;
  failing: { operation?: string; passing?: number };
  /** Answers once no call is under way (one a transaction did not wait for would land later). */
  settled(): Promise<void>;
} {
  const failing: { operation?: string; passing?: number } = {};
  const underWay = new Set<Promise<unknown>>();
  const call: DynaliteOperations = async (operation, input) => {
    if (operation === failing.operation && (failing.passing ?? 0) > 0)
      failing.passing = (failing.passing ?? 0) - 1;
    else if (operation === failing.operation) {
      return {
        statusCode: 500,
        body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'disk full' },
      };
    }
    const response = await fetch(dynamo.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${operation}`,
        'x-amz-date': '20261130T120000Z',
        authorization:
          'AWS4-HMAC-SHA256 Credential=local/20261130/me-south-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0',
      },
      body: JSON.stringify(input),
    });
    return { statusCode: response.status, body: await response.json() };
  };
  const operations: DynaliteOperations = (operation, input) => {
    const answer = call(operation, input);
    underWay.add(answer);
    void answer.finally(() => underWay.delete(answer));
    return answer;
  };
  const settled = async () => {
    while (underWay.size > 0) await Promise.allSettled([...underWay]);
  };
  return { operations, failing, settled };
}

const key = (id: string) => ({ PK: { S: 'ITEM' }, SK: { S: id } });

/**
 * After a transaction that failed (400, its journal cleared) and the calls it left settled: the items whose sort
 * key starts with `prefix`.
 */
async function itemsLeftAfterFailure(
  failed: { statusCode: number },
  journal: string,
  settled: () => Promise<void>,
  operations: DynaliteOperations,
  prefix: string,
): Promise<{ SK: { S: string }; state: { S: string } }[]> {
  expect(failed.statusCode).toBe(400);
  expect(holdsTransaction(journal)).toBe(false);
  await settled();
  const left = await operations('Query', {
    TableName: TABLE,
    KeyConditionExpression: 'PK = :item AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':item': { S: 'ITEM' }, ':prefix': { S: prefix } },
    ConsistentRead: true,
  });
  return (left.body as { Items: { SK: { S: string }; state: { S: string } }[] }).Items;
}

describe('a local transaction whose rollback fails', () => {
  it('keeps its journal, refuses other transactions and reads until it is put back, then puts it back first', async () => {
    const { operations, failing } = dynaliteWithFaults();
    const journal = join(folder, 'dynamodb.transaction.json');
    const transact = answeringTransactions(operations, journalAt(journal));
    const item = async (id: string) =>
      (
        (await operations('GetItem', { TableName: TABLE, Key: key(id), ConsistentRead: true })).body as {
          Item?: Record<string, { S: string }>;
        }
      ).Item;
    await operations('PutItem', { TableName: TABLE, Item: { ...key('1'), state: { S: 'before' } } });

    // The update applies, the check fails; putting the update back (a PutItem) fails too.
    failing.operation = 'PutItem';
    const cancelled = await transact('TransactWriteItems', {
      TransactItems: [
        {
          Update: {
            TableName: TABLE,
            Key: key('1'),
            UpdateExpression: 'SET #state = :during',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':during': { S: 'during' } },
          },
        },
        {
          ConditionCheck: {
            TableName: TABLE,
            Key: key('absent'),
            ConditionExpression: 'attribute_exists(PK)',
          },
        },
      ],
    });
    expect(cancelled.statusCode).toBe(500);
    expect(holdsTransaction(journal)).toBe(true);
    expect((await item('1'))?.state).toEqual({ S: 'during' });

    // While it still cannot be put back, no other transaction is written.
    const refused = await transact('TransactWriteItems', {
      TransactItems: [
        {
          Update: {
            TableName: TABLE,
            Key: key('2'),
            UpdateExpression: 'SET #state = :new',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':new': { S: 'new' } },
          },
        },
      ],
    });
    expect(refused).toMatchObject({
      statusCode: 500,
      body: { __type: expect.stringContaining('InternalServerError') },
    });
    expect(await item('2')).toBeUndefined();

    // Nor is anything read over it: a retried delivery would find the half-written guard of a ticket never made.
    const read = (id: string) =>
      transact('GetItem', { TableName: TABLE, Key: key(id), ConsistentRead: true });
    expect(await read('1')).toMatchObject({
      statusCode: 500,
      body: { __type: expect.stringContaining('InternalServerError') },
    });

    // Over the store's endpoint too (another process's reads), where plain calls go to dynalite's own listener.
    const server = createServer((_request, response) => response.writeHead(418).end());
    serveTransactions(server, transact);
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const overHttp = () =>
      fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {
        method: 'POST',
        headers: { 'x-amz-target': 'DynamoDB_20120810.GetItem' },
        body: JSON.stringify({ TableName: TABLE, Key: key('1') }),
      }).then((response) => response.status);
    expect(await overHttp()).toBe(500);

    // The first call once it can be put back puts it back, then is answered.
    failing.operation = undefined;
    expect(await read('1')).toMatchObject({ statusCode: 200, body: { Item: { state: { S: 'before' } } } });
    expect(holdsTransaction(journal)).toBe(false);
    expect(await overHttp()).toBe(418);
    await new Promise((closed) => server.close(closed));
    const next = await transact('TransactWriteItems', {
      TransactItems: [{ Put: { TableName: TABLE, Item: { ...key('3'), state: { S: 'new' } } } }],
    });
    expect(next.statusCode).toBe(200);
    expect((await item('1'))?.state).toEqual({ S: 'before' });
    expect((await item('3'))?.state).toEqual({ S: 'new' });
    expect(holdsTransaction(journal)).toBe(false);
  });

  it('puts back what a failed batch of creations wrote, and clears its journal', async () => {
    const { operations, failing, settled } = dynaliteWithFaults();
    const journal = join(folder, 'batch.transaction.json');
    const transact = answeringTransactions(operations, journalAt(journal));
    // Thirty creations go in two batches: the first is written, the second fails.
    const ids = Array.from({ length: 30 }, (_, index) => `created-${index}`);
    failing.operation = 'BatchWriteItem';
    failing.passing = 1;
    const failed = await transact('TransactWriteItems', {
      TransactItems: ids.map((id) => ({
        Put: {
          TableName: TABLE,
          Item: { ...key(id), state: { S: 'new' } },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      })),
    });
    failing.operation = undefined;
    expect(await itemsLeftAfterFailure(failed, journal, settled, operations, 'created-')).toEqual([]);
  });

  it('puts back the items its batched plain Puts replaced when a later batch fails', async () => {
    const { operations, failing, settled } = dynaliteWithFaults();
    const journal = join(folder, 'plain.transaction.json');
    const transact = answeringTransactions(operations, journalAt(journal));
    // Thirty plain Puts, half over items that exist: the journal read their images, so they go in batches.
    const ids = Array.from({ length: 30 }, (_, index) => `plain-${index}`);
    for (const id of ids.slice(0, 15))
      await operations('PutItem', { TableName: TABLE, Item: { ...key(id), state: { S: 'before' } } });
    failing.operation = 'BatchWriteItem';
    failing.passing = 1;
    const failed = await transact('TransactWriteItems', {
      TransactItems: ids.map((id) => ({
        Put: { TableName: TABLE, Item: { ...key(id), state: { S: 'after' } } },
      })),
    });
    failing.operation = undefined;
    const items = await itemsLeftAfterFailure(failed, journal, settled, operations, 'plain-');
    expect(items.map((item) => [item.SK.S, item.state.S]).sort()).toEqual(
      ids
        .slice(0, 15)
        .map((id) => [id, 'before'])
        .sort(),
    );
  });
});
