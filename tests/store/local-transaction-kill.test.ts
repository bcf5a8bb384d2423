import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { startLocalDynamoDB } from '../../infra/local/local-dynamodb.ts';
import { holdsTransaction } from '../support/transaction-journal.ts';

const ROOT = join(import.meta.dirname, '../..');
const TABLE = 'killed-mid-transaction';
const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

/** Starts the writer, and kills it (SIGKILL) a moment into its second transaction. */
async function killMidTransaction(folder: string): Promise<{ journalLeft: boolean }> {
  const journal = `${folder}.transaction.json`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tests/support/transaction-writer.ts', folder, TABLE],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const until = async (journalThere: boolean) => {
    while (holdsTransaction(journal) !== journalThere) await new Promise((resolve) => setImmediate(resolve));
  };
  // The first round whole (its journal came and went), then into the second one's writes.
  await until(true);
  await until(false);
  await until(true);
  await new Promise((resolve) => setTimeout(resolve, 15));
  child.kill('SIGKILL');
  await exited;
  return { journalLeft: holdsTransaction(journal) };
}

describe('a local transaction cut short by kill -9', () => {
  it('is rolled back whole when the data folder is opened again; the finished ones stay whole', async () => {
    let caughtMidway = false;
    for (let attempt = 0; attempt < 3 && !caughtMidway; attempt++) {
      const base = await mkdtemp(join(tmpdir(), 'sanad-killed-transaction-'));
      folders.push(base);
      const folder = join(base, 'dynamodb');
      const { journalLeft } = await killMidTransaction(folder);
      caughtMidway ||= journalLeft;

      const dynamo = await startLocalDynamoDB({ path: folder, tableName: TABLE });
      const db = createDocumentClient(dynamo.clientConfig);
      try {
        expect(holdsTransaction(`${folder}.transaction.json`)).toBe(false);
        const rounds = Number(
          (await db.send(new GetCommand({ TableName: TABLE, Key: { PK: 'COUNTER', SK: 'ROUNDS' } }))).Item
            ?.rounds ?? 0,
        );
        expect(rounds).toBeGreaterThan(0);
        // Every counted round has its 99 items; the round after it has none.
        for (const round of [1, rounds, rounds + 1]) {
          // COUNT still reads the items: a round's 3.7 MB comes in pages of 1 MB.
          let count = 0;
          let from: Record<string, unknown> | undefined;
          do {
            const page = await db.send(
              new QueryCommand({
                TableName: TABLE,
                KeyConditionExpression: 'PK = :round',
                ExpressionAttributeValues: { ':round': `ROUND#${round}` },
                Select: 'COUNT',
                ExclusiveStartKey: from,
              }),
            );
            count += page.Count ?? 0;
            from = page.LastEvaluatedKey;
          } while (from);
          expect(count, `round ${round} of ${rounds} counted`).toBe(round <= rounds ? 99 : 0);
        }
      } finally {
        db.destroy();
        await dynamo.close();
      }
    }
    // At least one kill landed while a transaction was being written, not between two.
    expect(caughtMidway).toBe(true);
  }, 120_000);

  it('ignores a journal cut short (no write of its transaction had started) and goes on', async () => {
    const base = await mkdtemp(join(tmpdir(), 'sanad-torn-journal-'));
    folders.push(base);
    const folder = join(base, 'dynamodb');
    const first = await startLocalDynamoDB({ path: folder, tableName: TABLE });
    const before = createDocumentClient(first.clientConfig);
    await before.send(
      new PutCommand({ TableName: TABLE, Item: { PK: 'KEPT', SK: 'ITEM', state: 'as written' } }),
    );
    before.destroy();
    await first.close();
    // The start of a journal naming that item with no image (a rollback would delete it), without its end.
    const journal = `${folder}.transaction.json`;
    writeFileSync(journal, '[{"table":"killed-mid-transaction","key":{"PK":{"S":"KEPT"},"SK":{"S":"IT');

    const dynamo = await startLocalDynamoDB({ path: folder, tableName: TABLE });
    const db = createDocumentClient(dynamo.clientConfig);
    try {
      expect(holdsTransaction(journal)).toBe(false);
      const kept = await db.send(new GetCommand({ TableName: TABLE, Key: { PK: 'KEPT', SK: 'ITEM' } }));
      expect(kept.Item?.state).toBe('as written');
      await db.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: { TableName: TABLE, Item: { PK: 'NEXT', SK: 'ITEM' } } }],
        }),
      );
      expect(
        (await db.send(new GetCommand({ TableName: TABLE, Key: { PK: 'NEXT', SK: 'ITEM' } }))).Item,
      ).toBeDefined();
      expect(holdsTransaction(journal)).toBe(false);
    } finally {
      db.destroy();
      await dynamo.close();
    }
  });
});
