import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { createTableInput } from '../../functions/adapters/dynamodb/table.ts';
import { startLocalDynamoDB } from '../../infra/local/local-dynamodb.ts';

const dynamo = await startLocalDynamoDB({ tableName: 'tables-main' });
const client = new DynamoDBClient(dynamo.clientConfig);
const db = createDocumentClient(dynamo.clientConfig);
afterAll(async () => {
  client.destroy();
  await dynamo.close();
});

async function active(name: string) {
  while ((await client.send(new DescribeTableCommand({ TableName: name }))).Table?.TableStatus !== 'ACTIVE')
    await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('the local store’s table descriptions, kept between requests', () => {
  it('follow a table deleted and created again under the same name', async () => {
    await client.send(new CreateTableCommand(createTableInput('tables-churn')));
    await active('tables-churn');
    await db.send(new PutCommand({ TableName: 'tables-churn', Item: { PK: 'A', SK: 'B', round: 1 } }));
    expect(
      (await db.send(new GetCommand({ TableName: 'tables-churn', Key: { PK: 'A', SK: 'B' } }))).Item,
    ).toEqual({ PK: 'A', SK: 'B', round: 1 });

    await client.send(new DeleteTableCommand({ TableName: 'tables-churn' }));
    await expect(
      (async () => {
        // dynalite deletes on a timer; once gone, a write must be refused as DynamoDB refuses it.
        for (;;) {
          await db.send(new PutCommand({ TableName: 'tables-churn', Item: { PK: 'A', SK: 'B', round: 2 } }));
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })(),
    ).rejects.toThrow(/not found/i);
    // As in DynamoDB, the name is free again only once the table is gone, not while it is DELETING.
    await expect(
      (async () => {
        for (;;) {
          await client.send(new DescribeTableCommand({ TableName: 'tables-churn' }));
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })(),
    ).rejects.toThrow(/not found/i);

    await client.send(new CreateTableCommand(createTableInput('tables-churn')));
    await active('tables-churn');
    expect(
      (await db.send(new GetCommand({ TableName: 'tables-churn', Key: { PK: 'A', SK: 'B' } }))).Item,
    ).toBeUndefined();
  });
});
