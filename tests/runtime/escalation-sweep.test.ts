import type { ScheduledEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoNoticeEmailMarks } from '../../functions/adapters/dynamodb/notice-email-marks.ts';
import {
  createEscalationSweepHandler,
  SWEEP_STOP_MARGIN_MS,
} from '../../functions/handlers/escalation-sweep.ts';
import { localLambdaContext } from '../../infra/local/api-gateway-event.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { sweepEscalations } from '../../shared/use-cases/escalate-tickets.ts';
import { notificationCentreNotifier } from '../../shared/use-cases/notification-centre.ts';
import {
  type ClockedRuntime,
  startClockedRuntime,
  sweepDyingAfterTelling,
} from '../support/clocked-runtime.ts';
import { getJson, postJson } from '../support/runtime.ts';

let t: ClockedRuntime;
let runtime: LocalRuntime;
let agent: string;

beforeAll(async () => {
  t = await startClockedRuntime(new Date('2026-11-29T08:00:00+03:00'));
  ({ runtime, agent } = t);
});
afterAll(async () => {
  await runtime.close();
});

const contactForm = (overrides?: Record<string, unknown>) => t.contactForm(overrides);
const send = (method: string, path: string, token: string, body?: unknown) =>
  t.send(method, path, token, body);

describe('the escalation sweep', () => {
  it('warns the assignee, then tells the supervisors on a breach and raises the priority, each once', async () => {
    t.setNow(new Date('2026-11-30T08:00:00+03:00')); // Monday 08:00
    const { body } = await postJson(`${runtime.url}/public/contact`, contactForm({ message: 'أحتاج رداً' }));
    const ticketId = body.ticketId as string;
    await send('PATCH', `/api/tickets/${ticketId}`, agent, { assigneeId: 'u-agent' });
    const outboxBefore = runtime.outbox.list().length;

    t.setNow(new Date('2026-11-30T10:00:00+03:00'));
    expect((await runtime.sweepEscalations()).warnings).toBe(0);

    t.setNow(new Date('2026-11-30T11:45:00+03:00')); // past 80% of four working hours (11:12)
    const warned = await runtime.sweepEscalations();
    expect(warned.warnings).toBe(1);
    const notices = () =>
      runtime.outbox
        .list()
        .slice(outboxBefore)
        .filter((entry) => JSON.parse(entry.payload).ticketId === ticketId);
    expect(notices().map((entry) => entry.to)).toEqual(['agent@sanad.local']);
    expect((await runtime.sweepEscalations()).warnings).toBe(0);

    t.setNow(new Date('2026-11-30T12:45:00+03:00')); // past 12:30: breached
    const breached = await runtime.sweepEscalations();
    expect(breached.breaches).toBe(1);
    expect(
      runtime.outbox
        .list()
        .slice(outboxBefore)
        .map((entry) => entry.to),
    ).toEqual(expect.arrayContaining(['agent@sanad.local', 'supervisor@sanad.local']));
    const thread = await runtime.deps.store.getTicketWithThread(ticketId);
    expect(thread?.ticket).toMatchObject({
      priority: 'high',
      // The breach is dated when the window ran out, not when the sweep came.
      sla: { breachedAt: new Date('2026-11-30T12:00:00+03:00').toISOString() },
    });
    expect(thread?.events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['sla_warning', 'sla_breached', 'priority_changed']),
    );
    expect((await runtime.sweepEscalations()).breaches).toBe(0);
  });

  it('escalates further while the breach goes unanswered: the managers hear of it and it becomes urgent', async () => {
    t.setNow(new Date('2026-12-13T08:00:00+03:00')); // Sunday
    const { body } = await postJson(`${runtime.url}/public/contact`, contactForm());
    const ticketId = body.ticketId as string;
    t.setNow(new Date('2026-12-13T12:10:00+03:00')); // breached at 12:00
    await runtime.sweepEscalations();
    expect((await runtime.deps.store.getTicket(ticketId))?.priority).toBe('high');
    t.setNow(new Date('2026-12-14T12:10:00+03:00')); // a working day after the breach
    const further = await runtime.sweepEscalations();
    expect(further.furtherEscalations).toBeGreaterThanOrEqual(1);
    const thread = await runtime.deps.store.getTicketWithThread(ticketId);
    expect(thread?.ticket).toMatchObject({ priority: 'urgent', sla: { escalationLevel: 3 } });
    expect(thread?.events.find((event) => event.type === 'sla_escalated')?.data).toMatchObject({ level: 1 });
    const told = runtime.outbox
      .list()
      .filter(
        (entry) =>
          JSON.parse(entry.payload).ticketId === ticketId && JSON.parse(entry.payload).level === 'further',
      )
      .map((entry) => entry.to);
    expect(told).toEqual(['supervisor@sanad.local', 'manager@sanad.local']);
  });

  it('escalates once when two sweeps overlap', async () => {
    t.setNow(new Date('2026-12-06T08:00:00+03:00')); // Sunday
    const { body } = await postJson(`${runtime.url}/public/contact`, contactForm());
    t.setNow(new Date('2026-12-06T11:30:00+03:00')); // past the warning (11:12), before the breach (12:00)
    const [first, second] = await Promise.all([runtime.sweepEscalations(), runtime.sweepEscalations()]);
    const thread = await runtime.deps.store.getTicketWithThread(body.ticketId as string);
    expect(thread?.events.filter((event) => event.type === 'sla_warning')).toHaveLength(1);
    expect((first?.warnings ?? 0) + (second?.warnings ?? 0)).toBeGreaterThanOrEqual(1);
    const warningsForTicket = runtime.outbox
      .list()
      .filter(
        (entry) =>
          JSON.parse(entry.payload).ticketId === body.ticketId &&
          JSON.parse(entry.payload).level === 'warning',
      );
    expect(warningsForTicket).toHaveLength(1);
  });

  it('announces a warning whose sweep died after marking it, once, when the next sweeps find it', async () => {
    t.setNow(new Date('2026-12-13T08:00:00+03:00')); // Sunday
    const { body } = await postJson(`${runtime.url}/public/contact`, contactForm());
    const ticketId = body.ticketId as string;
    const warnings = () =>
      runtime.outbox
        .list()
        .filter(
          (entry) =>
            JSON.parse(entry.payload).ticketId === ticketId && JSON.parse(entry.payload).level === 'warning',
        );
    t.setNow(new Date('2026-12-13T11:30:00+03:00'));
    // The ticket is marked warned, then the process dies before anyone is told.
    const notifier = runtime.deps.staffNotifier;
    const dies: typeof notifier = {
      notify: (notice) =>
        notice.ticket.id === ticketId ? Promise.reject(new Error('process died')) : notifier.notify(notice),
    };
    await expect(sweepEscalations({ ...runtime.deps, staffNotifier: dies })).rejects.toThrow('process died');
    expect(warnings()).toHaveLength(0);
    // A run right after leaves it to the one that acted, which may still be telling.
    t.setNow(new Date('2026-12-13T11:31:00+03:00'));
    await runtime.sweepEscalations();
    expect(warnings()).toHaveLength(0);
    t.setNow(new Date('2026-12-13T11:33:00+03:00'));
    expect((await runtime.sweepEscalations()).warnings).toBe(1);
    expect(warnings()).toHaveLength(1);
    t.setNow(new Date('2026-12-13T11:40:00+03:00'));
    expect((await runtime.sweepEscalations()).warnings).toBe(0);
    expect(warnings()).toHaveLength(1);
    const ticket = await runtime.deps.store.getTicket(ticketId);
    expect(ticket?.sla).not.toHaveProperty('unannounced');
    expect(ticket?.sla?.nextCheckAt).toBe(ticket?.sla?.clocks.firstResponse?.dueAt);
  });

  it('records a warning once when the sweep died after telling everyone, before noting that it had', async () => {
    t.setNow(new Date('2026-12-20T08:00:00+03:00')); // Sunday
    const { body } = await postJson(`${runtime.url}/public/contact`, contactForm());
    const ticketId = body.ticketId as string;
    t.setNow(new Date('2026-12-20T11:30:00+03:00'));
    // The second write of this ticket (the note that all was told) is where the process dies.
    await expect(sweepDyingAfterTelling(runtime, ticketId)).rejects.toThrow('process died');
    t.setNow(new Date('2026-12-20T11:33:00+03:00'));
    await runtime.sweepEscalations();
    const thread = await runtime.deps.store.getTicketWithThread(ticketId);
    // Dated when the dead run acted on it, as that run recorded it, not when the next run took over.
    expect(thread?.events.filter((event) => event.type === 'sla_warning').map((event) => event.at)).toEqual([
      new Date('2026-12-20T11:30:00+03:00').toISOString(),
    ]);
    expect(thread?.ticket.sla).not.toHaveProperty('unannounced');
    const { body: centre } = await getJson(`${runtime.url}/api/notifications`, agent);
    const told = (centre.notifications as { ticketId: string; kind: string }[]).filter(
      (notice) => notice.ticketId === ticketId && notice.kind === 'escalation_warning',
    );
    expect(told).toHaveLength(1);
    // Its email too: the dead run had sent it.
    expect(
      runtime.outbox
        .list()
        .map((entry) => JSON.parse(entry.payload))
        .filter((email) => email.ticketId === ticketId && email.kind === 'escalation')
        .map((email) => email.level),
    ).toEqual(['warning']);
  });

  it('sends a breach email once: a run taking over sends what the dead run could not, and nothing it sent', async () => {
    t.setNow(new Date('2027-01-03T08:00:00+03:00')); // Sunday
    const { body } = await postJson(`${runtime.url}/public/contact`, contactForm());
    const ticketId = body.ticketId as string;
    await send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { assigneeId: 'u-agent' });
    t.setNow(new Date('2027-01-03T12:10:00+03:00')); // breached at 12:00, its warning not yet told
    // The breach's emails: the first goes, the second fails (the mail service refused it, or the run died
    // sending it), so the run stops there.
    const { staffMail } = runtime.deps;
    let sends = 0;
    const failing = notificationCentreNotifier(runtime.deps, {
      ...staffMail,
      sentEmails: new DynamoNoticeEmailMarks(
        createDocumentClient({
          endpoint: runtime.dynamoEndpoint,
          region: 'me-south-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
        'sanad',
      ),
      mailer: {
        send: (email) =>
          email.escalation?.ticketId === ticketId && ++sends === 2
            ? Promise.reject(new Error('process died'))
            : staffMail.mailer.send(email),
      },
    });
    await expect(sweepEscalations({ ...runtime.deps, staffNotifier: failing })).rejects.toThrow(
      'process died',
    );
    const emails = () =>
      runtime.outbox
        .list()
        .filter((entry) => {
          const email = JSON.parse(entry.payload);
          return email.ticketId === ticketId && email.kind === 'escalation';
        })
        .map((entry) => entry.to)
        .sort();
    expect(emails()).toHaveLength(1);
    t.setNow(new Date('2027-01-03T12:13:00+03:00')); // past the dead run's lease
    expect((await runtime.sweepEscalations()).breaches).toBe(1);
    const everyone = ['agent@sanad.local', 'manager@sanad.local', 'supervisor@sanad.local'];
    expect(emails()).toEqual(everyone);
    t.setNow(new Date('2027-01-03T12:20:00+03:00'));
    await runtime.sweepEscalations();
    expect(emails()).toEqual(everyone);
  });

  it('records what a breach changed on the ticket when a sweep takes over from one that died before telling', async () => {
    // A policy whose breach moves the ticket to another queue as well as raising its priority.
    const settings = await runtime.deps.sla.load();
    const moving = {
      load: async () => ({
        ...settings,
        policies: settings.policies.map((policy) => ({
          ...policy,
          onBreach: { raisePriority: true, moveToQueueId: 'social-research' },
        })),
      }),
    };
    const breachAt = async (monday: string, sweep: (ticketId: string) => Promise<void>) => {
      t.setNow(new Date(`${monday}T08:00:00+03:00`));
      const { body } = await postJson(`${runtime.url}/public/contact`, contactForm());
      const ticketId = body.ticketId as string;
      await send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { assigneeId: 'u-agent' });
      const outboxBefore = runtime.outbox.list().length;
      const eventsBefore = (await runtime.deps.store.getTicketWithThread(ticketId))?.events.length ?? 0;
      t.setNow(new Date(`${monday}T12:40:00+03:00`)); // breached at 12:30, its warning not yet told
      await sweep(ticketId);
      const thread = await runtime.deps.store.getTicketWithThread(ticketId);
      return {
        ticket: { priority: thread?.ticket.priority, queueId: thread?.ticket.queueId },
        timeline: thread?.events
          .slice(eventsBefore)
          .map((event) => ({ type: event.type, data: event.data }))
          .sort((a, b) => a.type.localeCompare(b.type)),
        told: runtime.outbox
          .list()
          .slice(outboxBefore)
          .filter((entry) => JSON.parse(entry.payload).ticketId === ticketId)
          .map((entry) => `${entry.to} ${JSON.parse(entry.payload).level}`)
          .sort(),
      };
    };

    const uninterrupted = await breachAt('2027-01-18', async () => {
      await sweepEscalations({ ...runtime.deps, sla: moving });
    });
    expect(uninterrupted.ticket).toEqual({ priority: 'high', queueId: 'social-research' });
    expect(uninterrupted.timeline?.map((event) => event.type)).toEqual([
      'priority_changed',
      'queue_changed',
      'sla_breached',
    ]);
    // Told to the agent who held it as well: the move to the other queue left it with nobody.
    expect(uninterrupted.told).toContain('agent@sanad.local breach');

    // The run applies the breach (priority raised, queue moved), then dies before recording anything, or after
    // recording the events but before telling anyone; the next run past its lease takes over.
    const dying = (ticketId: string, at: 'events' | 'notices') => {
      const { store, staffNotifier } = runtime.deps;
      const died = () => Promise.reject(new Error('process died'));
      const dyingStore = Object.create(store) as typeof store;
      dyingStore.addEvents = (events) =>
        at === 'events' && events.some((event) => event.ticketId === ticketId)
          ? died()
          : store.addEvents(events);
      return {
        ...runtime.deps,
        sla: moving,
        store: dyingStore,
        staffNotifier: {
          notify: (notice: Parameters<typeof staffNotifier.notify>[0]) =>
            notice.ticket.id === ticketId ? died() : staffNotifier.notify(notice),
        },
      };
    };
    for (const [monday, at] of [
      ['2027-01-25', 'events'],
      ['2027-02-01', 'notices'],
    ] as const) {
      const takenOver = await breachAt(monday, async (ticketId) => {
        await expect(sweepEscalations(dying(ticketId, at))).rejects.toThrow('process died');
        t.setNow(new Date(`${monday}T12:43:00+03:00`)); // past the dead run's lease
        await sweepEscalations({ ...runtime.deps, sla: moving });
        t.setNow(new Date(`${monday}T12:50:00+03:00`));
        await sweepEscalations({ ...runtime.deps, sla: moving });
      });
      const dated = (timeline: typeof uninterrupted.timeline) =>
        timeline?.map((event) => ({ ...event, data: { ...event.data, dueAt: undefined } }));
      expect({ ...takenOver, timeline: dated(takenOver.timeline) }).toEqual({
        ...uninterrupted,
        timeline: dated(uninterrupted.timeline),
      });
    }
  });

  it('reads only due tickets, and leaves a ticket waiting on the beneficiary alone', async () => {
    t.setNow(new Date('2026-12-01T08:00:00+03:00'));
    const waiting = await postJson(`${runtime.url}/public/contact`, contactForm());
    await send('PATCH', `/api/tickets/${waiting.body.ticketId}`, agent, { status: 'pending_beneficiary' });
    for (let index = 0; index < 5; index++) await postJson(`${runtime.url}/public/contact`, contactForm());
    t.setNow(new Date('2026-12-01T09:00:00+03:00'));
    const result = await runtime.sweepEscalations();
    expect(result.ticketsRead).toBe(0);
    t.setNow(new Date('2026-12-04T09:00:00+03:00'));
    const later = await runtime.sweepEscalations();
    const touched = await runtime.deps.store.getTicket(waiting.body.ticketId as string);
    expect(touched?.sla?.breachedAt).toBeUndefined();
    expect(later.ticketsRead).toBeGreaterThanOrEqual(5);
  });

  it('stops taking due tickets near its time limit, keeps its watermark, and the next run acts on the rest once', async () => {
    t.setNow(new Date('2027-01-04T08:00:00+03:00')); // Monday
    const ids: string[] = [];
    for (let index = 0; index < 3; index++)
      ids.push((await postJson(`${runtime.url}/public/contact`, contactForm())).body.ticketId as string);
    const due = new Date('2027-01-04T11:45:00+03:00'); // past the warning (11:12), before the breach (12:00)
    t.setNow(due);
    const watermark = await runtime.deps.escalationIndex.getWatermark();

    // The scheduled run, its time nearly up, takes no ticket and says so.
    const nearlyOut = {
      ...localLambdaContext('escalationSweep'),
      getRemainingTimeInMillis: () => SWEEP_STOP_MARGIN_MS - 1,
    };
    const stopped = await createEscalationSweepHandler(() => runtime.deps)({} as ScheduledEvent, nearlyOut);
    expect(stopped).toMatchObject({ complete: false, warnings: 0, breaches: 0, furtherEscalations: 0 });

    let asked = 0;
    const partial = await sweepEscalations(runtime.deps, { shouldStop: () => asked++ >= 1 });
    expect(partial.complete).toBe(false);
    expect(await runtime.deps.escalationIndex.getWatermark()).toBe(watermark);

    const rest = await runtime.sweepEscalations();
    expect(rest.complete).toBe(true);
    for (const id of ids) {
      const thread = await runtime.deps.store.getTicketWithThread(id);
      expect(thread?.events.filter((event) => event.type === 'sla_warning')).toHaveLength(1);
    }
    expect(await runtime.deps.escalationIndex.getWatermark()).toBe(due.toISOString());
  });

  it('acts on a backlog of due tickets several at a time, each once', async () => {
    t.setNow(new Date('2027-01-11T08:00:00+03:00')); // Monday
    const ids: string[] = [];
    for (let index = 0; index < 20; index++)
      ids.push((await postJson(`${runtime.url}/public/contact`, contactForm())).body.ticketId as string);
    t.setNow(new Date('2027-01-11T11:45:00+03:00')); // past the warnings, before the breaches
    let inFlight = 0;
    let most = 0;
    const store = Object.create(runtime.deps.store) as typeof runtime.deps.store;
    store.updateTicket = async (ticketId, change) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await runtime.deps.store.updateTicket(ticketId, change);
      } finally {
        inFlight -= 1;
      }
    };
    const swept = await sweepEscalations({ ...runtime.deps, store });
    expect(swept).toMatchObject({ complete: true, warnings: 20 });
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(8);
    for (const id of ids) {
      const thread = await runtime.deps.store.getTicketWithThread(id);
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
});
