import { appendFileSync, closeSync, openSync, renameSync, writeFileSync } from 'node:fs';
import {
  type AttributeValue,
  DynamoDBClient,
  type DynamoDBClientConfig,
  GetItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { EVENT_FUNCTIONS, isStreamItem } from '../../functions/event-functions.ts';
import { forInProcessUse } from './in-process-dynamodb.ts';
import { ItemLocks } from './item-locks.ts';
import { type Image, type JournalEntry, type Key, keepBinary, readJournal } from './stream-journal.ts';
import { transactionPuts, writtenKeys } from './written-keys.ts';

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
  /**
   * A file each watched write is journaled to before it is made, so that what the consumer has not yet
   * acknowledged is delivered again after a crash (`recover()`), as DynamoDB's stream keeps it. Without it the
   * records live in memory only (tests on in-memory dynalite).
   */
  journal?: string;
  /** Journal size (characters) past which it is rewritten to what is still unacknowledged. */
  journalRewriteAt?: number;
}

interface Unacknowledged {
  line: string;
  done: boolean;
}

/**
 * A new ticket journals ~100 bytes, a staff change its old image (1–3 kB). A rewrite costs 1–2 ms: on every idle
 * moment it added ~0.5 ms to each write, so the journal is let grow to this first.
 */
const JOURNAL_REWRITE_AT = 1 << 20;

/**
 * dynalite has no streams, so this emulates a NEW_AND_OLD_IMAGES stream for writes made through the local
 * runtime's client: a middleware on the client captures PutItem, UpdateItem, DeleteItem, BatchWriteItem and
 * TransactWriteItems, reads each written item before and after the write (holding a per-item lock across
 * read–write–read, so two local writers cannot interleave between an image and its write), and queues a record
 * only when the item changed — as DynamoDB does. Only the items `watch` names make records, as the event
 * source mapping's filter does in AWS. Records go to the consumer in order, in batches, and a batch the consumer
 * hands back (batchItemFailures) is retried from the lowest failed record, like Lambda's stream poller.
 *
 * With a `journal` the stream survives `kill -9` as DynamoDB's does: inside the item's lock, before the write,
 * the key and old image are appended to the file; once the consumer has acknowledged every record up to a
 * sequence, that sequence is appended. `recover()` (before any write) delivers again each journaled write past
 * it: its new image is the next entry's old image for the same item, else the item as it is now, and a write
 * that changed nothing (it never happened) makes no record. Delivery is at least once: the consumer is
 * idempotent per change.
 */
export class LocalChangeStream {
  private readonly reader: DynamoDBClient;
  private readonly locks = new ItemLocks();
  private readonly queue: DynamoDBRecord[] = [];
  private sequence = 0;
  private delivering: Promise<void> | undefined;
  private journalFile: number | undefined;
  private journalChars = 0;
  /** Journaled writes past `acknowledged`, in sequence order; a done one waits for those before it. */
  private readonly unacknowledged = new Map<number, Unacknowledged>();
  private unacknowledgedChars = 0;
  private acknowledged = 0;
  private persisted = 0;

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
          const keys = writtenKeys(
            context.commandName,
            args.input,
            this.options.tableName,
            this.options.watch,
          );
          if (keys.length === 0) return next(args);
          return this.locks.holding(keys.map(lockName), async () => {
            // A put writes its item as given, or (failing) nothing: its new image needs no read, and one that
            // only creates had no old image (journaled, it is read all the same: replay must know it was absent).
            if (context.commandName === 'PutItemCommand') {
              const key = keys[0] as Key;
              const creates =
                !this.options.journal && args.input.ConditionExpression === 'attribute_not_exists(PK)';
              const before = creates ? undefined : await this.read(key);
              const entry = this.journal([{ k: key, b: before }])[0] as JournalEntry;
              let result: unknown;
              try {
                result = await next(args);
              } catch (error) {
                this.done(entry.s);
                throw error;
              }
              this.record(entry, before, args.input.Item as Image);
              return result;
            }
            const puts = transactionPuts(context.commandName, args.input, this.options.tableName, lockName);
            // A transaction's Put that only creates found no item if it applied, and changed none if it did not
            // (replayed, its absent old image is what a write that happened had; one that did not finds none).
            const creates = (key: Key) => puts.get(lockName(key))?.creates === true;
            const before = await Promise.all(keys.map((key) => (creates(key) ? undefined : this.read(key))));
            const entries = this.journal(keys.map((key, index) => ({ k: key, b: before[index] })));
            let written = false;
            try {
              const result = await next(args);
              written = true;
              return result;
            } finally {
              // A transaction applied whole put each of its Put items as given: only the others are read back.
              const after = await Promise.all(
                keys.map((key) => {
                  if (written) return puts.get(lockName(key))?.item ?? this.read(key);
                  return creates(key) ? undefined : this.read(key);
                }),
              );
              entries.forEach((entry, index) => {
                this.record(entry, before[index], after[index]);
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

  /**
   * Delivers again what the journal holds past its last acknowledged sequence (what a killed run had not
   * delivered); returns how many records. Call it before any write through the attached client.
   */
  async recover(): Promise<number> {
    const path = this.options.journal;
    if (!path) return 0;
    const { acknowledged, entries } = readJournal(path);
    this.acknowledged = Math.max(this.acknowledged, acknowledged);
    const pending = entries.filter(({ entry }) => entry.s > this.acknowledged);
    this.persisted = this.acknowledged;
    this.sequence = pending.at(-1)?.entry.s ?? this.acknowledged;
    // Each item's writes from the last back: a write's new image is what the next one found, or the item now.
    const byItem = new Map<string, JournalEntry[]>();
    for (const { entry } of pending) {
      const writes = byItem.get(lockName(entry.k));
      if (writes) writes.push(entry);
      else byItem.set(lockName(entry.k), [entry]);
    }
    const newImages = new Map<number, Image | undefined>();
    await Promise.all(
      [...byItem.values()].map(async (writes) => {
        let after = await this.read((writes[0] as JournalEntry).k);
        for (const entry of writes.reverse()) {
          newImages.set(entry.s, after);
          after = entry.b;
        }
      }),
    );
    for (const { entry, line } of pending) {
      this.unacknowledged.set(entry.s, { line, done: false });
      this.unacknowledgedChars += line.length;
    }
    this.rewriteJournal();
    const queued = this.queue.length;
    for (const { entry } of pending) this.record(entry, entry.b, newImages.get(entry.s));
    return this.queue.length - queued;
  }

  close(): void {
    this.reader.destroy();
    if (this.journalFile === undefined) return;
    // Stopped cleanly with everything delivered: the next start has nothing to replay.
    if (this.unacknowledged.size === 0) this.rewriteJournal();
    closeSync(this.journalFile);
    this.journalFile = undefined;
  }

  private async read(key: Key): Promise<Image | undefined> {
    const result = await this.reader.send(
      new GetItemCommand({ TableName: this.options.tableName, Key: key, ConsistentRead: true }),
    );
    return result.Item;
  }

  /** Numbers the writes about to be made and, with a journal, appends them (one append a command). */
  private journal(writes: { k: Key; b?: Image }[]): JournalEntry[] {
    const t = Math.floor(Date.now() / 1000);
    const entries = writes.map((write) => ({ s: ++this.sequence, t, ...write }));
    if (this.options.journal === undefined) return entries;
    if (this.journalFile === undefined)
      throw new Error('LocalChangeStream: recover() before the first write');
    let text = '';
    for (const entry of entries) {
      const line = `${JSON.stringify(entry, keepBinary)}\n`;
      this.unacknowledged.set(entry.s, { line, done: false });
      this.unacknowledgedChars += line.length;
      text += line;
    }
    this.append(text);
    return entries;
  }

  private record(entry: JournalEntry, before: Image | undefined, after: Image | undefined): void {
    if ((!before && !after) || (before && after && sameImage(before, after))) {
      this.done(entry.s);
      this.compact();
      return;
    }
    const sequenceNumber = String(entry.s).padStart(21, '0');
    this.queue.push({
      eventID: sequenceNumber,
      eventName: !before ? 'INSERT' : !after ? 'REMOVE' : 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'local',
      eventSourceARN: `arn:aws:dynamodb:local:000000000000:table/${this.options.tableName}/stream/local`,
      dynamodb: {
        ApproximateCreationDateTime: entry.t,
        Keys: entry.k as never,
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

  /** A journaled write needs no more delivery; the acknowledged sequence moves past every one done. */
  private done(sequence: number): void {
    const write = this.unacknowledged.get(sequence);
    if (!write) return;
    write.done = true;
    for (const [each, { line, done }] of this.unacknowledged) {
      if (!done) break;
      this.unacknowledged.delete(each);
      this.unacknowledgedChars -= line.length;
      this.acknowledged = each;
    }
  }

  /** After a batch (taken, or dropped after its attempts): the acknowledged sequence is kept. */
  private acknowledge(batch: DynamoDBRecord[]): void {
    if (this.journalFile === undefined) return;
    for (const record of batch) this.done(Number(record.dynamodb?.SequenceNumber));
    if (this.acknowledged > this.persisted) {
      this.append(`{"a":${this.acknowledged}}\n`);
      this.persisted = this.acknowledged;
    }
    this.compact();
  }

  /** A long journal is cut to what is unacknowledged: to nothing when idle, else once that is at most half. */
  private compact(): void {
    if (this.journalFile === undefined) return;
    const limit = this.options.journalRewriteAt ?? JOURNAL_REWRITE_AT;
    if (this.journalChars > limit && this.journalChars > 2 * this.unacknowledgedChars) this.rewriteJournal();
  }

  private append(text: string): void {
    // Synchronous, so it is in the file (the page cache, which outlives the process) before the write starts.
    appendFileSync(this.journalFile as number, text);
    this.journalChars += text.length;
  }

  /** The journal as only what is unacknowledged, written aside and renamed so a kill leaves one or the other. */
  private rewriteJournal(): void {
    const path = this.options.journal as string;
    let text = `{"a":${this.acknowledged}}\n`;
    for (const { line } of this.unacknowledged.values()) text += line;
    writeFileSync(`${path}.next`, text);
    renameSync(`${path}.next`, path);
    if (this.journalFile !== undefined) closeSync(this.journalFile);
    this.journalFile = openSync(path, 'a');
    this.journalChars = text.length;
    this.persisted = this.acknowledged;
  }

  private async deliver(): Promise<void> {
    const batchSize = this.options.batchSize ?? 100;
    const maxAttempts = this.options.maxAttempts ?? 5;
    while (this.queue.length > 0) {
      // Let the write that queued the record finish first, as a real stream lags its table.
      await new Promise((resolve) => setImmediate(resolve));
      const taken = this.queue.splice(0, batchSize);
      let batch = taken;
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
      this.acknowledge(taken);
    }
  }
}

const lockName = (key: Key) => `${key.PK?.S}|${key.SK?.S}`;

function sameImage(a: Image, b: Image): boolean {
  return JSON.stringify(sortKeys(a), keepBinary) === JSON.stringify(sortKeys(b), keepBinary);
}

function sortKeys(image: Image): [string, AttributeValue][] {
  return Object.entries(image).sort(([a], [b]) => a.localeCompare(b));
}

/** The items the local consumers read: ticket items (reports), as the event source mapping's filter says. */
export const isTicketItem = isStreamItem(EVENT_FUNCTIONS.reportAggregator.trigger.items);
