import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { observed, ownInvocation } from '../../functions/lib/observability.ts';
import { invokeLocally } from '../../infra/local/api-gateway-event.ts';
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

    // 1.5 KB in two indexes, most of it an attribute neither keeps: 2 WRU on the table, 1 on byQueueStatus (the
    // list row it keeps), 1 on byContact (its keys).
    const indexed = { PK: 'B', SK: '1', GSI1PK: 'Q', GSI1SK: 'new', GSI3PK: 'C', GSI3SK: '1', text };
    const put = await step(() => db.send(new PutCommand({ TableName: TABLE, Item: indexed })));
    expect(put).toMatchObject({ tableWriteUnits: 2, indexWrites: 2, indexWriteUnits: 2 });
    expect(put.writeUnitsByKind).toEqual({ B: 4 });

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

    // An attribute no index keeps: the table alone is written.
    const unkept = await setOnIndexed('text', 'z'.repeat(1500));
    expect(unkept).toMatchObject({ tableWriteUnits: 2, indexWrites: 0, indexWriteUnits: 0 });

    // A row attribute past 1 KB: byQueueStatus is rewritten in place, billed by the row it keeps.
    const grown = await setOnIndexed('preview', 'p'.repeat(1200));
    expect(grown).toMatchObject({ tableWriteUnits: 3, indexWrites: 1, indexWriteUnits: 2 });

    // Its byQueueStatus key moves (delete and put there); byContact's keys did not change.
    const moved = await setOnIndexed('GSI1SK', 'open');
    expect(moved).toMatchObject({ tableWriteUnits: 3, indexWrites: 2, indexWriteUnits: 4 });

    // A change of its byContact key: delete and put of its keys there (1 + 1); the row did not change.
    const recontacted = await setOnIndexed('GSI3PK', 'D');
    expect(recontacted).toMatchObject({ tableWriteUnits: 3, indexWrites: 2, indexWriteUnits: 2 });

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

  it('counts the round trips each invocation waits on in turn, by function', async () => {
    const db = createDocumentClient(dynamo.clientConfig);
    const counter = new RequestCounter();
    counter.attach(db);
    const get = () => db.send(new GetCommand({ TableName: TABLE, Key: { PK: 'A', SK: '1' } }));
    const put = () => db.send(new PutCommand({ TableName: TABLE, Item: { PK: 'D', SK: '1' } }));
    // A read, then a read and a write together, then a write after both: three in turn.
    const threeInTurn = observed(async () => {
      await get();
      await Promise.all([get(), put()]);
      await put();
    });
    const one = observed(async () => {
      await Promise.all([get(), get(), put()]);
    });
    await invokeLocally('Intake', threeInTurn, {});
    await Promise.all([invokeLocally('Intake', one, {}), invokeLocally('Consumer', one, {})]);
    // Outside any invocation: counted as a request, in no function's chain.
    await ownInvocation(get);
    expect(counter.snapshot()).toMatchObject({
      requests: 11,
      roundTripsByFunction: {
        Intake: { invocations: 2, sequential: 4 },
        Consumer: { invocations: 1, sequential: 1 },
      },
    });
  });
});
