import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createTableInput } from '../../functions/adapters/dynamodb/table.ts';
import { answerTransactions } from './dynalite-transactions.ts';
import { InProcessDynamoDBHandler, unsignedLocally } from './in-process-dynamodb.ts';

export interface LocalDynamoDB {
  endpoint: string;
  /** In-process: requests go straight to dynalite's request listeners; `endpoint` serves other processes. */
  clientConfig: DynamoDBClientConfig;
  close(): Promise<void>;
}

/**
 * Starts dynalite (the DynamoDB API over LevelDB) on a free loopback port; with `path` it persists there,
 * without it the data lives in memory (tests).
 */
export async function startLocalDynamoDB(options: {
  path?: string;
  tableName: string;
}): Promise<LocalDynamoDB> {
  const server: Server = dynalite({
    path: options.path,
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  answerTransactions(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const clientConfig: DynamoDBClientConfig = {
    endpoint,
    region: 'me-south-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new InProcessDynamoDBHandler(server),
    signer: unsignedLocally,
  };
  await ensureTable(new DynamoDBClient(clientConfig), options.tableName);
  return {
    endpoint,
    clientConfig,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  if (!TableNames.includes(tableName)) await client.send(new CreateTableCommand(createTableInput(tableName)));
  // dynalite makes a new table ACTIVE on a timer; until then it answers ResourceNotFound, as DynamoDB does.
  while (
    (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.TableStatus !== 'ACTIVE'
  )
    await new Promise((resolve) => setTimeout(resolve, 5));
  client.destroy();
}
