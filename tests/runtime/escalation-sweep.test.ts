import type { ScheduledEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  createEscalationSweepHandler,
  SWEEP_STOP_MARGIN_MS,
} from '../../functions/handlers/escalation-sweep.ts';
import { localLambdaContext } from '../../infra/local/api-gateway-event.ts';
import { sweepEscalations } from '../../shared/use-cases/escalate-tickets.ts';
import { useMovingClock } from '../support/moving-clock.ts';
import { postJson } from '../support/runtime.ts';

const { t } = useMovingClock('2026-11-29T08:00:00+03:00');

/** Whom the escalation emails about a ticket went to, at one level when given, from `from` in the outbox on. */
const emailedAbout = (ticketId: string, level?: string, from = 0) =>
  t.runtime.outbox
    .list()
    .slice(from)
    .filter((entry) => {
      const notice = JSON.parse(entry.payload);
      return notice.ticketId === ticketId && (level === undefined || notice.level === level);
    })
    .map((entry) => entry.to);

describe('the escalation sweep', () => {
  it('warns the assignee, then tells the supervisors on a breach and raises the priority, each once', async () => {
    t.setNow(new Date('2026-11-30T08:00:00+03:00')); // Monday 08:00
    const { body } = await postJson(
      `${t.runtime.url}/public/contact`,
      t.contactForm({ message: 'أحتاج رداً' }),
    );
    const ticketId = body.ticketId as string;
    await t.send('PATCH', `/api/tickets/${ticketId}`, t.agent, { assigneeId: 'u-agent' });
    const outboxBefore = t.runtime.outbox.list().length;

    t.setNow(new Date('2026-11-30T10:00:00+03:00'));
    expect((await t.runtime.sweepEscalations()).warnings).toBe(0);

    t.setNow(new Date('2026-11-30T11:45:00+03:00')); // past 80% of four working hours (11:12)
    const warned = await t.runtime.sweepEscalations();
    expect(warned.warnings).toBe(1);
    expect(emailedAbout(ticketId, undefined, outboxBefore)).toEqual(['agent@sanad.local']);
    expect((await t.runtime.sweepEscalations()).warnings).toBe(0);

    t.setNow(new Date('2026-11-30T12:45:00+03:00')); // past 12:30: breached
    const breached = await t.runtime.sweepEscalations();
    expect(breached.breaches).toBe(1);
    expect(
      t.runtime.outbox
        .list()
        .slice(outboxBefore)
        .map((entry) => entry.to),
    ).toEqual(expect.arrayContaining(['agent@sanad.local', 'supervisor@sanad.local']));
    const thread = await t.runtime.deps.store.getTicketWithThread(ticketId);
    expect(thread?.ticket).toMatchObject({
      priority: 'high',
      // The breach is dated when the window ran out, not when the sweep came.
      sla: { breachedAt: new Date('2026-11-30T12:00:00+03:00').toISOString() },
    });
    expect(thread?.events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['sla_warning', 'sla_breached', 'priority_changed']),
    );
    expect((await t.runtime.sweepEscalations()).breaches).toBe(0);
  });

  it('escalates further while the breach goes unanswered: the managers hear of it and it becomes urgent', async () => {
    t.setNow(new Date('2026-12-13T08:00:00+03:00')); // Sunday
    const { body } = await postJson(`${t.runtime.url}/public/contact`, t.contactForm());
    const ticketId = body.ticketId as string;
    t.setNow(new Date('2026-12-13T12:10:00+03:00')); // breached at 12:00
    await t.runtime.sweepEscalations();
    expect((await t.runtime.deps.store.getTicket(ticketId))?.priority).toBe('high');
    t.setNow(new Date('2026-12-14T12:10:00+03:00')); // a working day after the breach
    const further = await t.runtime.sweepEscalations();
    expect(further.furtherEscalations).toBeGreaterThanOrEqual(1);
    const thread = await t.runtime.deps.store.getTicketWithThread(ticketId);
    expect(thread?.ticket).toMatchObject({ priority: 'urgent', sla: { escalationLevel: 3 } });
    expect(thread?.events.find((event) => event.type === 'sla_escalated')?.data).toMatchObject({ level: 1 });
    const told = emailedAbout(ticketId, 'further');
    expect(told).toEqual(['supervisor@sanad.local', 'manager@sanad.local']);
  });

  it('escalates once when two sweeps overlap', async () => {
    t.setNow(new Date('2026-12-06T08:00:00+03:00')); // Sunday
    const { body } = await postJson(`${t.runtime.url}/public/contact`, t.contactForm());
    t.setNow(new Date('2026-12-06T11:30:00+03:00')); // past the warning (11:12), before the breach (12:00)
    const [first, second] = await Promise.all([t.runtime.sweepEscalations(), t.runtime.sweepEscalations()]);
    const thread = await t.runtime.deps.store.getTicketWithThread(body.ticketId as string);
    expect(thread?.events.filter((event) => event.type === 'sla_warning')).toHaveLength(1);
    expect((first?.warnings ?? 0) + (second?.warnings ?? 0)).toBeGreaterThanOrEqual(1);
    expect(emailedAbout(body.ticketId as string, 'warning')).toHaveLength(1);
  });

  it('reads only due tickets, and leaves a ticket waiting on the beneficiary alone', async () => {
    t.setNow(new Date('2026-12-01T08:00:00+03:00'));
    const waiting = await postJson(`${t.runtime.url}/public/contact`, t.contactForm());
    await t.send('PATCH', `/api/tickets/${waiting.body.ticketId}`, t.agent, {
      status: 'pending_beneficiary',
    });
    for (let index = 0; index < 5; index++)
      await postJson(`${t.runtime.url}/public/contact`, t.contactForm());
    t.setNow(new Date('2026-12-01T09:00:00+03:00'));
    const result = await t.runtime.sweepEscalations();
    expect(result.ticketsRead).toBe(0);
    t.setNow(new Date('2026-12-04T09:00:00+03:00'));
    const later = await t.runtime.sweepEscalations();
    const touched = await t.runtime.deps.store.getTicket(waiting.body.ticketId as string);
    expect(touched?.sla?.breachedAt).toBeUndefined();
    expect(later.ticketsRead).toBeGreaterThanOrEqual(5);
  });

  it('stops taking due tickets near its time limit, keeps its watermark, and the next run acts on the rest once', async () => {
    t.setNow(new Date('2027-01-04T08:00:00+03:00')); // Monday
    const ids: string[] = [];
    for (let index = 0; index < 3; index++)
      ids.push((await postJson(`${t.runtime.url}/public/contact`, t.contactForm())).body.ticketId as string);
    const due = new Date('2027-01-04T11:45:00+03:00'); // past the warning (11:12), before the breach (12:00)
    t.setNow(due);
    const watermark = await t.runtime.deps.escalationIndex.getWatermark();

    // The scheduled run, its time nearly up, takes no ticket and says so.
    const nearlyOut = {
      ...localLambdaContext('escalationSweep'),
      getRemainingTimeInMillis: () => SWEEP_STOP_MARGIN_MS - 1,
    };
    const stopped = await createEscalationSweepHandler(() => t.runtime.deps)({} as ScheduledEvent, nearlyOut);
    expect(stopped).toMatchObject({ complete: false, warnings: 0, breaches: 0, furtherEscalations: 0 });

    let asked = 0;
    const partial = await sweepEscalations(t.runtime.deps, { shouldStop: () => asked++ >= 1 });
    expect(partial.complete).toBe(false);
    expect(await t.runtime.deps.escalationIndex.getWatermark()).toBe(watermark);

    const rest = await t.runtime.sweepEscalations();
    expect(rest.complete).toBe(true);
    for (const id of ids) {
      const thread = await t.runtime.deps.store.getTicketWithThread(id);
      expect(thread?.events.filter((event) => event.type === 'sla_warning')).toHaveLength(1);
    }
    expect(await t.runtime.deps.escalationIndex.getWatermark()).toBe(due.toISOString());
  });

  it('acts on a backlog of due tickets several at a time, each once', async () => {
    t.setNow(new Date('2027-01-11T08:00:00+03:00')); // Monday
    const ids: string[] = [];
    for (let index = 0; index < 20; index++)
      ids.push((await postJson(`${t.runtime.url}/public/contact`, t.contactForm())).body.ticketId as string);
    t.setNow(new Date('2027-01-11T11:45:00+03:00')); // past the warnings, before the breaches
    let inFlight = 0;
    let most = 0;
    const store = Object.create(t.runtime.deps.store) as typeof t.runtime.deps.store;
    store.updateTicket = async (ticketId, change) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await t.runtime.deps.store.updateTicket(ticketId, change);
      } finally {
        inFlight -= 1;
      }
    };
    const swept = await sweepEscalations({ ...t.runtime.deps, store });
    expect(swept).toMatchObject({ complete: true, warnings: 20 });
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(8);
    for (const id of ids) {
      const thread = await t.runtime.deps.store.getTicketWithThread(id);
      expect(thread?.events.filter((event) => event.type === 'sla_warning')).toHaveLength(1);
    }
  });

  it('runs locally with a time limit that counts down, as Lambda’s does', async () => {
    const context = localLambdaContext('escalationSweep');
    const first = context.getRemainingTimeInMillis();
    await new Promise((resolve) => setTimeout(resolve, 25));
    expect(first).toBeLessThanOrEqual(30_000);
    expect(context.getRemainingTimeInMillis()).toBeLessThanOrEqual(first - 20);
  });

  it('tells the supervisors too when a further level is meant for a holder who is away', async () => {
    const { policies } = (await t.send('GET', '/api/sla-policies', t.admin)).body as {
      policies: Array<{ id: string; furtherLevels?: unknown }>;
    };
    const standard = policies.find((policy) => policy.id === 'standard');
    const { id: _id, ...kept } = standard ?? { id: '' };
    const forHolder = {
      ...kept,
      furtherLevels: [{ afterMinutes: 7 * 60, notify: ['assignee'], raisePriority: false }],
    };
    expect((await t.send('PUT', '/api/sla-policies/standard', t.admin, forHolder)).status).toBe(200);
    try {
      t.setNow(new Date('2027-02-01T08:00:00+03:00')); // Monday
      const { body } = await postJson(`${t.runtime.url}/public/contact`, t.contactForm());
      const ticketId = body.ticketId as string;
      await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { assigneeId: 'u-agent2' });
      t.setNow(new Date('2027-02-01T12:10:00+03:00')); // breached at 12:00
      await t.runtime.sweepEscalations();
      const away = await t.send('PUT', '/api/staff/u-agent2/availability', t.supervisor, { away: true });
      expect(away.status).toBe(200);
      t.setNow(new Date('2027-02-02T12:10:00+03:00')); // a working day after the breach
      expect((await t.runtime.sweepEscalations()).furtherEscalations).toBeGreaterThanOrEqual(1);
      const told = emailedAbout(ticketId, 'further');
      // Fahd still hears of it for when he is back; the supervisors can give it to someone at work now.
      expect(told.sort()).toEqual(['agent2@sanad.local', 'supervisor@sanad.local']);
    } finally {
      await t.send('PUT', '/api/staff/u-agent2/availability', t.supervisor, { away: false });
      await t.send('PUT', '/api/sla-policies/standard', t.admin, kept);
    }
  });

  it('tells the admins, who can reassign too, when every supervisor is away', async () => {
    expect(
      (await t.send('PUT', '/api/staff/u-supervisor/availability', t.supervisor, { away: true })).status,
    ).toBe(200);
    try {
      t.setNow(new Date('2027-02-08T08:00:00+03:00')); // Monday
      const { body } = await postJson(`${t.runtime.url}/public/contact`, t.contactForm());
      const ticketId = body.ticketId as string;
      await t.send('PATCH', `/api/tickets/${ticketId}`, t.admin, { assigneeId: null });
      t.setNow(new Date('2027-02-08T13:30:00+03:00')); // past the warning (13:12), nobody holds it
      expect((await t.runtime.sweepEscalations()).warnings).toBeGreaterThanOrEqual(1);
      expect(emailedAbout(ticketId, 'warning')).toEqual(['admin@sanad.local']);
      const centre = await t.runtime.deps.notifications.listFor('u-admin', 50);
      expect(centre.map((notice) => notice.ticketId)).toContain(ticketId);
    } finally {
      await t.send('PUT', '/api/staff/u-supervisor/availability', t.supervisor, { away: false });
    }
  });

  it('tells no one whose account is disabled: a manager who has left hears nothing of a breach', async () => {
    expect((await t.send('PUT', '/api/staff/u-manager', t.admin, { disabled: true })).status).toBe(200);
    try {
      t.setNow(new Date('2027-03-29T08:00:00+03:00')); // Monday, after Ramadan and the Eid holiday
      const { body } = await postJson(`${t.runtime.url}/public/contact`, t.contactForm());
      const ticketId = body.ticketId as string;
      t.setNow(new Date('2027-03-29T12:10:00+03:00')); // breached at 12:00
      await t.runtime.sweepEscalations();
      t.setNow(new Date('2027-03-30T12:10:00+03:00')); // the further level, meant for the managers
      expect((await t.runtime.sweepEscalations()).furtherEscalations).toBeGreaterThanOrEqual(1);
      const told = emailedAbout(ticketId);
      expect(told).toContain('supervisor@sanad.local');
      expect(told).not.toContain('manager@sanad.local');
      const centre = await t.runtime.deps.notifications.listFor('u-manager', 50);
      expect(JSON.stringify(centre)).not.toContain(ticketId);
    } finally {
      await t.send('PUT', '/api/staff/u-manager', t.admin, { disabled: false });
    }
  });

  it('tells nothing of a ticket to a holder moved out of its queue, who can no longer open it', async () => {
    t.setNow(new Date('2027-04-05T08:00:00+03:00')); // Monday
    const { body } = await postJson(`${t.runtime.url}/public/contact`, t.contactForm());
    const ticketId = body.ticketId as string;
    await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { assigneeId: 'u-agent2' });
    const { staff } = (await t.send('GET', '/api/staff', t.admin)).body as {
      staff: Array<{ id: string; queueIds: string[] }>;
    };
    const queueIds = staff.find((member) => member.id === 'u-agent2')?.queueIds ?? [];
    const moved = await t.send('PUT', '/api/staff/u-agent2', t.admin, { queueIds: ['volunteering'] });
    expect(moved.status).toBe(200);
    try {
      const outboxBefore = t.runtime.outbox.list().length;
      t.setNow(new Date('2027-04-05T11:45:00+03:00')); // past the warning
      await t.runtime.sweepEscalations();
      t.setNow(new Date('2027-04-05T12:10:00+03:00')); // breached
      await t.runtime.sweepEscalations();
      const told = emailedAbout(ticketId, undefined, outboxBefore);
      expect(told).toContain('supervisor@sanad.local');
      expect(told).not.toContain('agent2@sanad.local');
      const centre = await t.runtime.deps.notifications.listFor('u-agent2', 50);
      const escalations = centre.filter((notice) => notice.kind.startsWith('escalation_'));
      expect(escalations.map((notice) => notice.ticketId)).not.toContain(ticketId);
    } finally {
      await t.send('PUT', '/api/staff/u-agent2', t.admin, { queueIds });
    }
  });
});
