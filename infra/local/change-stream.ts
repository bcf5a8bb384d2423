import {
  type AttributeValue,
  DynamoDBClient,
  type DynamoDBClientConfig,
  GetItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { EVENT_FUNCTIONS, isStreamItem } from '../../functions/event-functions.ts';
import { forInProcessUse } from './in-process-dynamodb.ts';

type Key = Record<string, AttributeValue>;
type Image = Record<string, AttributeValue>;
type StreamConsumer = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;

interface MiddlewareTarget {
  middlewareStack: { add(middleware: unknown, options: { step: 'build'; name: string }): void };
}

export interface LocalChangeStreamOptions {
  /** Reads the images with a client of its own, so they bypass the captured stack. */
  clientConfig: DynamoDBClientConfig;
  tableName: string;
  consumer: StreamConsumer;
  /** Which items produce records; the real stream carries every item, locally we skip what nobody reads. */
  watch?: (key: { PK?: string; SK?: string }) => boolean;
  batchSize?: number;
  maxAttempts?: number;
}

/**
 * dynalite has no streams, so this emulates a NEW_AND_OLD_IMAGES stream for writes made through the local
 * runtime's client: a middleware on the client captures PutItem, UpdateItem, DeleteItem, BatchWriteItem and
 * TransactWriteItems, reads each written item before and after the write (holding a per-item lock across
 * read–write–read, so two local writers cannot interleave between an image and its write), and queues a record
 * only when the item changed — as DynamoDB does. Only the items `watch` names make records, as the event
 * source mapping's filter does in AWS. Records go to the consumer in order, in batches, and a batch the consumer
 * hands back (batchItemFailures) is retried from the lowest failed record, like Lambda's stream poller.
 */
export class LocalChangeStream {
  private readonly reader: DynamoDBClient;
  private readonly locks = new Map<string, Promise<void>>();
  private readonly queue: DynamoDBRecord[] = [];
  private sequence = 0n;
  private delivering: Promise<void> | undefined;

  constructor(private readonly options: LocalChangeStreamOptions) {
    // A client of its own, its middleware resolved once: it reads images for every watched write.
    this.reader = forInProcessUse(new DynamoDBClient({ ...options.clientConfig, cacheMiddleware: true }));
  }

  attach(client: MiddlewareTarget): void {
    client.middlewareStack.add(
      (
        next: (args: { input: Record<string, unknown> }) => Promise<unknown>,
        context: { commandName?: string },
      ) =>
        async (args: { input: Record<string, unknown> }) => {
          const keys = this.writtenKeys(context.commandName, args.input);
          if (keys.length === 0) return next(args);
          return this.withLocks(keys, async () => {
            // A put writes its item as given, or (failing) nothing: its new image needs no read, and one that
            // only creates had no old image.
            if (context.commandName === 'PutItemCommand') {
              const creates = args.input.ConditionExpression === 'attribute_not_exists(PK)';
              const before = creates ? undefined : await this.read(keys[0] as Key);
              const result = await next(args);
              this.record(keys[0] as Key, before, args.input.Item as Image);
              return result;
            }
            const before = await Promise.all(keys.map((key) => this.read(key)));
            try {
              return await next(args);
            } finally {
              const after = await Promise.all(keys.map((key) => this.read(key)));
              keys.forEach((key, index) => {
                this.record(key, before[index], after[index]);
              });
            }
          });
        },
      { step: 'build', name: 'localChangeStream' },
    );
  }

  /** Resolves once every captured change has been delivered (tests wait on this before reading reports). */
  async settled(): Promise<void> {
    while (this.delivering) await this.delivering;
  }

  get idle(): boolean {
    return !this.delivering;
  }

  close(): void {
    this.reader.destroy();
  }

  private writtenKeys(commandName: string | undefined, input: Record<string, unknown>): Key[] {
    const table = this.options.tableName;
    const keyOf = (item: Image): Key => ({ PK: item.PK as AttributeValue, SK: item.SK as AttributeValue });
    let keys: Key[] = [];
    if (input.TableName === table && commandName === 'PutItemCommand') keys = [keyOf(input.Item as Image)];
    else if (
      input.TableName === table &&
      (commandName === 'UpdateItemCommand' || commandName === 'DeleteItemCommand')
    )
      keys = [input.Key as Key];
    else if (commandName === 'TransactWriteItemsCommand') {
      // Each written item of the transaction makes its own record, as in DynamoDB.
      const items = (input.TransactItems ?? []) as {
        Put?: { TableName?: string; Item: Image };
        Update?: { TableName?: string; Key: Key };
        Delete?: { TableName?: string; Key: Key };
      }[];
      keys = items.flatMap((item) => {
        if (item.Put?.TableName === table) return [keyOf(item.Put.Item)];
        const written = item.Update ?? item.Delete;
        return written?.TableName === table ? [written.Key] : [];
      });
    } else if (commandName === 'BatchWriteItemCommand') {
      const requests = ((input.RequestItems as Record<string, unknown[]> | undefined)?.[table] ?? []) as {
        PutRequest?: { Item: Image };
        DeleteRequest?: { Key: Key };
      }[];
      keys = requests.map((request) =>
        request.PutRequest ? keyOf(request.PutRequest.Item) : (request.DeleteRequest?.Key as Key),
      );
    }
    const watch = this.options.watch ?? (() => true);
    return keys.filter((key) => watch({ PK: key.PK?.S, SK: key.SK?.S }));
  }

  private async read(key: Key): Promise<Image | undefined> {
    const result = await this.reader.send(
      new GetItemCommand({ TableName: this.options.tableName, Key: key, ConsistentRead: true }),
    );
    return result.Item;
  }

  private record(key: Key, before: Image | undefined, after: Image | undefined): void {
    if (!before && !after) return;
    if (before && after && JSON.stringify(sortKeys(before)) === JSON.stringify(sortKeys(after))) return;
    this.sequence += 1n;
    const sequenceNumber = this.sequence.toString().padStart(21, '0');
    this.queue.push({
      eventID: sequenceNumber,
      eventName: !before ? 'INSERT' : !after ? 'REMOVE' : 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'local',
      eventSourceARN: `arn:aws:dynamodb:local:000000000000:table/${this.options.tableName}/stream/local`,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: key as never,
        NewImage: after as never,
        OldImage: before as never,
        SequenceNumber: sequenceNumber,
        SizeBytes: JSON.stringify(after ?? before).length,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    this.delivering ??= this.deliver().finally(() => {
      this.delivering = undefined;
    });
  }

  private async deliver(): Promise<void> {
    const batchSize = this.options.batchSize ?? 100;
    const maxAttempts = this.options.maxAttempts ?? 5;
    while (this.queue.length > 0) {
      // Let the write that queued the record finish first, as a real stream lags its table.
      await new Promise((resolve) => setImmediate(resolve));
      let batch = this.queue.splice(0, batchSize);
      for (let attempt = 1; batch.length > 0; attempt++) {
        const response = await this.options.consumer({ Records: batch }).catch(() => ({
          batchItemFailures: [{ itemIdentifier: batch[0]?.dynamodb?.SequenceNumber ?? '' }],
        }));
        // Lambda resumes the shard at the lowest sequence number reported.
        const failed = response?.batchItemFailures
          .map((failure) => failure.itemIdentifier)
          .sort((a, b) => a.length - b.length || a.localeCompare(b))[0];
        if (!failed) break;
        if (attempt >= maxAttempts) {
          console.error(`Local change stream: dropping ${batch.length} records after ${attempt} attempts`);
          break;
        }
        batch = batch.slice(
          Math.max(
            0,
            batch.findIndex((r) => r.dynamodb?.SequenceNumber === failed),
          ),
        );
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
  }

  private async withLocks<T>(keys: Key[], work: () => Promise<T>): Promise<T> {
    const names = [...new Set(keys.map((key) => `${key.PK?.S}|${key.SK?.S}`))].sort();
    const releases: (() => void)[] = [];
    for (const name of names) releases.push(await this.lock(name));
    try {
      return await work();
    } finally {
      for (const release of releases) release();
    }
  }

  private async lock(name: string): Promise<() => void> {
    const previous = this.locks.get(name) ?? Promise.resolve();
    let release = () => {};
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    this.locks.set(name, tail);
    await previous;
    return () => {
      release();
      if (this.locks.get(name) === tail) this.locks.delete(name);
    };
  }
}

function sortKeys(image: Image): [string, AttributeValue][] {
  return Object.entries(image).sort(([a], [b]) => a.localeCompare(b));
}

/** The items the local consumers read: ticket items (reports), as the event source mapping's filter says. */
export const isTicketItem = isStreamItem(EVENT_FUNCTIONS.reportAggregator.trigger.items);
