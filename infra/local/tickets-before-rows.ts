import type { DynamoDBClient, TableDescription } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { slaBadgeOf } from '../../shared/domain/ticket-row.ts';
import type { TicketSla } from '../../shared/sla/clocks.ts';

/**
 * A data folder made before the list indexes kept rows (`428082d`) still has list indexes that keep every
 * attribute (dynalite cannot change a projection), and tickets written without the SLA badge their row and the
 * at-risk filter read. Those tickets get their badge once, as the folder is opened; a table made since is left
 * alone without a read. Answers how many tickets were given one.
 */
export async function badgeTicketsWrittenBeforeRows(
  client: DynamoDBClient,
  table: TableDescription,
): Promise<number> {
  const tableName = table.TableName as string;
  const queueIndex = table.GlobalSecondaryIndexes?.find((index) => index.IndexName === 'byQueueStatus');
  if (queueIndex?.Projection?.ProjectionType !== 'ALL') return 0;
  const db = DynamoDBDocumentClient.from(client);
  let badged = 0;
  const pages = paginateScan(
    { client: db },
    {
      TableName: tableName,
      FilterExpression:
        'SK = :meta AND entity = :ticket AND attribute_exists(sla) AND attribute_not_exists(slaBadge)',
      ExpressionAttributeValues: { ':meta': 'META', ':ticket': 'ticket' },
      ProjectionExpression: 'PK, SK, sla',
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const slaBadge = slaBadgeOf(item.sla as TicketSla);
      if (!slaBadge) continue;
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { PK: item.PK, SK: item.SK },
          UpdateExpression: 'SET slaBadge = :badge',
          ConditionExpression: 'attribute_not_exists(slaBadge)',
          ExpressionAttributeValues: { ':badge': slaBadge },
        }),
      );
      badged += 1;
    }
  }
  return badged;
}
