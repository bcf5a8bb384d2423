import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CountedChange, ReportStore } from '../../../shared/ports/report-store.ts';
import type { AgentCell, BacklogCell, DateRange, ReportCell } from '../../../shared/reports/overview.ts';
import type { ReportedTicket } from '../../../shared/reports/reported-ticket.ts';
import { type Counters, type ReportTarget, targetKey } from '../../../shared/reports/transitions.ts';
import { createdDayPartition, keys } from './keys.ts';
import { strip } from './ticket-repository.ts';

type Item = Record<string, unknown>;

/** Change ids per conditional update: keeps the condition expression well under DynamoDB's 4 KB limit. */
const CHANGES_PER_UPDATE = 40;
const PARALLEL_UPDATES = 8;
const APPLIED = 'applied';

/**
 * Report aggregates in the one table. Idempotency: every aggregate item keeps the set of change ids
 * (`ticketId#version`) already added to it, and each UpdateItem adds counters and ids together under the
 * condition that none of its ids is in the set yet. One UpdateItem is atomic, so an item either has a change
 * fully counted or not at all; a redelivered change fails the condition and is skipped. A group that fails is
 * retried change by change, so a partly redelivered batch still counts the new ones. The set only grows with
 * the changes that touch that one day's cell.
 */
export class ReportRepository implements ReportStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async applyChanges(changes: readonly CountedChange[]): Promise<void> {
    const byTarget = new Map<
      string,
      { target: ReportTarget; entries: { changeId: string; counters: Counters }[] }
    >();
    for (const change of changes) {
      for (const increment of change.increments) {
        const key = targetKey(increment.target);
        const group = byTarget.get(key) ?? { target: increment.target, entries: [] };
        group.entries.push({ changeId: change.changeId, counters: increment.counters });
        byTarget.set(key, group);
      }
    }
    const work = [...byTarget.values()].flatMap(({ target, entries }) =>
      chunks(entries, CHANGES_PER_UPDATE).map((chunk) => () => this.applyGroup(target, chunk)),
    );
    await runLimited(work, PARALLEL_UPDATES);
  }

  private async applyGroup(target: ReportTarget, entries: { changeId: string; counters: Counters }[]) {
    if (await this.addOnce(target, entries)) return;
    if (entries.length === 1) return;
    for (const entry of entries) await this.addOnce(target, [entry]);
  }

  /** False when some change of the group was counted already (nothing is written then). */
  private async addOnce(
    target: ReportTarget,
    entries: { changeId: string; counters: Counters }[],
  ): Promise<boolean> {
    const totals: Counters = {};
    for (const { counters } of entries) {
      for (const [name, delta] of Object.entries(counters)) totals[name] = (totals[name] ?? 0) + delta;
    }
    const names: Record<string, string> = { '#applied': APPLIED };
    const values: Record<string, unknown> = { ':ids': new Set(entries.map((entry) => entry.changeId)) };
    const adds = ['#applied :ids'];
    Object.entries(totals).forEach(([name, delta], index) => {
      names[`#c${index}`] = name;
      values[`:c${index}`] = delta;
      adds.push(`#c${index} :c${index}`);
    });
    const sets = Object.entries(dimensionsOf(target)).map(([name, value], index) => {
      names[`#d${index}`] = name;
      values[`:d${index}`] = value;
      return `#d${index} = :d${index}`;
    });
    const condition = entries.map((_, index) => `NOT contains(#applied, :id${index})`).join(' AND ');
    entries.forEach((entry, index) => {
      values[`:id${index}`] = entry.changeId;
    });
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyOf(target),
          UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
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
        const page = (result.Items ?? []).map((item) => strip<ReportedTicket>(item) as ReportedTicket);
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
            ':pk': `REPORT#${month}`,
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
  }
}

function dimensionsOf(target: ReportTarget): Record<string, string> {
  const { kind, ...dimensions } = target;
  return { entity: `report-${kind}`, ...dimensions };
}

/** Every number on an aggregate item is a counter; keys, dimensions and the applied set are not numbers. */
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

function chunks<T>(list: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < list.length; start += size) result.push(list.slice(start, start + size));
  return result;
}

async function runLimited(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++] as () => Promise<void>;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}
