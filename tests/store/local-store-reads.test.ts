import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ClassicLevel } from 'classic-level';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { startLocalDynamoDB } from '../../infra/local/local-dynamodb.ts';

const folder = await mkdtemp(join(tmpdir(), 'sanad-reads-'));
const dynamo = await startLocalDynamoDB({ path: folder, tableName: 'sanad-reads' });
const db = createDocumentClient(dynamo.clientConfig);
afterAll(async () => {
  await dynamo.close();
  await rm(folder, { recursive: true, force: true });
});

describe('the on-disk local store', () => {
  it('reads items with LevelDB’s synchronous Get, and a read sees the write answered before it', async () => {
    const synchronous = vi.spyOn(
      ClassicLevel.prototype as unknown as { _getSync: () => unknown },
      '_getSync',
    );
    const asynchronous = vi.spyOn(ClassicLevel.prototype as unknown as { _get: () => unknown }, '_get');
    const Key = { PK: 'COUNTER#reads', SK: 'COUNTER' };
    await db.send(new PutCommand({ TableName: 'sanad-reads', Item: { ...Key, seq: 0 } }));
    for (let round = 1; round <= 20; round++) {
      await db.send(
        new UpdateCommand({
          TableName: 'sanad-reads',
          Key,
          UpdateExpression: 'ADD seq :one',
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
      const { Item } = await db.send(new GetCommand({ TableName: 'sanad-reads', Key, ConsistentRead: true }));
      expect(Item?.seq).toBe(round);
    }
    expect(synchronous.mock.calls.length).toBeGreaterThanOrEqual(40);
    expect(asynchronous).not.toHaveBeenCalled();
    synchronous.mockRestore();
    asynchronous.mockRestore();
  });
});
