/**
 * A process that opens a local store on a data folder and writes large transactions, one after another, until
 * it is killed: `tests/store/local-transaction-kill.test.ts` kills it in the middle of one.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { startLocalDynamoDB } from '../../infra/local/local-dynamodb.ts';

const [folder, tableName] = process.argv.slice(2) as [string, string];
const dynamo = await startLocalDynamoDB({ path: folder, tableName });
const db = createDocumentClient(dynamo.clientConfig);
// Close to DynamoDB's 4 MB a transaction: long enough that a kill lands inside it.
const padding = 'ب'.repeat(19_000);
process.stdout.write('ready\n');
for (let round = 1; ; round++) {
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        ...Array.from({ length: 99 }, (_, index) => ({
          Put: {
            TableName: tableName,
            Item: { PK: `ROUND#${round}`, SK: `ITEM#${index}`, padding },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        })),
        {
          Update: {
            TableName: tableName,
            Key: { PK: 'COUNTER', SK: 'ROUNDS' },
            UpdateExpression: 'ADD rounds :one',
            ExpressionAttributeValues: { ':one': 1 },
          },
        },
      ],
    }),
  );
}
