import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EscalationIndex } from '../../../shared/ports/escalation-index.ts';
import { dueBucketPartition, keys, ticketIdOfPartition } from './keys.ts';
import { TableAccess } from './table-access.ts';

/** The sparse index of tickets by next SLA check, in hour buckets, and the sweep's watermark. */
export class EscalationIndexRepository extends TableAccess implements EscalationIndex {
  bucketOf(instant: string): string {
    return dueBucketPartition(instant);
  }

  // Keys only: the sweep reads each ticket again in the conditional update that escalates it.
  async ticketIdsDueInBucket(bucket: string, now: string): Promise<string[]> {
    const due = await this.queryAll({
      IndexName: 'dueForEscalation',
      KeyConditionExpression: 'GSI4PK = :bucket AND GSI4SK <= :now',
      ExpressionAttributeValues: { ':bucket': bucket, ':now': `${now}#~` },
    });
    return due.map((item) => ticketIdOfPartition(String(item.PK)));
  }

  async getWatermark(): Promise<string | undefined> {
    const item = await this.get(keys.escalationWatermark());
    return typeof item?.sweptAt === 'string' ? item.sweptAt : undefined;
  }

  async setWatermark(sweptAt: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.escalationWatermark(), entity: 'watermark', sweptAt },
      }),
    );
  }
}
