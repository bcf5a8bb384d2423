import { SURVEY_SCORES } from '../domain/survey.ts';
import { addHistograms, type Histogram, PERCENTILE_RELATIVE_ERROR, percentile } from './histogram.ts';
import {
  type Counters,
  DURATION_METRICS,
  type DurationMetric,
  histogramAttribute,
  satisfactionAttribute,
} from './transitions.ts';

/** A stored day × queue × channel × branch cell with its counters. */
export interface ReportCell {
  day: string;
  queueId: string;
  channel: string;
  branch: string;
  counters: Counters;
}

export interface AgentCell {
  day: string;
  agentId: string;
  counters: Counters;
}

export interface BacklogCell {
  queueId: string;
  createdDay: string;
  open: number;
}

export interface DateRange {
  /** Riyadh calendar days, inclusive, `YYYY-MM-DD`. */
  from: string;
  to: string;
}

export interface DurationSummary {
  count: number;
  medianMs?: number;
  p90Ms?: number;
}

export interface ResponseFigures {
  firstResponse: DurationSummary;
  firstResponseBusiness: DurationSummary;
  nextResponse: DurationSummary;
  resolution: DurationSummary;
  resolutionBusiness: DurationSummary;
}

export interface SatisfactionFigures {
  count: number;
  average?: number;
  distribution: Record<string, number>;
}

export const BACKLOG_AGES = ['under1d', 'd1to3', 'd3to7', 'over7d'] as const;
export type BacklogAge = (typeof BACKLOG_AGES)[number];

export interface Overview extends ResponseFigures {
  range: DateRange;
  /** Percentiles come from log-scale buckets: each is within this share of a real value of that rank. */
  percentileRelativeError: number;
  created: number;
  resolved: number;
  reopened: number;
  sla: {
    resolved: number;
    withinSla: number;
    compliancePct?: number;
    breaches: number;
    /** Breaches and each further level acted on; warnings (80% of a window gone) are counted apart. */
    escalations: number;
    /** Tickets warned before any breach. */
    warnings: number;
  };
  satisfaction: SatisfactionFigures;
  committee: { decided: number; withinWindow: number; withinWindowPct?: number };
  backlog: { queueId: string; total: number; byAge: Record<BacklogAge, number> }[];
  /** Tickets created per day and channel, for the volume chart. */
  volumes: { day: string; channel: string; created: number }[];
  /** Volumes and satisfaction per queue, channel and branch (satisfaction is never split by agent). */
  byQueue: ({ queueId: string } & GroupTotals)[];
  byChannel: ({ channel: string } & GroupTotals)[];
  byBranch: ({ branch: string } & GroupTotals)[];
}

export interface GroupTotals {
  created: number;
  resolved: number;
  satisfaction: SatisfactionFigures;
}

/**
 * One agent's figures, for coaching conversations: no ranks, no comparison with colleagues, and no satisfaction
 * scores (beneficiaries are told their answers judge no individual).
 */
export interface AgentFigures extends ResponseFigures {
  agentId: string;
  resolved: number;
}

const sumCounters = (rows: readonly { counters: Counters }[]): Counters => {
  const total: Counters = {};
  for (const row of rows) {
    for (const [name, value] of Object.entries(row.counters)) total[name] = (total[name] ?? 0) + value;
  }
  return total;
};

export function histogramOf(counters: Counters, metric: DurationMetric): Histogram {
  const prefix = histogramAttribute(metric, 0).slice(0, -1);
  const histogram: Histogram = {};
  for (const [name, count] of Object.entries(counters)) {
    if (name.startsWith(prefix) && count > 0)
      addHistograms(histogram, { [Number(name.slice(prefix.length))]: count });
  }
  return histogram;
}

function durationSummary(counters: Counters, metric: DurationMetric): DurationSummary {
  const histogram = histogramOf(counters, metric);
  return {
    count: Object.values(histogram).reduce((sum, count) => sum + count, 0),
    medianMs: percentile(histogram, 0.5),
    p90Ms: percentile(histogram, 0.9),
  };
}

function responseFigures(counters: Counters): ResponseFigures {
  const [frt, frtb, nrt, res, resb] = DURATION_METRICS.map((metric) => durationSummary(counters, metric)) as [
    DurationSummary,
    DurationSummary,
    DurationSummary,
    DurationSummary,
    DurationSummary,
  ];
  return {
    firstResponse: frt,
    firstResponseBusiness: frtb,
    nextResponse: nrt,
    resolution: res,
    resolutionBusiness: resb,
  };
}

const pct = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : undefined);

function satisfactionFigures(counters: Counters): SatisfactionFigures {
  const count = counters.satisfactionCount ?? 0;
  return {
    count,
    average: count > 0 ? (counters.satisfactionSum ?? 0) / count : undefined,
    distribution: Object.fromEntries(
      SURVEY_SCORES.map((score) => [String(score), counters[satisfactionAttribute(score)] ?? 0]),
    ),
  };
}

const DAY_MS = 86_400_000;

function ageOf(createdDay: string, today: string): BacklogAge {
  const days = (Date.parse(today) - Date.parse(createdDay)) / DAY_MS;
  if (days < 1) return 'under1d';
  if (days < 3) return 'd1to3';
  if (days < 7) return 'd3to7';
  return 'over7d';
}

function groupBy<K extends string>(
  cells: readonly ReportCell[],
  keyOf: (cell: ReportCell) => K,
): Map<K, ReportCell[]> {
  const groups = new Map<K, ReportCell[]>();
  for (const cell of cells) groups.set(keyOf(cell), [...(groups.get(keyOf(cell)) ?? []), cell]);
  return groups;
}

/** The managers' overview of a date range, from the stored cells of that range and today's backlog. */
export function summarize(
  range: DateRange,
  cells: readonly ReportCell[],
  backlogCells: readonly BacklogCell[],
  today: string,
): Overview {
  const inRange = cells.filter((cell) => cell.day >= range.from && cell.day <= range.to);
  const total = sumCounters(inRange);
  const count = (name: string) => total[name] ?? 0;

  const backlog = new Map<string, { queueId: string; total: number; byAge: Record<BacklogAge, number> }>();
  for (const cell of backlogCells) {
    if (cell.open <= 0) continue;
    const entry = backlog.get(cell.queueId) ?? {
      queueId: cell.queueId,
      total: 0,
      byAge: { under1d: 0, d1to3: 0, d3to7: 0, over7d: 0 },
    };
    entry.total += cell.open;
    entry.byAge[ageOf(cell.createdDay, today)] += cell.open;
    backlog.set(cell.queueId, entry);
  }

  const volumes = [...groupBy(inRange, (cell) => `${cell.day}|${cell.channel}`).values()]
    .map((group) => ({
      day: (group[0] as ReportCell).day,
      channel: (group[0] as ReportCell).channel,
      created: sumCounters(group).created ?? 0,
    }))
    .filter((volume) => volume.created > 0)
    .sort((a, b) => a.day.localeCompare(b.day) || a.channel.localeCompare(b.channel));

  const totalsBy = <K extends 'queueId' | 'channel' | 'branch'>(field: K) =>
    [...groupBy(inRange, (cell) => cell[field]).entries()]
      .map(([key, group]) => {
        const sums = sumCounters(group);
        return {
          key,
          created: sums.created ?? 0,
          resolved: sums.resolved ?? 0,
          satisfaction: satisfactionFigures(sums),
        };
      })
      .sort((a, b) => a.key.localeCompare(b.key));

  return {
    range,
    percentileRelativeError: PERCENTILE_RELATIVE_ERROR,
    ...responseFigures(total),
    created: count('created'),
    resolved: count('resolved'),
    reopened: count('reopened'),
    sla: {
      resolved: count('resolved'),
      withinSla: count('resolvedWithinSla'),
      compliancePct: pct(count('resolvedWithinSla'), count('resolved')),
      breaches: count('breaches'),
      escalations: count('escalations'),
      warnings: count('warnings'),
    },
    satisfaction: satisfactionFigures(total),
    committee: {
      decided: count('committeeDecided'),
      withinWindow: count('committeeWithinWindow'),
      withinWindowPct: pct(count('committeeWithinWindow'), count('committeeDecided')),
    },
    backlog: [...backlog.values()].sort((a, b) => a.queueId.localeCompare(b.queueId)),
    volumes,
    byQueue: totalsBy('queueId').map(({ key, ...rest }) => ({ queueId: key, ...rest })),
    byChannel: totalsBy('channel').map(({ key, ...rest }) => ({ channel: key, ...rest })),
    byBranch: totalsBy('branch').map(({ key, ...rest }) => ({ branch: key, ...rest })),
  };
}

/** Per-agent figures of a range, ordered by agent id so the list never reads as a ranking. */
export function agentFigures(range: DateRange, cells: readonly AgentCell[]): AgentFigures[] {
  const byAgent = new Map<string, AgentCell[]>();
  for (const cell of cells) {
    if (cell.day < range.from || cell.day > range.to) continue;
    byAgent.set(cell.agentId, [...(byAgent.get(cell.agentId) ?? []), cell]);
  }
  return [...byAgent.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([agentId, group]) => {
      const total = sumCounters(group);
      return {
        agentId,
        ...responseFigures(total),
        resolved: total.resolved ?? 0,
      };
    });
}
