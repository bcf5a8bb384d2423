import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { startLocalDynamoDB } from '../../infra/local/local-dynamodb.ts';

const TableName = 'document-client';
const dynamo = await startLocalDynamoDB({ tableName: TableName });
const db = createDocumentClient(dynamo.clientConfig);
const commands: string[] = [];
db.middlewareStack.add(
  (next, context) => async (args) => {
    commands.push(String(context.commandName));
    return next(args);
  },
  { step: 'initialize', name: 'seen' },
);
afterAll(() => dynamo.close());

describe('the document client, its middleware resolved once per command type', () => {
  it('answers each request with its own input, marshalled and unmarshalled', async () => {
    for (const index of [1, 2, 3])
      await db.send(
        new PutCommand({
          TableName,
          Item: {
            PK: 'FAMILY',
            SK: `MEMBER#${index}`,
            name: `فرد ${index}`,
            age: index * 10,
            tags: ['أ', 'ب'],
          },
        }),
      );
    const second = await db.send(new GetCommand({ TableName, Key: { PK: 'FAMILY', SK: 'MEMBER#2' } }));
    const third = await db.send(new GetCommand({ TableName, Key: { PK: 'FAMILY', SK: 'MEMBER#3' } }));
    expect(second.Item).toEqual({ PK: 'FAMILY', SK: 'MEMBER#2', name: 'فرد 2', age: 20, tags: ['أ', 'ب'] });
    expect(third.Item?.name).toBe('فرد 3');
    const updated = await db.send(
      new UpdateCommand({
        TableName,
        Key: { PK: 'FAMILY', SK: 'MEMBER#1' },
        UpdateExpression: 'ADD age :years',
        ExpressionAttributeValues: { ':years': 5 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(updated.Attributes?.age).toBe(15);
    const { Items } = await db.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'FAMILY' },
      }),
    );
    expect(Items?.map((item) => item.age)).toEqual([15, 20, 30]);
    const batch = await db.send(
      new BatchGetCommand({ RequestItems: { [TableName]: { Keys: [{ PK: 'FAMILY', SK: 'MEMBER#3' }] } } }),
    );
    expect(batch.Responses?.[TableName]?.[0]?.name).toBe('فرد 3');
  });

  it('takes low-level commands as the SDK does, and runs middleware added before the first request', async () => {
    const raw = await db.send(
      new GetItemCommand({ TableName, Key: { PK: { S: 'FAMILY' }, SK: { S: 'MEMBER#2' } } }),
    );
    expect(raw.Item?.name).toEqual({ S: 'فرد 2' });
    expect(commands).toContain('GetItemCommand');
    expect(commands.filter((name) => name === 'PutItemCommand')).toHaveLength(3);
  });
});
