import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/client.ts';
import { ReportRepository } from '../../../functions/adapters/dynamodb/report-repository.ts';
import { createReportAggregatorHandler } from '../../../functions/handlers/report-aggregator.ts';
import { businessTimeOf, reportAggregatorDependencies } from '../../../functions/lib/dependencies.ts';
import { FolderDeadLetters } from '../../../infra/local/folder-dead-letters.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '../../../infra/local/local-dynamodb.ts';
import { isActive } from '../../../shared/domain/ticket.ts';
import type { Overview } from '../../../shared/reports/overview.ts';
import { COMMITTEE_WINDOW_MS, NO_BRANCH, riyadhDay } from '../../../shared/reports/reported-ticket.ts';
import { ticketMetrics } from '../../../shared/reports/ticket-metrics.ts';
import { DEFAULT_CALENDAR } from '../../../shared/sla/defaults.ts';
import { reportOverview } from '../../../shared/use-cases/reports.ts';
import { generateHistories, recordsOf, type TicketHistory } from '../../support/ticket-histories.ts';

const TICKETS = 5_000;
const STREAM_BATCH = 2_500;
const TODAY = '2026-12-01';
const RANGE = { from: '2026-10-01', to: TODAY };
const manager = { userId: 'u-manager', email: 'm', name: 'm', roles: ['manager' as const], queueIds: [] };

/** The exact nearest-rank percentile of raw values. */
function exactPercentile(values: number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  return [...values].sort((a, b) => a - b)[Math.ceil(q * values.length) - 1];
}

/** Everything the overview shows, recomputed the slow way: from each ticket's raw thread, statuses and fields. */
function bruteForce(histories: TicketHistory[]) {
  const finals = histories.map(
    (history) => history.versions.at(-1) as NonNullable<(typeof history.versions)[0]>,
  );
  const metrics = histories.map((history, index) =>
    ticketMetrics(
      finals[index] as never,
      history.messages,
      businessTimeOf(DEFAULT_CALENDAR),
      history.statuses.map((s) => s.status),
    ),
  );
  // A resolution is each move from an active status to resolved/closed, timed from creation.
  const resolutions = histories.flatMap((history) => {
    const ticket = history.versions[0] as (typeof finals)[0];
    const breachedAt = history.versions.at(-1)?.sla?.breachedAt;
    return history.statuses.flatMap((entry, index) => {
      const previous = history.statuses[index - 1];
      if (!previous || !isActive(previous.status) || isActive(entry.status)) return [];
      return [
        {
          ms: Date.parse(entry.at) - Date.parse(ticket.createdAt),
          withinSla: !breachedAt || breachedAt > entry.at,
        },
      ];
    });
  });
  const volumes = new Map<string, number>();
  for (const ticket of finals) {
    const key = `${riyadhDay(ticket.createdAt)}|${ticket.channel}`;
    volumes.set(key, (volumes.get(key) ?? 0) + 1);
  }
  const scores = metrics.flatMap((m) => (m.satisfactionScore ? [m.satisfactionScore] : []));
  const decided = finals.filter((t) => t.committeeDecision?.decidedAt);
  const open = finals.filter((t) => isActive(t.status));
  return {
    created: finals.length,
    firstResponses: metrics.flatMap((m) => (m.firstResponseMs === undefined ? [] : [m.firstResponseMs])),
    nextResponses: metrics.flatMap((m) => m.nextResponsesMs),
    resolutions,
    reopened: metrics.reduce((sum, m) => sum + m.reopenings, 0),
    breaches: metrics.filter((m) => m.breached).length,
    escalations: metrics.reduce((sum, m) => sum + m.escalations, 0),
    // Tickets told of a warning: a version at the warning level after one at none.
    warnings: histories.filter((history) =>
      history.versions.some(
        (version, index) =>
          version.sla?.escalationLevel === 1 && !history.versions[index - 1]?.sla?.escalationLevel,
      ),
    ).length,
    scores,
    committeeDecided: decided.length,
    committeeWithinWindow: decided.filter(
      (t) =>
        Date.parse(t.committeeDecision?.decidedAt ?? '') -
          Date.parse(t.committeeDecision?.referredAt ?? '') <=
        COMMITTEE_WINDOW_MS,
    ).length,
    volumes,
    openByQueue: new Map(
      [...new Set(open.map((t) => t.queueId))].map((queueId) => [
        queueId,
        open.filter((t) => t.queueId === queueId).length,
      ]),
    ),
  };
}

describe('report aggregates against a brute-force recomputation (5,000 seeded tickets)', () => {
  let dynamo: LocalDynamoDB;
  let overview: Overview;
  let expected: ReturnType<typeof bruteForce>;
  let histories: TicketHistory[];

  beforeAll(async () => {
    dynamo = await startLocalDynamoDB({ tableName: 'reports-brute-force' });
    const db = createDocumentClient(dynamo.clientConfig);
    const reports = new ReportRepository(db, 'reports-brute-force');
    // As both runtimes make it: business time on the society's calendar, as the brute force counts it.
    const deps = reportAggregatorDependencies({
      db,
      tableName: 'reports-brute-force',
      deadLetters: new FolderDeadLetters(),
    });
    const aggregate = createReportAggregatorHandler(() => deps);
    histories = generateHistories(TICKETS, 20261125, '2026-10-01T00:00:00.000Z', 31);
    const records = recordsOf(histories);
    for (let start = 0; start < records.length; start += STREAM_BATCH) {
      const response = await aggregate({ Records: records.slice(start, start + STREAM_BATCH) });
      expect(response.batchItemFailures).toEqual([]);
    }
    overview = await reportOverview(
      { reports, clock: { now: () => new Date(`${TODAY}T09:00:00.000Z`) } },
      manager,
      RANGE,
    );
    expected = bruteForce(histories);
  }, 240_000);

  afterAll(async () => {
    await dynamo?.close();
  });

  it('counts the same tickets, resolutions, reopenings, breaches, escalations and committee decisions', () => {
    expect(overview.created).toBe(expected.created);
    expect(overview.resolved).toBe(expected.resolutions.length);
    expect(overview.sla.withinSla).toBe(expected.resolutions.filter((r) => r.withinSla).length);
    expect(overview.reopened).toBe(expected.reopened);
    expect(overview.sla.breaches).toBe(expected.breaches);
    expect(overview.sla.escalations).toBe(expected.escalations);
    expect(overview.sla.warnings).toBe(expected.warnings);
    // The seeded lives have warnings, and breaches with further levels, for these to compare.
    expect(expected.warnings).toBeGreaterThan(0);
    expect(expected.escalations).toBeGreaterThan(expected.breaches);
    expect(overview.committee).toMatchObject({
      decided: expected.committeeDecided,
      withinWindow: expected.committeeWithinWindow,
    });
  });

  it('gives medians and p90s within the stated error of the exact values', () => {
    const cases = [
      [overview.firstResponse, expected.firstResponses],
      [overview.nextResponse, expected.nextResponses],
      [overview.resolution, expected.resolutions.map((r) => r.ms)],
    ] as const;
    for (const [summary, values] of cases) {
      expect(summary.count).toBe(values.length);
      for (const [estimate, q] of [
        [summary.medianMs, 0.5],
        [summary.p90Ms, 0.9],
      ] as const) {
        const exact = exactPercentile([...values], q) as number;
        expect(Math.abs((estimate as number) - exact) / exact).toBeLessThanOrEqual(
          overview.percentileRelativeError,
        );
      }
    }
  });

  it('has the same satisfaction average and distribution', () => {
    const distribution = Object.fromEntries(
      [1, 2, 3, 4, 5].map((s) => [String(s), expected.scores.filter((x) => x === s).length]),
    );
    expect(overview.satisfaction.distribution).toEqual(distribution);
    expect(overview.satisfaction.average).toBeCloseTo(
      expected.scores.reduce((a, b) => a + b, 0) / expected.scores.length,
      10,
    );
  });

  it('has the same satisfaction per queue, channel and branch, where the ticket was when it was answered', () => {
    for (const field of ['queueId', 'channel', 'branch'] as const) {
      const scoresBy = new Map<string, number[]>();
      for (const history of histories) {
        const answered = history.versions.find((version) => version.satisfaction);
        const score = answered?.satisfaction?.score;
        if (!answered || !score || score < 1 || score > 5) continue;
        const key = String(answered[field] ?? NO_BRANCH);
        scoresBy.set(key, [...(scoresBy.get(key) ?? []), score]);
      }
      const groups =
        field === 'queueId'
          ? overview.byQueue.map((group) => ({ key: group.queueId, ...group }))
          : field === 'channel'
            ? overview.byChannel.map((group) => ({ key: group.channel, ...group }))
            : overview.byBranch.map((group) => ({ key: group.branch, ...group }));
      const reported = new Map(
        groups
          .filter((group) => group.satisfaction.count > 0)
          .map((group) => [group.key, group.satisfaction]),
      );
      expect([...reported.keys()].sort(), field).toEqual([...scoresBy.keys()].sort());
      for (const [key, scores] of scoresBy) {
        expect(reported.get(key)?.count, `${field} ${key}`).toBe(scores.length);
        expect(reported.get(key)?.average).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / scores.length, 10);
      }
    }
  });

  it('has the same daily volumes per channel and open backlog per queue', () => {
    expect(new Map(overview.volumes.map((v) => [`${v.day}|${v.channel}`, v.created]))).toEqual(
      expected.volumes,
    );
    expect(new Map(overview.backlog.map((b) => [b.queueId, b.total]))).toEqual(expected.openByQueue);
  });
});
