import { describe, expect, it } from 'vitest';
import { calendarTime } from '../../../shared/reports/business-time.ts';
import { bucketOf } from '../../../shared/reports/histogram.ts';
import type { ReportedTicket } from '../../../shared/reports/reported-ticket.ts';
import { histogramAttribute, incrementsOf } from '../../../shared/reports/transitions.ts';
import { aReportedTicket, changed } from '../../support/reported-tickets.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The report targets of a WhatsApp ticket of beneficiary relations with no branch. */
const cellOn = (day: string) =>
  ({ kind: 'cell', day, queueId: 'beneficiary-relations', channel: 'whatsapp', branch: 'none' }) as const;
const backlogOf = (createdDay: string) =>
  ({ kind: 'backlog', queueId: 'beneficiary-relations', createdDay }) as const;
const loadOf = (agentId: string) => ({ kind: 'load', agentId }) as const;
/** What a ticket of the 23rd with u-agent adds when it opens (again): its backlog, the agent's load, the day's cell. */
const openingOn = (day: string, counters: Record<string, number>) => [
  { target: backlogOf('2026-11-23'), counters: { open: 1 } },
  { target: loadOf('u-agent'), counters: { open: 1 } },
  { target: cellOn(day), counters },
];

describe('increments from a ticket change', () => {
  const created = aReportedTicket({ createdAt: '2026-11-22T21:30:00.000Z', assigneeId: 'u-agent' });

  it('counts a new ticket on its Riyadh day and opens it in the backlog', () => {
    const increments = incrementsOf(undefined, created, calendarTime);

    // 21:30Z is already 00:30 on the 23rd in Riyadh.
    expect(increments).toEqual(openingOn('2026-11-23', { created: 1 }));
  });

  it('counts the first response once, for the queue cell and for the agent who answered', () => {
    const answered = changed(created, '2026-11-22T22:00:00.000Z', {
      status: 'open',
      firstResponseAt: '2026-11-22T22:00:00.000Z',
      lastResponseAt: '2026-11-22T22:00:00.000Z',
    });

    const increments = incrementsOf(created, answered, calendarTime);
    const again = incrementsOf(
      answered,
      changed(answered, '2026-11-22T22:05:00.000Z', { preview: 'x' }),
      calendarTime,
    );

    const bucket = histogramAttribute('frt', bucketOf(30 * MINUTE));
    expect(increments.find((i) => i.target.kind === 'cell')?.counters).toEqual({
      [bucket]: 1,
      [histogramAttribute('frtb', bucketOf(30 * MINUTE))]: 1,
    });
    expect(increments.find((i) => i.target.kind === 'agent')?.target).toEqual({
      kind: 'agent',
      day: '2026-11-23',
      agentId: 'u-agent',
    });
    expect(again).toEqual([]);
  });

  it('credits the member who answered and the one who resolved, not the assignee, for coaching', () => {
    const answered = changed(created, '2026-11-22T22:00:00.000Z', {
      status: 'open',
      firstResponseAt: '2026-11-22T22:00:00.000Z',
      lastResponseAt: '2026-11-22T22:00:00.000Z',
      lastResponseBy: 'u-agent2',
    });
    const resolved = changed(answered, '2026-11-23T08:00:00.000Z', {
      status: 'resolved',
      resolvedAt: '2026-11-23T08:00:00.000Z',
      resolvedBy: 'u-supervisor',
    });
    const agentOf = (increments: ReturnType<typeof incrementsOf>) =>
      increments.filter((i) => i.target.kind === 'agent').map((i) => i.target);
    expect(agentOf(incrementsOf(created, answered, calendarTime))).toEqual([
      { kind: 'agent', day: '2026-11-23', agentId: 'u-agent2' },
    ]);
    expect(agentOf(incrementsOf(answered, resolved, calendarTime))).toEqual([
      { kind: 'agent', day: '2026-11-23', agentId: 'u-supervisor' },
    ]);
  });

  it('counts a next response from the beneficiary’s latest message', () => {
    const waiting = changed(created, '2026-11-23T05:00:00.000Z', {
      firstResponseAt: '2026-11-22T22:00:00.000Z',
      lastResponseAt: '2026-11-22T22:00:00.000Z',
      lastInboundAt: '2026-11-23T05:00:00.000Z',
    });
    const replied = changed(waiting, '2026-11-23T07:00:00.000Z', {
      lastResponseAt: '2026-11-23T07:00:00.000Z',
    });

    const increments = incrementsOf(waiting, replied, calendarTime);

    expect(increments.find((i) => i.target.kind === 'cell')?.counters).toEqual({
      [histogramAttribute('nrt', bucketOf(2 * HOUR))]: 1,
    });
  });

  it('counts a resolution within SLA, leaves the backlog, and counts a reopening when it comes back', () => {
    const resolved = changed(created, '2026-11-24T10:00:00.000Z', {
      status: 'resolved',
      resolvedAt: '2026-11-24T10:00:00.000Z',
    });
    const reopened = changed(resolved, '2026-11-25T10:00:00.000Z', { status: 'open' });

    const onResolve = incrementsOf(created, resolved, calendarTime);
    const onReopen = incrementsOf(resolved, reopened, calendarTime);

    expect(onResolve.find((i) => i.target.kind === 'backlog')?.counters).toEqual({ open: -1 });
    expect(onResolve.find((i) => i.target.kind === 'load')).toEqual({
      target: loadOf('u-agent'),
      counters: { open: -1 },
    });
    expect(onResolve.find((i) => i.target.kind === 'cell')?.counters).toMatchObject({
      resolved: 1,
      resolvedWithinSla: 1,
    });
    expect(onReopen).toEqual(openingOn('2026-11-25', { reopened: 1 }));
  });

  it("moves an active ticket's load with it when it is given to someone else, and drops it when unassigned", () => {
    const reassigned = changed(created, '2026-11-23T08:00:00.000Z', { assigneeId: 'u-agent2' });
    const unassigned = changed(reassigned, '2026-11-23T09:00:00.000Z', { assigneeId: undefined });
    const loads = (before: typeof created, after: typeof created) =>
      incrementsOf(before, after, calendarTime).filter((i) => i.target.kind === 'load');

    expect(loads(created, reassigned)).toEqual([
      { target: loadOf('u-agent'), counters: { open: -1 } },
      { target: loadOf('u-agent2'), counters: { open: 1 } },
    ]);
    expect(loads(reassigned, unassigned)).toEqual([{ target: loadOf('u-agent2'), counters: { open: -1 } }]);
    expect(loads(created, changed(created, '2026-11-23T10:00:00.000Z', { preview: 'x' }))).toEqual([]);
  });

  it('moves the backlog with the ticket when it changes queue', () => {
    const moved = changed(created, '2026-11-23T08:00:00.000Z', { queueId: 'social-research' });

    const backlog = incrementsOf(created, moved, calendarTime).filter((i) => i.target.kind === 'backlog');

    expect(backlog.map((i) => [i.target, i.counters])).toEqual([
      [{ kind: 'backlog', queueId: 'beneficiary-relations', createdDay: '2026-11-23' }, { open: -1 }],
      [{ kind: 'backlog', queueId: 'social-research', createdDay: '2026-11-23' }, { open: 1 }],
    ]);
  });

  it('counts a breached resolution outside SLA, each new escalation level, a survey answer and a late committee decision', () => {
    const breached = changed(created, '2026-11-24T06:00:00.000Z', {
      sla: { breachedAt: '2026-11-24T06:00:00.000Z', escalationLevel: 2 },
    });
    const done = changed(breached, '2026-12-10T06:00:00.000Z', {
      status: 'closed',
      resolvedAt: '2026-12-10T06:00:00.000Z',
      sla: { breachedAt: '2026-11-24T06:00:00.000Z', escalationLevel: 3 },
      satisfaction: { score: 2, answeredAt: '2026-12-10T06:00:00.000Z' },
      committeeDecision: { referredAt: '2026-11-25T06:00:00.000Z', decidedAt: '2026-12-10T06:00:00.000Z' },
    });

    const onBreach = incrementsOf(created, breached, calendarTime).find((i) => i.target.kind === 'cell');
    const onDone = incrementsOf(breached, done, calendarTime).find((i) => i.target.kind === 'cell');

    expect(onBreach?.counters).toEqual({ breaches: 1, escalations: 1 });
    expect(onDone?.counters).toMatchObject({
      resolved: 1,
      escalations: 1,
      satisfactionCount: 1,
      satisfactionSum: 2,
      sat_2: 1,
      committeeDecided: 1,
    });
    expect(onDone?.counters.resolvedWithinSla).toBeUndefined();
    expect(onDone?.counters.committeeWithinWindow).toBeUndefined();
  });
});

describe('warnings and escalations', () => {
  const created = aReportedTicket({ createdAt: '2026-11-22T21:30:00.000Z' });
  const cellCounters = (before: ReportedTicket, after: ReportedTicket) =>
    incrementsOf(before, after, calendarTime).find((i) => i.target.kind === 'cell')?.counters;

  it('count a warning (80% of a window gone) as a warning, not an escalation; the breach and each level after it as escalations', () => {
    const warned = changed(created, '2026-11-23T05:00:00.000Z', { sla: { escalationLevel: 1 } });
    const breached = changed(warned, '2026-11-23T06:00:00.000Z', {
      sla: { breachedAt: '2026-11-23T06:00:00.000Z', escalationLevel: 2 },
    });
    const further = changed(breached, '2026-11-24T06:00:00.000Z', {
      sla: { breachedAt: '2026-11-23T06:00:00.000Z', escalationLevel: 3 },
    });

    expect(cellCounters(created, warned)).toEqual({ warnings: 1 });
    expect(cellCounters(warned, breached)).toEqual({ breaches: 1, escalations: 1 });
    expect(cellCounters(breached, further)).toEqual({ escalations: 1 });
  });

  it('are counted on the day the sweep acted on them: it leaves the ticket’s last update as it was', () => {
    const acted = (day: string, sla: ReportedTicket['sla']) => ({
      ...created,
      sla: { ...sla, unannounced: { since: `${day}T06:00:00.000Z`, escalations: [] } },
    });
    const warned = acted('2026-11-24', { escalationLevel: 1 });
    const breached = acted('2026-11-25', { breachedAt: '2026-11-25T05:00:00.000Z', escalationLevel: 2 });

    expect(incrementsOf(created, warned, calendarTime)).toEqual([
      { target: cellOn('2026-11-24'), counters: { warnings: 1 } },
    ]);
    expect(incrementsOf(warned, breached, calendarTime)).toEqual([
      { target: cellOn('2026-11-25'), counters: { breaches: 1, escalations: 1 } },
    ]);
  });

  it('count a breach no warning was told before as one escalation and no warning', () => {
    const breached = changed(created, '2026-11-23T06:00:00.000Z', {
      sla: { breachedAt: '2026-11-23T06:00:00.000Z', escalationLevel: 2 },
    });

    expect(cellCounters(created, breached)).toEqual({ breaches: 1, escalations: 1 });
  });
});

describe('survey answers outside the scale', () => {
  it('are not counted, so one bad write cannot skew the average', () => {
    const before = aReportedTicket({ status: 'resolved' });
    const after = changed(before, '2026-11-23T06:00:00.000Z', {
      satisfaction: { score: 9, answeredAt: '2026-11-23T06:00:00.000Z' },
    });

    expect(incrementsOf(before, after, calendarTime)).toEqual([]);
  });
});
