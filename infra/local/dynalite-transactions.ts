import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type TransactWriteItem,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';

type Key = Record<string, AttributeValue>;
type Item = Record<string, AttributeValue>;

const TARGET = 'DynamoDB_20120810.TransactWriteItems';
const KEY_NAMES = ['PK', 'SK'];

/**
 * dynalite has no TransactWriteItems. This answers it in front of dynalite with the same contract: every write
 * (Put, Update, Delete, ConditionCheck) applies or none does, a failed condition cancels the whole transaction
 * with a TransactionCanceledException naming each item's reason, and one item may appear only once.
 * Transactions are serialised; each write is applied with its own condition, and the ones already applied are
 * restored from their earlier images when a later one fails. Plain writes are not held back while a
 * transaction runs, and a `kill -9` mid-transaction can leave part of it: a local stand-in, not a database.
 */
export function answerTransactions(server: Server): void {
  const [dynaliteHandler] = server.listeners('request') as ((
    request: IncomingMessage,
    response: ServerResponse,
  ) => void)[];
  if (!dynaliteHandler) throw new Error('dynalite server has no request handler');
  let client: DynamoDBClient | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (request.headers['x-amz-target'] !== TARGET) return dynaliteHandler(request, response);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      client ??= internalClient(server);
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        TransactItems?: TransactWriteItem[];
      };
      const run = queue.then(() => transact(client as DynamoDBClient, input.TransactItems ?? []));
      queue = run.catch(() => undefined);
      run.then(
        () => answer(response, 200, {}),
        (error: unknown) => answer(response, 400, errorBody(error)),
      );
    });
  });
  server.once('close', () => client?.destroy());
}

class Cancelled extends Error {
  constructor(readonly reasons: { Code: string; Message?: string }[]) {
    super(
      `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
    );
  }
}

class Invalid extends Error {}

interface Write {
  index: number;
  table: string;
  key: Key;
  apply(): Promise<void>;
}

async function transact(client: DynamoDBClient, items: TransactWriteItem[]): Promise<void> {
  if (items.length === 0 || items.length > 100) throw new Invalid('TransactItems must hold 1 to 100 items');
  const writes = items.map((item, index) => writeOf(client, item, index));
  const names = writes.map((write) => `${write.table}|${JSON.stringify(KEY_NAMES.map((n) => write.key[n]))}`);
  if (new Set(names).size !== names.length) {
    throw new Invalid('Transaction request cannot include multiple operations on one item');
  }
  const befores = new Map(
    await Promise.all(
      writes.map(async (write) => [write, await read(client, write.table, write.key)] as const),
    ),
  );
  // Conditional writes first, so a failing condition cancels before anything unconditional was written.
  const phases = [
    writes.filter((write) => isConditional(items[write.index])),
    writes.filter((write) => !isConditional(items[write.index])),
  ];
  const applied: Write[] = [];
  for (const phase of phases) {
    const outcomes = await Promise.allSettled(phase.map((write) => write.apply()));
    applied.push(...phase.filter((_, index) => outcomes[index]?.status === 'fulfilled'));
    const failedAt = outcomes.findIndex((outcome) => outcome.status === 'rejected');
    if (failedAt < 0) continue;
    await Promise.all(applied.map((write) => restore(client, write, befores.get(write))));
    const failed = phase[failedAt] as Write;
    const error = (outcomes[failedAt] as PromiseRejectedResult).reason;
    if (error instanceof ConditionalCheckFailedException) {
      throw new Cancelled(
        writes.map((other) =>
          other === failed
            ? { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }
            : { Code: 'None' },
        ),
      );
    }
    throw error;
  }
}

const isConditional = (item: TransactWriteItem | undefined) =>
  Boolean(
    item?.ConditionCheck ??
      item?.Put?.ConditionExpression ??
      item?.Update?.ConditionExpression ??
      item?.Delete?.ConditionExpression,
  );

function writeOf(client: DynamoDBClient, item: TransactWriteItem, index: number): Write {
  if (item.Put) {
    const put = item.Put;
    const key = keyOf(put.Item as Item);
    return { index, table: String(put.TableName), key, apply: () => send(client, new PutItemCommand(put)) };
  }
  if (item.Update) {
    const update = item.Update;
    return {
      index,
      table: String(update.TableName),
      key: update.Key as Key,
      apply: () => send(client, new UpdateItemCommand(update)),
    };
  }
  if (item.Delete) {
    const remove = item.Delete;
    return {
      index,
      table: String(remove.TableName),
      key: remove.Key as Key,
      apply: () => send(client, new DeleteItemCommand(remove)),
    };
  }
  if (item.ConditionCheck) {
    const check = item.ConditionCheck;
    const table = String(check.TableName);
    const key = check.Key as Key;
    return {
      index,
      table,
      key,
      // An update that changes nothing checks the condition; it creates a bare key item when none existed.
      apply: async () => {
        const existed = await read(client, table, key);
        await send(
          client,
          new UpdateItemCommand({
            TableName: table,
            Key: key,
            ConditionExpression: check.ConditionExpression,
            ExpressionAttributeNames: { ...check.ExpressionAttributeNames, '#txCheck': 'txCheck' },
            ExpressionAttributeValues: check.ExpressionAttributeValues,
            UpdateExpression: 'REMOVE #txCheck',
          }),
        );
        if (!existed) await send(client, new DeleteItemCommand({ TableName: table, Key: key }));
      },
    };
  }
  throw new Invalid('A TransactItem must hold Put, Update, Delete or ConditionCheck');
}

async function send(client: DynamoDBClient, command: PutItemCommand | UpdateItemCommand | DeleteItemCommand) {
  await client.send(command as PutItemCommand);
}

function keyOf(item: Item): Key {
  return Object.fromEntries(KEY_NAMES.filter((name) => item[name]).map((name) => [name, item[name]])) as Key;
}

async function read(client: DynamoDBClient, table: string, key: Key): Promise<Item | undefined> {
  const result = await client.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }));
  return result.Item;
}

async function restore(client: DynamoDBClient, write: Write, before: Item | undefined): Promise<void> {
  if (before) await client.send(new PutItemCommand({ TableName: write.table, Item: before }));
  else await client.send(new DeleteItemCommand({ TableName: write.table, Key: write.key }));
}

function internalClient(server: Server): DynamoDBClient {
  const { port } = server.address() as AddressInfo;
  return new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'me-south-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

function errorBody(error: unknown): Record<string, unknown> {
  const prefix = 'com.amazonaws.dynamodb.v20120810#';
  if (error instanceof Cancelled) {
    return {
      __type: `${prefix}TransactionCanceledException`,
      message: error.message,
      CancellationReasons: error.reasons,
    };
  }
  const name = error instanceof Invalid ? 'ValidationException' : (error as Error).name;
  return { __type: `${prefix}${name}`, message: (error as Error).message };
}

function answer(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0' });
  response.end(JSON.stringify(body));
}
