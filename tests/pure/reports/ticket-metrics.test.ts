import { describe, expect, it } from 'vitest';
import { type BusinessTime, calendarTime } from '../../../shared/reports/business-time.ts';
import { ticketMetrics } from '../../../shared/reports/ticket-metrics.ts';
import { aReportedTicket } from '../../support/reported-tickets.ts';
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
