import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '../../infra/local/local-dynamodb.ts';
import { difference, RequestCounter } from './request-counter.ts';

const TABLE = 'request-counter';
let dynamo: LocalDynamoDB;

beforeAll(async () => {
  dynamo = await startLocalDynamoDB({ tableName: TABLE });
});
afterAll(async () => {
  await dynamo.close();
});

describe('the bench request counter', () => {
  it('bills writes by size before and after, twice in a transaction, plus one write per index touched', async () => {
    const db = createDocumentClient(dynamo.clientConfig);
    const counter = new RequestCounter();
    counter.attach(db);
    counter.images = true;
    const step = async (work: () => Promise<unknown>) => {
      const before = counter.snapshot();
      await work();
      return difference(counter.snapshot(), before);
    };
    const text = 'x'.repeat(1500);

    const plain = await step(() =>
      db.send(new PutCommand({ TableName: TABLE, Item: { PK: 'A', SK: '1', v: 'y' } })),
    );
    expect(plain).toMatchObject({ writeRequests: 1, writeItems: 1, tableWriteUnits: 1, indexWrites: 0 });

    // 1.5 KB in two indexes: 2 WRU on the table, 2 on byQueueStatus (all of it), 1 on byContact (its keys).
    const indexed = { PK: 'B', SK: '1', GSI1PK: 'Q', GSI1SK: 'new', GSI3PK: 'C', GSI3SK: '1', text };
    const put = await step(() => db.send(new PutCommand({ TableName: TABLE, Item: indexed })));
    expect(put).toMatchObject({ tableWriteUnits: 2, indexWrites: 2, indexWriteUnits: 3 });
    expect(put.writeUnitsByKind).toEqual({ B: 5 });

    // Sets one attribute of the indexed item.
    const setOnIndexed = (attribute: string, value: string) =>
      step(() =>
        db.send(
          new UpdateCommand({
            TableName: TABLE,
            Key: { PK: 'B', SK: '1' },
            UpdateExpression: 'SET #a = :v',
            ExpressionAttributeNames: { '#a': attribute },
            ExpressionAttributeValues: { ':v': value },
          }),
        ),
      );

    // Its byQueueStatus key moves (delete and put there); byContact keeps keys only, and they did not change.
    const moved = await setOnIndexed('GSI1SK', 'open');
    expect(moved).toMatchObject({ tableWriteUnits: 2, indexWrites: 2, indexWriteUnits: 4 });

    // A change of its byContact key rewrites that index's keys: one unit.
    const recontacted = await setOnIndexed('GSI3PK', 'D');
    // byQueueStatus: rewritten in place (2); byContact: delete and put of its keys (1 + 1).
    expect(recontacted).toMatchObject({ tableWriteUnits: 2, indexWrites: 3, indexWriteUnits: 4 });

    const transaction = await step(() =>
      db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: TABLE, Item: { PK: 'T', SK: '1' } } },
            { Put: { TableName: TABLE, Item: { PK: 'T', SK: '2' } } },
          ],
        }),
      ),
    );
    expect(transaction).toMatchObject({ writeRequests: 1, writeItems: 2, tableWriteUnits: 4 });

    const read = await step(() => db.send(new GetCommand({ TableName: TABLE, Key: { PK: 'B', SK: '1' } })));
    expect(read).toMatchObject({ readRequests: 1, readItems: 1, readUnits: 0.5, writeRequests: 0 });
  });

  it('counts requests but no write units while images are off', async () => {
    const db = createDocumentClient(dynamo.clientConfig);
    const counter = new RequestCounter();
    counter.attach(db);
    await db.send(new PutCommand({ TableName: TABLE, Item: { PK: 'C', SK: '1' } }));
    expect(counter.snapshot()).toMatchObject({
      writeRequests: 1,
      imagedWriteRequests: 0,
      tableWriteUnits: 0,
    });
  });
});
