import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { startLocalDynamoDB } from '../../infra/local/local-dynamodb.ts';
import { folderBytes } from '../bench/bench-server.ts';

/** 200 items written 5 times: 1,000 writes, a compaction every 250 of them. */
const ROUNDS = 5;
const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

/** Rewrites the same items over and over, as a day's updates rewrite tickets and their index entries. */
async function churn(
  compactEveryWrites: number,
): Promise<{ manualCompactions: number; folder: string; bytes: number }> {
  const folder = await mkdtemp(join(tmpdir(), 'sanad-compaction-'));
  folders.push(folder);
  const path = join(folder, 'dynamodb');
  const dynamo = await startLocalDynamoDB({ path, tableName: 'churn', compactEveryWrites });
  const db = createDocumentClient(dynamo.clientConfig);
  const body = 'س'.repeat(2_000);
  // One write at a time, so the last compaction starts after every earlier write has landed.
  for (let round = 0; round < ROUNDS; round++) {
    for (let index = 0; index < 200; index++) {
      await db.send(
        new PutCommand({
          TableName: 'churn',
          Item: {
            PK: `TICKET#${index}`,
            SK: 'META',
            round,
            body,
            GSI1PK: 'QUEUE#q',
            GSI1SK: `${round}#${index}`,
          },
        }),
      );
      // Reads as the inbox makes them: a page of the queue, stopped at its limit.
      if (index % 10 === 0)
        await db.send(
          new QueryCommand({
            TableName: 'churn',
            IndexName: 'byQueueStatus',
            KeyConditionExpression: 'GSI1PK = :queue',
            ExpressionAttributeValues: { ':queue': 'QUEUE#q' },
            Limit: 5,
          }),
        );
    }
  }
  db.destroy();
  await dynamo.close();
  // LevelDB's own log names each compaction it was asked for.
  const log = await readFile(join(path, 'LOG'), 'utf8');
  return {
    manualCompactions: log.match(/Manual compaction at level-0/g)?.length ?? 0,
    folder: path,
    bytes: folderBytes(path),
  };
}

describe('the local store’s data folder', () => {
  it('is compacted every so many writes, with no read pinning replaced files, keeping the latest of each item', async () => {
    expect((await churn(Number.POSITIVE_INFINITY)).manualCompactions).toBe(0);
    const compacted = await churn(250);
    // Four thresholds crossed; one that falls while a compaction still runs waits for the next write.
    expect(compacted.manualCompactions).toBeGreaterThanOrEqual(2);

    const reopened = await startLocalDynamoDB({ path: compacted.folder, tableName: 'churn' });
    const db = createDocumentClient(reopened.clientConfig);
    const { Item } = await db.send(
      new GetCommand({ TableName: 'churn', Key: { PK: 'TICKET#7', SK: 'META' } }),
    );
    expect(Item?.round).toBe(ROUNDS - 1);
    db.destroy();
    await reopened.close();
    // Opening deletes the files no version needs; a read left open would have kept replaced files until then.
    expect(compacted.bytes).toBeLessThan(1.5 * folderBytes(compacted.folder));
  }, 120_000);
});
