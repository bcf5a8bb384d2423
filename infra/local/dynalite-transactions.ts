import { closeSync, constants, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { DynaliteCalls, DynaliteError, type Item, type Key } from './dynalite-calls.ts';
import type { DynaliteOperations } from './in-process-dynamodb.ts';
import { batchPut, Invalid, imagesOf, nameOf, restore, type Write, writeOf } from './transaction-writes.ts';

const TARGET = 'DynamoDB_20120810.TransactWriteItems';

/**
 * dynalite has no TransactWriteItems. This answers it in front of dynalite with the same contract: every write
 * (Put, Update, Delete, ConditionCheck) applies or none does, a failed condition cancels the whole transaction
 * with a TransactionCanceledException naming each item's reason, and one item may appear only once.
 * Transactions are serialised; each write is applied with its own condition, and the ones already applied are
 * restored from the images they replaced when a later one fails. With a `journal`, the images of every item a
 * transaction writes are kept there while it runs, so a process killed mid-transaction (`kill -9`) is rolled back
 * when the data folder is opened again (`rollBackInterruptedTransaction`); one whose rollback failed keeps its
 * journal, and is put back before anything else is read or written (until it can be, every call answers 500, which
 * the SDK and the providers retry). Plain writes are not held back while a transaction runs: a local stand-in, not
 * a database.
 */
export function answeringTransactions(
  operations: DynaliteOperations,
  journal?: TransactionJournal,
): DynaliteOperations {
  const client = new DynaliteCalls(operations);
  let queue: Promise<unknown> = Promise.resolve();
  const serialised = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
  // A transaction whose rollback failed (a full disk) left some of its writes in place: until they are put back,
  // nothing is read either, or a retried delivery would find the half-written guard of a ticket that never was.
  let owed = false;
  const answered = (work: Promise<unknown>) =>
    work.then(
      () => ({ statusCode: 200, body: {} }),
      (error: unknown) => {
        if (error instanceof RollbackFailed) owed = true;
        // A rollback not finished is the store's fault, and worth a retry (the SDK retries a 500).
        return { statusCode: error instanceof RollbackFailed ? 500 : 400, body: errorBody(error) };
      },
    );
  const answering: DynaliteOperations = async (operation, input) => {
    if (operation === 'TransactWriteItems') {
      const run = serialised(() =>
        transact(client, (input.TransactItems ?? []) as TransactWriteItem[], journal),
      );
      return answered(run.then(() => (owed = false)));
    }
    if (owed && journal) {
      const putBackNow = await answered(serialised(() => putBackOwed(client, journal)));
      if (putBackNow.statusCode !== 200) return putBackNow;
      owed = false;
    }
    return operations(operation, input);
  };
  return Object.assign(answering, { rollbackOwed: () => owed });
}

/** The HTTP server other processes reach answers TransactWriteItems the same way, in front of dynalite. */
export function serveTransactions(server: Server, operations: DynaliteOperations): void {
  const [dynaliteHandler] = server.listeners('request') as ((
    request: IncomingMessage,
    response: ServerResponse,
  ) => void)[];
  if (!dynaliteHandler) throw new Error('dynalite server has no request handler');
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const owed = (operations as { rollbackOwed?: () => boolean }).rollbackOwed?.() ?? false;
    if (target !== TARGET && !owed) return dynaliteHandler(request, response);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        return answer(response, 400, { __type: 'com.amazon.coral.service#SerializationException' });
      }
      void operations(target.slice(target.indexOf('.') + 1), input).then(
        ({ statusCode, body }) => answer(response, statusCode, body as Record<string, unknown>),
        (error: unknown) => answer(response, 500, errorBody(error)),
      );
    });
  });
}

class Cancelled extends Error {
  constructor(readonly reasons: { Code: string; Message?: string }[]) {
    super(
      `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
    );
  }
}

/** The items a transaction writes, as they were before it: what a rollback puts back. */
interface JournalEntry {
  table: string;
  key: Key;
  before?: Item;
}

/**
 * The file a running transaction's images are kept in: empty when none runs. It stays open, and a transaction
 * costs one write at its start and one truncation at its end (a file written aside, renamed and removed cost a
 * local contact about half a millisecond). A journal ends with a newline: one cut short was never whole, and no
 * write of its transaction had started.
 */
export class TransactionJournal {
  private readonly file: number;
  /** Whether the file holds a transaction: known here, so a transaction does not look at the disk first. */
  private holding: boolean;

  constructor(readonly path: string) {
    this.file = openSync(path, constants.O_RDWR | constants.O_CREAT);
    this.holding = readFileSync(path, 'utf8').length > 0;
  }

  keep(entries: JournalEntry[]): void {
    const text = `${JSON.stringify(entries)}\n`;
    writeSync(this.file, text, 0, 'utf8');
    this.holding = true;
  }

  /** The transaction it holds, if a whole one. */
  held(): JournalEntry[] | undefined {
    if (!this.holding) return undefined;
    const text = readFileSync(this.path, 'utf8');
    if (!text.endsWith('\n')) {
      this.clear();
      return undefined;
    }
    return JSON.parse(text) as JournalEntry[];
  }

  clear(): void {
    ftruncateSync(this.file);
    this.holding = false;
  }

  close(): void {
    closeSync(this.file);
  }
}

/**
 * Puts back the items of a transaction the last process was killed in the middle of, from the images its journal
 * kept, and clears the journal.
 */
export async function rollBackInterruptedTransaction(
  operations: DynaliteOperations,
  journal: TransactionJournal,
): Promise<number> {
  return putBack(new DynaliteCalls(operations), journal);
}

async function putBack(client: DynaliteCalls, journal: TransactionJournal): Promise<number> {
  const entries = journal.held();
  if (!entries) return 0;
  for (const { table, key, before } of entries) {
    if (before) await client.send('PutItem', { TableName: table, Item: before });
    else await client.send('DeleteItem', { TableName: table, Key: key });
  }
  journal.clear();
  return entries.length;
}

/** The writes of a transaction whose rollback failed, put back before anything else is answered. */
async function putBackOwed(client: DynaliteCalls, journal: TransactionJournal): Promise<void> {
  await putBack(client, journal).catch((error: unknown) => {
    throw new RollbackFailed('An earlier transaction is not rolled back yet', { cause: error });
  });
}

/** A transaction's writes could not all be put back: its journal is kept until they are. */
class RollbackFailed extends Error {
  override readonly name = 'InternalServerError';
}

async function transact(
  client: DynaliteCalls,
  items: TransactWriteItem[],
  journal?: TransactionJournal,
): Promise<void> {
  if (items.length === 0 || items.length > 100) throw new Invalid('TransactItems must hold 1 to 100 items');
  const writes = items.map((item, index) => writeOf(client, item, index));
  const names = writes.map((write) => nameOf(write.table, write.key));
  if (new Set(names).size !== names.length) {
    throw new Invalid('Transaction request cannot include multiple operations on one item');
  }
  if (!journal) return applyAll(client, items, writes);
  // A transaction whose rollback failed is put back first; while it cannot be, no other one is written.
  await putBackOwed(client, journal);
  const images = await imagesOf(client, writes);
  journal.keep(writes.map(({ table, key }) => ({ table, key, before: images.get(nameOf(table, key)) })));
  try {
    await applyAll(client, items, writes, images);
  } catch (error) {
    if (!(error instanceof RollbackFailed)) journal.clear();
    throw error;
  }
  // Applied whole: nothing is left to put back.
  journal.clear();
}

async function applyAll(
  client: DynaliteCalls,
  items: TransactWriteItem[],
  writes: Write[],
  images?: Map<string, Item>,
): Promise<void> {
  const cancel = (failed: Write): never => {
    throw new Cancelled(
      writes.map((other) =>
        other === failed
          ? { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }
          : { Code: 'None' },
      ),
    );
  };
  // "Put only if absent" (idempotency markers) is checked with one read and written in batches: cheaper.
  const creations = writes.filter((write) => isCreation(items[write.index]));
  const existing = images ?? (await imagesOf(client, creations));
  const taken = creations.find((write) => existing.has(nameOf(write.table, write.key)));
  if (taken) cancel(taken);
  // With every image read already (the journal's), a plain Put needs no old item answered: it joins the batch.
  const plainPuts = images
    ? writes.filter((write) => items[write.index]?.Put && !isConditional(items[write.index]))
    : [];
  const batched = [...creations, ...plainPuts];
  // Then the other conditional writes, so a failing condition cancels before the unconditional ones.
  const phases = [
    writes.filter((write) => !batched.includes(write) && isConditional(items[write.index])),
    writes.filter((write) => !batched.includes(write) && !isConditional(items[write.index])),
  ];
  const applied: { write: Write; before: Item | undefined }[] = [];
  const rollback = async () => {
    const restored = await Promise.allSettled(
      applied.map(({ write, before }) => restore(client, write, before)),
    );
    const failed = restored.find((outcome) => outcome.status === 'rejected');
    if (failed)
      throw new RollbackFailed('A cancelled transaction could not be rolled back', { cause: failed.reason });
  };
  for (const [index, phase] of phases.entries()) {
    if (index === 1) {
      // Counted before they are written: putting back one that never was puts back what was there.
      applied.push(
        ...batched.map((write) => ({ write, before: existing.get(nameOf(write.table, write.key)) })),
      );
      await batchPut(client, batched, items).catch(async (error: unknown) => {
        await rollback();
        throw error;
      });
    }
    const outcomes = await Promise.allSettled(phase.map((write) => write.apply()));
    outcomes.forEach((outcome, at) => {
      if (outcome.status === 'fulfilled') applied.push({ write: phase[at] as Write, before: outcome.value });
    });
    const failedAt = outcomes.findIndex((outcome) => outcome.status === 'rejected');
    if (failedAt < 0) continue;
    await rollback();
    const error = (outcomes[failedAt] as PromiseRejectedResult).reason;
    if (error instanceof DynaliteError && error.name === 'ConditionalCheckFailedException')
      cancel(phase[failedAt] as Write);
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

const isCreation = (item: TransactWriteItem | undefined) =>
  item?.Put?.ConditionExpression === 'attribute_not_exists(PK)';

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
