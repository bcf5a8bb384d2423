import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { TICKET_ROW_FIELDS } from '../../../shared/domain/ticket-row.ts';

/**
 * The one table: its keys and indexes, read by the CDK stack, the local bootstrap and the tests alike.
 * Indexes are named after the access pattern they serve.
 */
export const TABLE_KEYS = { partitionKey: 'PK', sortKey: 'SK' } as const;

/**
 * Short-lived items (one-time codes, rate-limit windows, survey links) carry their end in epoch seconds here;
 * DynamoDB deletes them some time after. Readers still check it: deletion may lag by days, and dynalite never does.
 */
export const TABLE_EXPIRY_ATTRIBUTE = 'expiresAt';

/** An instant as the expiry attribute holds it: whole seconds since the epoch. */
export function epochSeconds(at: string | Date): number {
  return Math.floor((typeof at === 'string' ? Date.parse(at) : at.getTime()) / 1000);
}

/** A ticket item's attributes that make its list row (its `slaBadge` is written with it for the row). */
export const TICKET_ROW_ATTRIBUTES: readonly string[] = [...TICKET_ROW_FIELDS, 'slaBadge'];

/**
 * Every write of a ticket writes each index it is in, billed by the size of what the index keeps. The inbox's
 * lists are served from their index, which keeps a list row of each ticket (a page is one Query, and a row stays
 * under 1 KB however much its ticket holds); the others keep keys only and are followed by a read of the tickets
 * they name (a few a contact, the due ones a sweep, a day's an export), so a ticket write costs one unit there.
 * A deployed index's projection cannot change: changing one means a new index under a new name.
 */
export const TABLE_INDEXES = {
  /** Queue view: one partition per queue and status, newest activity first. */
  byQueueStatus: {
    partitionKey: 'GSI1PK',
    sortKey: 'GSI1SK',
    projection: 'INCLUDE',
    kept: TICKET_ROW_ATTRIBUTES,
  },
  /** "My tickets": one partition per assignee, newest activity first. */
  byAssignee: {
    partitionKey: 'GSI2PK',
    sortKey: 'GSI2SK',
    projection: 'INCLUDE',
    kept: TICKET_ROW_ATTRIBUTES,
  },
  /** A contact's tickets, active ones (per channel) first. */
  byContact: { partitionKey: 'GSI3PK', sortKey: 'GSI3SK', projection: 'KEYS_ONLY' },
  /** Sparse: only tickets with a running SLA clock, bucketed by the hour their next warning or breach falls due. */
  dueForEscalation: { partitionKey: 'GSI4PK', sortKey: 'GSI4SK', projection: 'KEYS_ONLY' },
  /** Tickets by the Riyadh day they were created, for date-range exports without a Scan. */
  byCreatedDay: { partitionKey: 'GSI5PK', sortKey: 'GSI5SK', projection: 'KEYS_ONLY' },
} as const satisfies Record<
  string,
  { partitionKey: string; sortKey: string; projection: 'INCLUDE' | 'KEYS_ONLY'; kept?: readonly string[] }
>;

export type IndexName = keyof typeof TABLE_INDEXES;

export function createTableInput(tableName: string): CreateTableCommandInput {
  const keyNames = new Set<string>([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey]);
  for (const index of Object.values(TABLE_INDEXES)) {
    keyNames.add(index.partitionKey);
    keyNames.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...keyNames].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: Object.entries(TABLE_INDEXES).map(([name, index]) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: {
        ProjectionType: index.projection,
        ...('kept' in index && { NonKeyAttributes: [...index.kept] }),
      },
    })),
  };
}
