import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { forInProcessUse, InProcessDynamoDBHandler } from '../../infra/local/in-process-dynamodb.ts';
import { startLocalDynamoDB } from '../../infra/local/local-dynamodb.ts';

const TableName = 'answers-main';
const dynamo = await startLocalDynamoDB({ tableName: TableName });
const inProcess = forInProcessUse(createDocumentClient(dynamo.clientConfig));
// A client made from the same config without it (tests, the table's creation) goes through the SDK's serde.
const serialised = createDocumentClient(dynamo.clientConfig);
// Another process reaches the same store over HTTP, signing as the SDK does.
const overHttp = createDocumentClient({
  endpoint: dynamo.endpoint,
  region: 'me-south-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
afterAll(async () => {
  inProcess.destroy();
  serialised.destroy();
  overHttp.destroy();
  await dynamo.close();
});

const clients = {
  'in this process': inProcess,
  'in this process, serialised by the SDK': serialised,
  'over HTTP': overHttp,
};

describe.each(Object.entries(clients))('the local store answers %s as DynamoDB does', (via, db) => {
  const PK = `ANSWERS#${via}`;

  it('a failed condition with the SDK’s own exception', async () => {
    await db.send(new PutCommand({ TableName, Item: { PK, SK: 'ONE', n: 1 } }));
    const refused = db.send(
      new PutCommand({
        TableName,
        Item: { PK, SK: 'ONE', n: 2 },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    await expect(refused).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });

  it('an invalid request with a ValidationException and its reason', async () => {
    const invalid = db.send(
      new UpdateCommand({ TableName, Key: { PK, SK: 'ONE' }, UpdateExpression: 'SET n = :missing' }),
    );
    await expect(invalid).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/:missing/),
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('an unknown table with ResourceNotFoundException', async () => {
    await expect(
      db.send(new PutCommand({ TableName: 'no-such-table', Item: { PK, SK: 'ONE' } })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('a transaction all or nothing, naming the item whose condition failed', async () => {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName, Item: { PK, SK: 'TX-A', n: 1 } } },
          {
            Update: {
              TableName,
              Key: { PK, SK: 'TX-B' },
              UpdateExpression: 'ADD n :one',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
        ],
      }),
    );
    const cancelled = await db
      .send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName,
                Key: { PK, SK: 'TX-B' },
                UpdateExpression: 'ADD n :one',
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
            {
              Put: {
                TableName,
                Item: { PK, SK: 'TX-A', n: 9 },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      )
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(cancelled).toBeInstanceOf(TransactionCanceledException);
    expect((cancelled as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual([
      'None',
      'ConditionalCheckFailed',
    ]);
    const { Responses } = await db.send(
      new BatchGetCommand({
        RequestItems: {
          [TableName]: {
            Keys: [
              { PK, SK: 'TX-A' },
              { PK, SK: 'TX-B' },
            ],
            ConsistentRead: true,
          },
        },
      }),
    );
    const bySk = Object.fromEntries((Responses?.[TableName] ?? []).map((item) => [item.SK, item.n]));
    // The cancelled transaction changed nothing: TX-B was counted once, TX-A kept its first value.
    expect(bySk).toEqual({ 'TX-A': 1, 'TX-B': 1 });
  });
});

describe('the runtime’s client of the store in this process', () => {
  it('hands each command’s input to the store without an HTTP request, binary values included', async () => {
    const http = vi.spyOn(InProcessDynamoDBHandler.prototype, 'handle');
    const photo = new Uint8Array([0, 255, 16, 32, 64]);
    await inProcess.send(new PutCommand({ TableName, Item: { PK: 'ANSWERS#binary', SK: 'ONE', photo } }));
    const { Item } = await inProcess.send(
      new GetCommand({ TableName, Key: { PK: 'ANSWERS#binary', SK: 'ONE' }, ConsistentRead: true }),
    );
    expect(Buffer.from(Item?.photo as Uint8Array)).toEqual(Buffer.from(photo));
    // Another process reads the same bytes.
    const { Item: seen } = await overHttp.send(
      new GetCommand({ TableName, Key: { PK: 'ANSWERS#binary', SK: 'ONE' }, ConsistentRead: true }),
    );
    expect(Buffer.from(seen?.photo as Uint8Array)).toEqual(Buffer.from(photo));
    expect(http).not.toHaveBeenCalled();
    http.mockRestore();
  });

  it('resolves no endpoint for the store in this process, with the document client or the low-level one', async () => {
    const lowLevel = forInProcessUse(new DynamoDBClient({ ...dynamo.clientConfig, cacheMiddleware: true }));
    const resolved = [inProcess, lowLevel, serialised].map((client) =>
      vi.spyOn(client.config as unknown as { endpointProvider: () => unknown }, 'endpointProvider'),
    );
    const Key = { PK: 'ANSWERS#endpoint', SK: 'ONE' };
    await inProcess.send(new PutCommand({ TableName, Item: { ...Key, n: 1 } }));
    const read = await lowLevel.send(
      new GetItemCommand({ TableName, Key: { PK: { S: Key.PK }, SK: { S: Key.SK } }, ConsistentRead: true }),
    );
    expect(read.Item?.n).toEqual({ N: '1' });
    await serialised.send(new GetCommand({ TableName, Key, ConsistentRead: true }));
    expect(resolved.map((spy) => spy.mock.calls.length > 0)).toEqual([false, false, true]);
    lowLevel.destroy();
  });

  it('leaves a client of another endpoint signing and retrying as the SDK does', async () => {
    const remote = forInProcessUse(
      createDocumentClient({
        endpoint: dynamo.endpoint,
        region: 'me-south-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    );
    await remote.send(new PutCommand({ TableName, Item: { PK: 'ANSWERS#remote', SK: 'ONE', n: 1 } }));
    const { Item } = await remote.send(
      new GetCommand({ TableName, Key: { PK: 'ANSWERS#remote', SK: 'ONE' }, ConsistentRead: true }),
    );
    expect(Item?.n).toBe(1);
    remote.destroy();
  });
});
