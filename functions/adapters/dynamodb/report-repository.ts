import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CountedChange, ReportStore } from '../../../shared/ports/report-store.ts';
import type { AgentCell, BacklogCell, DateRange, ReportCell } from '../../../shared/reports/overview.ts';
import type { ReportedTicket } from '../../../shared/reports/reported-ticket.ts';
import { type Counters, type ReportTarget, targetKey } from '../../../shared/reports/transitions.ts';
import { createdDayPartition, keys, reportMonthPartition } from './keys.ts';
import { epochSeconds, TABLE_EXPIRY_ATTRIBUTE } from './table.ts';
import { itemsNamedBy, strip } from './table-access.ts';

type Item = Record<string, unknown>;

interface Pending {
  change: CountedChange;
  resolve(counted: boolean): void;
  reject(error: unknown): void;
}

/** DynamoDB's limit of items in one transaction. */
const MAX_TRANSACTION_ITEMS = 100;
/** Transactions on a hot aggregate from parallel shards conflict now and then; retried before anything fails. */
const CONFLICT_RETRIES = 5;

/** Longer than the stream keeps a record (24 h) and Lambda retries it, so a redelivery always finds its marker. */
const MARKER_LIFETIME_MS = 3 * 86_400_000;

/**
 * Report aggregates in the one table. Idempotency: a change is counted in a TransactWriteItems that puts a
 * marker item for it (`REPORTED#ticketId#version`, only if absent, expiring after a few days) and adds its
 * increments to each aggregate it touches. A redelivered change fails its marker's condition and cancels the
 * transaction, which is retried without it, so nothing is counted twice; aggregates hold counters only and stay
 * a few hundred bytes whatever the volume. Changes asked for together share transactions (up to 100 items);
 * when one cannot be written the others are retried one by one, so only that change fails.
 */
export class ReportRepository implements ReportStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  applyChange(change: CountedChange): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ change, resolve, reject });
      this.flushing ??= new Promise<void>((done) => setImmediate(done)).then(() => this.flush());
    });
  }

  private waiting: Pending[] = [];
  private flushing: Promise<void> | undefined;

  /** Changes asked for in the same turn (a stream batch) go in as few transactions as the limits allow. */
  private async flush(): Promise<void> {
    const pending = this.waiting;
    this.waiting = [];
    this.flushing = undefined;
    const groups: Pending[][] = [];
    let group: Pending[] = [];
    let targets = new Set<string>();
    for (const entry of pending) {
      const own = new Set(entry.change.increments.map((increment) => targetKey(increment.target)));
      const items = group.length + 1 + new Set([...targets, ...own]).size;
      const repeated = group.some((other) => other.change.changeId === entry.change.changeId);
      if (group.length > 0 && (items > MAX_TRANSACTION_ITEMS || repeated)) {
        groups.push(group);
        group = [];
        targets = new Set();
      }
      group.push(entry);
      for (const key of own) targets.add(key);
    }
    if (group.length > 0) groups.push(group);
    // Groups run one after another: a change repeated in a later group then finds the earlier one's marker.
    for (const each of groups) await this.applyGroup(each);
  }

  private async applyGroup(group: Pending[], conflicts = 0): Promise<void> {
    const counting = group.filter((entry) => entry.change.increments.length > 0);
    for (const entry of group) if (entry.change.increments.length === 0) entry.resolve(true);
    if (counting.length === 0) return;
    try {
      await this.transact(counting.map((entry) => entry.change));
      for (const entry of counting) entry.resolve(true);
    } catch (error) {
      const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
      // Another shard's batch was writing the same aggregate: the same group again shortly, not a failure of it.
      if (reasons.some((reason) => reason.Code === 'TransactionConflict') && conflicts < CONFLICT_RETRIES) {
        await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** conflicts * (1 + Math.random())));
        return this.applyGroup(counting, conflicts + 1);
      }
      const counted = counting.filter((_, index) => reasons[index]?.Code === 'ConditionalCheckFailed');
      for (const entry of counted) entry.resolve(false);
      const rest = counting.filter((entry) => !counted.includes(entry));
      if (counted.length > 0 && rest.length > 0) return this.applyGroup(rest);
      if (counting.length === 1) return counting[0]?.reject(error);
      if (counted.length > 0) return;
      // Some change of the group cannot be written: each alone, so only that one fails.
      for (const entry of counting) await this.applyGroup([entry]);
    }
  }

  /** One TransactWriteItems: a marker per change (only if absent), then each aggregate's summed increments. */
  private async transact(changes: CountedChange[]): Promise<void> {
    const byTarget = new Map<string, { target: ReportTarget; counters: Counters }>();
    for (const { target, counters } of changes.flatMap((change) => change.increments)) {
      const key = targetKey(target);
      const sum = byTarget.get(key) ?? { target, counters: {} };
      for (const [name, delta] of Object.entries(counters)) {
        sum.counters[name] = (sum.counters[name] ?? 0) + delta;
      }
      byTarget.set(key, sum);
    }
    const expiresAt = epochSeconds(new Date(this.now().getTime() + MARKER_LIFETIME_MS));
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          ...changes.map((change) => ({
            Put: {
              TableName: this.tableName,
              Item: {
                ...keys.reportedChange(change.changeId),
                entity: 'report-marker',
                [TABLE_EXPIRY_ATTRIBUTE]: expiresAt,
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          })),
          ...[...byTarget.values()].map(({ target, counters }) => ({
            Update: { TableName: this.tableName, ...incrementOf(target, counters) },
          })),
        ],
      }),
    );
  }

  // Pattern: report cells of a date range, one Query per month touched.
  async readCells(range: DateRange): Promise<ReportCell[]> {
    return (await this.readRange('CELL', range)).map((item) => ({
      day: String(item.day),
      queueId: String(item.queueId),
      channel: String(item.channel),
      branch: String(item.branch),
      counters: countersOf(item),
    }));
  }

  // Pattern: per-agent cells of a date range.
  async readAgentCells(range: DateRange): Promise<AgentCell[]> {
    return (await this.readRange('AGENT', range)).map((item) => ({
      day: String(item.day),
      agentId: String(item.agentId),
      counters: countersOf(item),
    }));
  }

  // Pattern: the open backlog, one small partition of queue × creation-day counts.
  async readBacklog(): Promise<BacklogCell[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.reportBacklog('', '').PK },
    });
    return items
      .map((item) => ({
        queueId: String(item.queueId),
        createdDay: String(item.createdDay),
        open: Number(item.open ?? 0),
      }))
      .filter((cell) => cell.open > 0);
  }

  // Pattern: tickets created on each day of a range, through the byCreatedDay index.
  async *ticketsCreatedIn(range: DateRange): AsyncIterable<ReportedTicket[]> {
    for (const day of daysOf(range)) {
      let startKey: Item | undefined;
      do {
        const result = await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'byCreatedDay',
            KeyConditionExpression: 'GSI5PK = :pk',
            ExpressionAttributeValues: { ':pk': createdDayPartition(day) },
            ExclusiveStartKey: startKey,
          }),
        );
        const page = (await itemsNamedBy(this.db, this.tableName, result.Items ?? [])).map(
          (item) => strip<ReportedTicket>(item) as ReportedTicket,
        );
        if (page.length > 0) yield page;
        startKey = result.LastEvaluatedKey;
      } while (startKey);
    }
  }

  private async readRange(kind: 'CELL' | 'AGENT', range: DateRange): Promise<Item[]> {
    const months = [...new Set(daysOf(range).map((day) => day.slice(0, 7)))];
    const pages = await Promise.all(
      months.map((month) =>
        this.queryAll({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': reportMonthPartition(month),
            ':from': `${kind}#${range.from}`,
            ':to': `${kind}#${range.to}#\uffff`,
          },
        }),
      ),
    );
    return pages.flat();
  }

  private async queryAll(input: QueryCommandInput): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const result = await this.db.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
      items.push(...(result.Items ?? []));
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}

function keyOf(target: ReportTarget) {
  switch (target.kind) {
    case 'cell':
      return keys.reportCell(target.day, target.queueId, target.channel, target.branch);
    case 'agent':
      return keys.reportAgent(target.day, target.agentId);
    case 'backlog':
      return keys.reportBacklog(target.queueId, target.createdDay);
    case 'load':
      return keys.agentLoad(target.agentId);
  }
}

function dimensionsOf(target: ReportTarget): Record<string, string> {
  const { kind, ...dimensions } = target;
  return { entity: `report-${kind}`, ...dimensions };
}

/** Every number on an aggregate item is a counter; keys and dimensions are not numbers. */
function countersOf(item: Item): Counters {
  return Object.fromEntries(
    Object.entries(item).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
  );
}

export function daysOf(range: DateRange): string[] {
  const days: string[] = [];
  for (let at = Date.parse(range.from); at <= Date.parse(range.to); at += 86_400_000) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * SET the dimensions (so the item reads alone), ADD each counter, and drop the change-id set that items written
 * before the markers carry, so they shrink on their next change.
 */
function incrementOf(target: ReportTarget, counters: Counters) {
  const names: Record<string, string> = { '#legacy': 'applied' };
  const values: Record<string, unknown> = {};
  const sets = Object.entries(dimensionsOf(target)).map(([name, value], index) => {
    names[`#d${index}`] = name;
    values[`:d${index}`] = value;
    return `#d${index} = :d${index}`;
  });
  const adds = Object.entries(counters).map(([name, delta], index) => {
    names[`#c${index}`] = name;
    values[`:c${index}`] = delta;
    return `#c${index} :c${index}`;
  });
  return {
    Key: keyOf(target),
    UpdateExpression: `SET ${sets.join(', ')}${adds.length > 0 ? ` ADD ${adds.join(', ')}` : ''} REMOVE #legacy`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
