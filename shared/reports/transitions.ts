import { isSurveyScore } from '../domain/survey.ts';
import { isActive } from '../domain/ticket.ts';
import { breachesOf } from '../sla/clocks.ts';
import type { BusinessTime } from './business-time.ts';
import { bucketOf } from './histogram.ts';
import { branchOf, COMMITTEE_WINDOW_MS, elapsed, type ReportedTicket, riyadhDay } from './reported-ticket.ts';

export const DURATION_METRICS = ['frt', 'frtb', 'nrt', 'res', 'resb'] as const;
/** frt/nrt/res: first response, next response, resolution (calendar); frtb/resb: the same in business time. */
export type DurationMetric = (typeof DURATION_METRICS)[number];

/** Counter deltas by attribute name: plain counters, `sat_<score>`, and histogram buckets `h_<metric>_<bucket>`. */
export type Counters = Record<string, number>;

export const histogramAttribute = (metric: DurationMetric, bucket: number) => `h_${metric}_${bucket}`;
export const satisfactionAttribute = (score: number) => `sat_${score}`;

/** Where an increment lands: a day × queue × channel × branch cell, a day × agent cell, or a backlog cell. */
export type ReportTarget =
  | { kind: 'cell'; day: string; queueId: string; channel: string; branch: string }
  | { kind: 'agent'; day: string; agentId: string }
  | { kind: 'backlog'; queueId: string; createdDay: string }
  /** An agent's active tickets now: what least-loaded assignment reads instead of their whole history. */
  | { kind: 'load'; agentId: string };

export interface ReportIncrement {
  target: ReportTarget;
  counters: Counters;
}

/**
 * What one change of a ticket adds to the reports: derived only from the images before and after, so the same
 * change always yields the same increments (the aggregator's idempotency rests on this). `before` is absent on
 * creation, `after` on deletion.
 */
export function incrementsOf(
  before: ReportedTicket | undefined,
  after: ReportedTicket | undefined,
  businessTime: BusinessTime,
): ReportIncrement[] {
  const increments = new Increments();
  backlogChange(increments, before, after);
  loadChange(increments, before, after);
  if (!after) return increments.list();

  const cell = (at: string, queueId = after.queueId): ReportTarget => ({
    kind: 'cell',
    day: riyadhDay(at),
    queueId,
    channel: after.channel,
    branch: branchOf(after),
  });
  // Credit goes to whoever did the work; to the assignee only when no member is named for it.
  const agent = (at: string, by: string | undefined): ReportTarget | undefined => {
    const agentId = by ?? after.assigneeId;
    return agentId ? { kind: 'agent', day: riyadhDay(at), agentId } : undefined;
  };
  const business = (from: string, to: string) => businessTime(new Date(from), new Date(to));

  if (!before) increments.add(cell(after.createdAt), { created: 1 });

  if (after.firstResponseAt && !before?.firstResponseAt) {
    const at = after.firstResponseAt;
    const counts = {
      ...histogramEntry('frt', elapsed(after.createdAt, at)),
      ...histogramEntry('frtb', business(after.createdAt, at)),
    };
    increments.add(cell(at), counts);
    increments.add(agent(at, after.lastResponseBy), counts);
  } else if (
    before?.firstResponseAt &&
    after.lastResponseAt &&
    after.lastResponseAt !== before.lastResponseAt &&
    before.lastInboundAt &&
    before.lastInboundAt > (before.lastResponseAt ?? before.firstResponseAt)
  ) {
    const counts = histogramEntry('nrt', elapsed(before.lastInboundAt, after.lastResponseAt));
    increments.add(cell(after.lastResponseAt), counts);
    increments.add(agent(after.lastResponseAt, after.lastResponseBy), counts);
  }

  if (after.resolvedAt && after.resolvedAt !== before?.resolvedAt && !isActive(after.status)) {
    const at = after.resolvedAt;
    const counts = {
      resolved: 1,
      resolvedWithinSla: after.sla?.breachedAt ? 0 : 1,
      ...histogramEntry('res', elapsed(after.createdAt, at)),
      ...histogramEntry('resb', business(after.createdAt, at)),
    };
    increments.add(cell(at), counts);
    increments.add(agent(at, after.resolvedBy), counts);
  }

  if (before && !isActive(before.status) && isActive(after.status)) {
    increments.add(cell(after.updatedAt), { reopened: 1 });
  }

  // Breaches and escalations are counted under the queue the ticket was in when they came: the change that acts on
  // one may move the ticket to another queue (a policy's breach action).
  const slaQueue = before?.queueId ?? after.queueId;
  // Each time the ticket was open and its windows were breached (a reopened ticket's are new windows), on the day
  // the window ran out.
  const newBreaches = breachesOf(after.sla) - breachesOf(before?.sla);
  const breachedAt = after.sla?.lastBreachedAt ?? after.sla?.breachedAt;
  if (newBreaches > 0 && breachedAt) increments.add(cell(breachedAt, slaQueue), { breaches: newBreaches });
  // A warning (80% of a window gone) is its own figure; escalations are the breach and each level after it.
  const levelBefore = before?.sla?.escalationLevel ?? 0;
  const levelAfter = after.sla?.escalationLevel ?? 0;
  // On the day the sweep acted on them (its change leaves the ticket's last update as it was).
  const escalatedAt = after.sla?.unannounced?.since ?? after.updatedAt;
  const newEscalations = escalationsAt(levelAfter) - escalationsAt(levelBefore);
  if (newEscalations > 0) increments.add(cell(escalatedAt, slaQueue), { escalations: newEscalations });
  if (levelBefore === 0 && levelAfter === WARNING_LEVEL)
    increments.add(cell(escalatedAt, slaQueue), { warnings: 1 });

  // A score outside the survey's 1–5 scale is a writer's bug; counting it would skew the average. Scores are
  // counted per queue, channel and branch, never per agent: the survey promises it judges no one.
  if (after.satisfaction && !before?.satisfaction && isSurveyScore(after.satisfaction.score)) {
    const { score, answeredAt } = after.satisfaction;
    increments.add(cell(answeredAt), {
      satisfactionCount: 1,
      satisfactionSum: score,
      [satisfactionAttribute(score)]: 1,
    });
  }

  const decision = after.committeeDecision;
  if (decision?.decidedAt && !before?.committeeDecision?.decidedAt) {
    const inWindow = elapsed(decision.referredAt, decision.decidedAt) <= COMMITTEE_WINDOW_MS;
    increments.add(cell(decision.decidedAt), {
      committeeDecided: 1,
      committeeWithinWindow: inWindow ? 1 : 0,
    });
  }
  return increments.list();
}

/** The open backlog per queue and creation day: a ticket counts while its status is active. */
function backlogChange(
  increments: Increments,
  before: ReportedTicket | undefined,
  after: ReportedTicket | undefined,
): void {
  const target = (ticket: ReportedTicket): ReportTarget => ({
    kind: 'backlog',
    queueId: ticket.queueId,
    createdDay: riyadhDay(ticket.createdAt),
  });
  if (before && isActive(before.status)) increments.add(target(before), { open: -1 });
  if (after && isActive(after.status)) increments.add(target(after), { open: 1 });
}

function loadChange(
  increments: Increments,
  before: ReportedTicket | undefined,
  after: ReportedTicket | undefined,
): void {
  const target = (ticket: ReportedTicket | undefined): ReportTarget | undefined =>
    ticket?.assigneeId && isActive(ticket.status) ? { kind: 'load', agentId: ticket.assigneeId } : undefined;
  increments.add(target(before), { open: -1 });
  increments.add(target(after), { open: 1 });
}

/** `sla.escalationLevel` counts the warning as 1, the breach as 2 and each further level one more. */
const WARNING_LEVEL = 1;

/** How many escalations a ticket at this level has had: the breach and each further level, not the warning. */
export function escalationsAt(level: number): number {
  return Math.max(0, level - WARNING_LEVEL);
}

function histogramEntry(metric: DurationMetric, durationMs: number): Counters {
  return { [histogramAttribute(metric, bucketOf(durationMs))]: 1 };
}

export function targetKey(target: ReportTarget): string {
  switch (target.kind) {
    case 'cell':
      return `cell|${target.day}|${target.queueId}|${target.channel}|${target.branch}`;
    case 'agent':
      return `agent|${target.day}|${target.agentId}`;
    case 'backlog':
      return `backlog|${target.queueId}|${target.createdDay}`;
    case 'load':
      return `load|${target.agentId}`;
  }
}

/** Collects increments, merging those for one target and dropping the ones that cancel out. */
class Increments {
  private readonly byTarget = new Map<string, ReportIncrement>();

  add(target: ReportTarget | undefined, counters: Counters): void {
    if (!target) return;
    const key = targetKey(target);
    const entry = this.byTarget.get(key) ?? { target, counters: {} };
    for (const [name, delta] of Object.entries(counters)) {
      entry.counters[name] = (entry.counters[name] ?? 0) + delta;
    }
    this.byTarget.set(key, entry);
  }

  list(): ReportIncrement[] {
    return [...this.byTarget.values()]
      .map((entry) => ({
        target: entry.target,
        counters: Object.fromEntries(Object.entries(entry.counters).filter(([, delta]) => delta !== 0)),
      }))
      .filter((entry) => Object.keys(entry.counters).length > 0);
  }
}
