import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);
const READS = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand', 'ScanCommand']);

/** Counts DynamoDB requests by kind as they leave the client (after retries are decided, one per attempt). */
export class RequestCounter {
  reads = 0;
  writes = 0;
  scans = 0;

  attach(client: DynamoDBDocumentClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName);
        if (WRITES.has(command)) this.writes += 1;
        if (READS.has(command)) this.reads += 1;
        if (command === 'ScanCommand') this.scans += 1;
        return next(args);
      },
      { step: 'initialize', name: 'benchRequestCounter' },
    );
  }

  snapshot(): { reads: number; writes: number } {
    return { reads: this.reads, writes: this.writes };
  }
}
