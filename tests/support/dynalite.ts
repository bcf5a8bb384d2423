import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '../../infra/local/local-dynamodb.ts';

/** An in-memory dynalite with the real table for the test file, and a document client on it, once started. */
export function useDynalite(tableName: string): {
  readonly dynamo: LocalDynamoDB;
  readonly db: DynamoDBDocumentClient;
} {
  let started: { dynamo: LocalDynamoDB; db: DynamoDBDocumentClient } | undefined;
  beforeAll(async () => {
    const dynamo = await startLocalDynamoDB({ tableName });
    started = { dynamo, db: createDocumentClient(dynamo.clientConfig) };
  });
  afterAll(async () => {
    await started?.dynamo.close();
  });
  const live = () => {
    if (!started) throw new Error('dynalite has not started');
    return started;
  };
  return {
    get dynamo() {
      return live().dynamo;
    },
    get db() {
      return live().db;
    },
  };
}
