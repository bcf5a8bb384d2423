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
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/client.ts';
import { LocalChangeStream } from '../../../infra/local/change-stream.ts';
import { useDynalite } from '../../support/dynalite.ts';

const TABLE = 'local-stream';
const local = useDynalite(TABLE);

/**
 * A change stream on the table for the keys starting with `prefix`, attached to a client of its own (the stream
 * stays on the client it was attached to); the consumer answers each batch (all taken by default).
 */
function streamOf(
  prefix: string,
  consumer: (event: DynamoDBStreamEvent) => { batchItemFailures: { itemIdentifier: string }[] } = () => ({
    batchItemFailures: [],
  }),
) {
  const received: DynamoDBRecord[] = [];
  const stream = new LocalChangeStream({
    clientConfig: local.dynamo.clientConfig,
    tableName: TABLE,
    watch: (key) => key.PK?.startsWith(prefix) ?? false,
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
