import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BusinessTime, calendarTime } from '../../../shared/reports/business-time.ts';
import { csvField, toCsv, UTF8_BOM } from '../../../shared/reports/csv.ts';
import { bucketOf, PERCENTILE_RELATIVE_ERROR, percentile } from '../../../shared/reports/histogram.ts';
import { type ReportedTicket, riyadhDay } from '../../../shared/reports/reported-ticket.ts';
import { ticketMetrics } from '../../../shared/reports/ticket-metrics.ts';
import { histogramAttribute, incrementsOf } from '../../../shared/reports/transitions.ts';
import { reportRange } from '../../../shared/use-cases/reports.ts';
import { aReportedTicket, changed } from '../../support/reported-tickets.ts';
import { aMessage } from '../../support/ticket-histories.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * A stand-in business calendar for these tests: Sunday–Thursday, 08:00–16:00 Riyadh (05:00–13:00 UTC), counted
 * minute by minute. The real one comes from the SLA module through the same BusinessTime port.
 */
const officeHours: BusinessTime = (from, to) => {
  let total = 0;
  for (let at = from.getTime(); at < to.getTime(); at += MINUTE) {
    const moment = new Date(at);
    const weekday = moment.getUTCDay(); // 5 = Friday, 6 = Saturday: the Saudi weekend
    const hour = moment.getUTCHours();
    if (weekday <= 4 && hour >= 5 && hour < 13) total += Math.min(MINUTE, to.getTime() - at);
  }
  return total;
};

describe('per-ticket metrics', () => {
  it('measures first and next responses from the thread, ignoring internal notes', () => {
    const ticket = aReportedTicket({ createdAt: '2026-11-22T06:00:00.000Z' });
    const thread = [
      aMessage('t', 'inbound', '2026-11-22T06:00:00.000Z'),
      aMessage('t', 'note', '2026-11-22T06:10:00.000Z'),
      aMessage('t', 'outbound', '2026-11-22T06:30:00.000Z'),
      aMessage('t', 'inbound', '2026-11-22T07:00:00.000Z'),
      aMessage('t', 'inbound', '2026-11-22T07:20:00.000Z'),
      aMessage('t', 'outbound', '2026-11-22T08:00:00.000Z'),
    ];

    const metrics = ticketMetrics(ticket, thread, calendarTime);

    expect(metrics.firstResponseMs).toBe(30 * MINUTE);
    expect(metrics.nextResponsesMs).toEqual([40 * MINUTE]);
    expect(metrics.resolutionMs).toBeUndefined();
  });

  it('counts business time only inside office hours: a Thursday-evening message answered on Sunday', () => {
    // Thursday 26 Nov 2026 15:00 Riyadh (12:00Z) → answered Sunday 29 Nov 09:00 Riyadh (06:00Z).
    const ticket = aReportedTicket({
      createdAt: '2026-11-26T12:00:00.000Z',
      resolvedAt: '2026-11-29T08:00:00.000Z',
      status: 'resolved',
    });
    const thread = [
      aMessage('t', 'inbound', ticket.createdAt),
      aMessage('t', 'outbound', '2026-11-29T06:00:00.000Z'),
    ];

    const metrics = ticketMetrics(ticket, thread, officeHours);

    expect(metrics.firstResponseMs).toBe(66 * HOUR);
    expect(metrics.firstResponseBusinessMs).toBe(2 * HOUR);
    expect(metrics.resolutionMs).toBe(68 * HOUR);
    expect(metrics.resolutionBusinessMs).toBe(4 * HOUR);
  });

  it('reads breaches, escalations, satisfaction, reopenings and the committee window from the ticket contract', () => {
    const ticket = aReportedTicket({
      sla: { breachedAt: '2026-11-23T06:00:00.000Z', escalationLevel: 2 },
      satisfaction: { score: 4, answeredAt: '2026-11-24T06:00:00.000Z' },
      committeeDecision: { referredAt: '2026-11-01T06:00:00.000Z', decidedAt: '2026-11-16T06:00:00.000Z' },
    });

    const metrics = ticketMetrics(ticket, [], calendarTime, ['new', 'open', 'resolved', 'open', 'closed']);

    expect(metrics).toMatchObject({
      breached: true,
      // The breach (level 2): the warning before it is not an escalation.
      escalations: 1,
      satisfactionScore: 4,
      reopenings: 1,
      committeeDecidedWithinWindow: false,
    });
  });
});

/** The report targets of a WhatsApp ticket of beneficiary relations with no branch. */
const cellOn = (day: string) =>
  ({ kind: 'cell', day, queueId: 'beneficiary-relations', channel: 'whatsapp', branch: 'none' }) as const;
const backlogOf = (createdDay: string) =>
  ({ kind: 'backlog', queueId: 'beneficiary-relations', createdDay }) as const;
const loadOf = (agentId: string) => ({ kind: 'load', agentId }) as const;

describe('increments from a ticket change', () => {
  const created = aReportedTicket({ createdAt: '2026-11-22T21:30:00.000Z', assigneeId: 'u-agent' });

  it('counts a new ticket on its Riyadh day and opens it in the backlog', () => {
    const increments = incrementsOf(undefined, created, calendarTime);

    // 21:30Z is already 00:30 on the 23rd in Riyadh.
    expect(increments).toEqual([
      {
        target: backlogOf('2026-11-23'),
        counters: { open: 1 },
      },
      {
        target: loadOf('u-agent'),
        counters: { open: 1 },
      },
      {
        target: cellOn('2026-11-23'),
        counters: { created: 1 },
      },
    ]);
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
    expect(onReopen).toEqual([
      {
        target: backlogOf('2026-11-23'),
        counters: { open: 1 },
      },
      {
        target: loadOf('u-agent'),
        counters: { open: 1 },
      },
      {
        target: cellOn('2026-11-25'),
        counters: { reopened: 1 },
      },
    ]);
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

describe('percentile summary', () => {
  it('gives every percentile within the stated relative error of a real value of that rank', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: MINUTE, max: 60 * 24 * HOUR }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0.5, 0.9),
        (samples, q) => {
          const histogram: Record<number, number> = {};
          for (const sample of samples) histogram[bucketOf(sample)] = (histogram[bucketOf(sample)] ?? 0) + 1;
          const exact = [...samples].sort((a, b) => a - b)[Math.ceil(q * samples.length) - 1] as number;
          const estimate = percentile(histogram, q) as number;
          expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(PERCENTILE_RELATIVE_ERROR + 1e-9);
        },
      ),
    );
  });

  it('has no percentile for an empty summary', () => {
    expect(percentile({}, 0.5)).toBeUndefined();
  });
});

describe('CSV', () => {
  it('starts with a BOM and escapes commas, quotes, line breaks and formula starts', () => {
    const csv = toCsv(
      ['الاسم', 'ملاحظة'],
      [
        ['أم خالد', 'قال "نعم", ثم\nذهب'],
        ['=HYPERLINK("x")', 7],
      ],
    );

    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv.slice(1)).toBe(
      'الاسم,ملاحظة\r\nأم خالد,"قال ""نعم"", ثم\nذهب"\r\n"\'=HYPERLINK(""x"")",7\r\n',
    );
    expect(csvField(-3)).toBe('-3');
  });
});

describe('report range', () => {
  const deps = (now: string) => ({ clock: { now: () => new Date(now) }, reports: undefined as never });

  it('defaults to today in Riyadh, which starts at 21:00 UTC the day before', () => {
    expect(reportRange(deps('2026-11-24T21:30:00.000Z'), {})).toEqual({
      from: '2026-11-25',
      to: '2026-11-25',
    });
    expect(riyadhDay('2026-11-24T20:59:59.000Z')).toBe('2026-11-24');
  });

  it('refuses a range that ends before it starts or spans more than a year', () => {
    const d = deps('2026-11-25T10:00:00.000Z');
    expect(() => reportRange(d, { from: '2026-11-25', to: '2026-11-01' })).toThrow(/after/);
    expect(() => reportRange(d, { from: '2025-01-01', to: '2026-11-01' })).toThrow(/at most/);
  });
});
