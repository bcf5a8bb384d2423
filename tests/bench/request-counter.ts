import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);
const READS = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand', 'ScanCommand']);

type Capacity = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };

/**
 * Counts DynamoDB requests by kind as they leave the client (one per attempt), and the capacity units they
 * consume as DynamoDB bills them (asked of every request with ReturnConsumedCapacity).
 */
export class RequestCounter {
  reads = 0;
  writes = 0;
  scans = 0;
  readUnits = 0;
  writeUnits = 0;

  attach(client: DynamoDBDocumentClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName);
        if (WRITES.has(command)) this.writes += 1;
        if (READS.has(command)) this.reads += 1;
        if (command === 'ScanCommand') this.scans += 1;
        const input = args.input as { ReturnConsumedCapacity?: string };
        if (WRITES.has(command) || READS.has(command)) input.ReturnConsumedCapacity = 'TOTAL';
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
        for (const capacity of [consumed ?? []].flat()) {
          const units = capacity.CapacityUnits ?? 0;
          if (WRITES.has(command)) this.writeUnits += capacity.WriteCapacityUnits ?? units;
          else this.readUnits += capacity.ReadCapacityUnits ?? units;
        }
        return result;
      },
      { step: 'initialize', name: 'benchRequestCounter' },
    );
  }

  snapshot(): { reads: number; writes: number; readUnits: number; writeUnits: number } {
    return { reads: this.reads, writes: this.writes, readUnits: this.readUnits, writeUnits: this.writeUnits };
  }
}
