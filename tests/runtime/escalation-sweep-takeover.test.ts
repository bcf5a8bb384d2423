import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoNoticeEmailMarks } from '../../functions/adapters/dynamodb/notice-email-marks.ts';
import { sweepEscalations } from '../../shared/use-cases/escalate-tickets.ts';
import { notificationCentreNotifier } from '../../shared/use-cases/notification-centre.ts';
import { sweepDyingAfterTelling } from '../support/clocked-runtime.ts';
import { useMovingClock } from '../support/moving-clock.ts';
import { getJson, postJson } from '../support/runtime.ts';

const { t } = useMovingClock('2026-11-29T08:00:00+03:00');

describe('the escalation sweep taking over from one that died', () => {
  it('announces a warning whose sweep died after marking it, once, when the next sweeps find it', async () => {
    t.setNow(new Date('2026-12-13T08:00:00+03:00')); // Sunday
    const { body } = await postJson(`${t.runtime.url}/public/contact`, t.contactForm());
    const ticketId = body.ticketId as string;
    const warnings = () =>
      t.runtime.outbox
        .list()
        .filter(
          (entry) =>
            JSON.parse(entry.payload).ticketId === ticketId && JSON.parse(entry.payload).level === 'warning',
        );
    t.setNow(new Date('2026-12-13T11:30:00+03:00'));
    // The ticket is marked warned, then the process dies before anyone is told.
    const notifier = t.runtime.deps.staffNotifier;
    const dies: typeof notifier = {
      notify: (notice) =>
        notice.ticket.id === ticketId ? Promise.reject(new Error('process died')) : notifier.notify(notice),
    };
    await expect(sweepEscalations({ ...t.runtime.deps, staffNotifier: dies })).rejects.toThrow(
      'process died',
    );
    expect(warnings()).toHaveLength(0);
    // A run right after leaves it to the one that acted, which may still be telling.
    t.setNow(new Date('2026-12-13T11:31:00+03:00'));
    await t.runtime.sweepEscalations();
    expect(warnings()).toHaveLength(0);
    t.setNow(new Date('2026-12-13T11:33:00+03:00'));
    expect((await t.runtime.sweepEscalations()).warnings).toBe(1);
    expect(warnings()).toHaveLength(1);
    t.setNow(new Date('2026-12-13T11:40:00+03:00'));
    expect((await t.runtime.sweepEscalations()).warnings).toBe(0);
    expect(warnings()).toHaveLength(1);
    const ticket = await t.runtime.deps.store.getTicket(ticketId);
    expect(ticket?.sla).not.toHaveProperty('unannounced');
    expect(ticket?.sla?.nextCheckAt).toBe(ticket?.sla?.clocks.firstResponse?.dueAt);
  });

  it('records a warning once when the sweep died after telling everyone, before noting that it had', async () => {
    t.setNow(new Date('2026-12-20T08:00:00+03:00')); // Sunday
    const { body } = await postJson(`${t.runtime.url}/public/contact`, t.contactForm());
    const ticketId = body.ticketId as string;
    // The agent's, whoever the queue would give it to: the warning is told to them.
    await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { assigneeId: 'u-agent' });
    t.setNow(new Date('2026-12-20T11:30:00+03:00'));
    // The second write of this ticket (the note that all was told) is where the process dies.
    await expect(sweepDyingAfterTelling(t.runtime, ticketId)).rejects.toThrow('process died');
    t.setNow(new Date('2026-12-20T11:33:00+03:00'));
    await t.runtime.sweepEscalations();
    const thread = await t.runtime.deps.store.getTicketWithThread(ticketId);
    // Dated when the dead run acted on it, as that run recorded it, not when the next run took over.
    expect(thread?.events.filter((event) => event.type === 'sla_warning').map((event) => event.at)).toEqual([
      new Date('2026-12-20T11:30:00+03:00').toISOString(),
    ]);
    expect(thread?.ticket.sla).not.toHaveProperty('unannounced');
    const { body: centre } = await getJson(`${t.runtime.url}/api/notifications`, t.agent);
    const told = (centre.notifications as { ticketId: string; kind: string }[]).filter(
      (notice) => notice.ticketId === ticketId && notice.kind === 'escalation_warning',
    );
    expect(told).toHaveLength(1);
    // Its email too: the dead run had sent it.
    expect(
      t.runtime.outbox
        .list()
        .map((entry) => JSON.parse(entry.payload))
        .filter((email) => email.ticketId === ticketId && email.kind === 'escalation')
        .map((email) => email.level),
    ).toEqual(['warning']);
  });

  it('sends a breach email once: a run taking over sends what the dead run could not, and nothing it sent', async () => {
    t.setNow(new Date('2027-01-03T08:00:00+03:00')); // Sunday
    const { body } = await postJson(`${t.runtime.url}/public/contact`, t.contactForm());
    const ticketId = body.ticketId as string;
    await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { assigneeId: 'u-agent' });
    t.setNow(new Date('2027-01-03T12:10:00+03:00')); // breached at 12:00, its warning not yet told
    // The breach's emails: the first goes, the second fails (the mail service refused it, or the run died
    // sending it), so the run stops there.
    const { staffMail } = t.runtime.deps;
    let sends = 0;
    const failing = notificationCentreNotifier(t.runtime.deps, {
      ...staffMail,
      sentEmails: new DynamoNoticeEmailMarks(
        createDocumentClient({
          endpoint: t.runtime.dynamoEndpoint,
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
    await expect(sweepEscalations({ ...t.runtime.deps, staffNotifier: failing })).rejects.toThrow(
      'process died',
    );
    const emails = () =>
      t.runtime.outbox
        .list()
        .filter((entry) => {
          const email = JSON.parse(entry.payload);
          return email.ticketId === ticketId && email.kind === 'escalation';
        })
        .map((entry) => entry.to)
        .sort();
    expect(emails()).toHaveLength(1);
    t.setNow(new Date('2027-01-03T12:13:00+03:00')); // past the dead run's lease
    expect((await t.runtime.sweepEscalations()).breaches).toBe(1);
    const everyone = ['agent@sanad.local', 'manager@sanad.local', 'supervisor@sanad.local'];
    expect(emails()).toEqual(everyone);
    t.setNow(new Date('2027-01-03T12:20:00+03:00'));
    await t.runtime.sweepEscalations();
    expect(emails()).toEqual(everyone);
  });

  it('records what a breach changed on the ticket when a sweep takes over from one that died before telling', async () => {
    // A policy whose breach moves the ticket to another queue as well as raising its priority.
    const settings = await t.runtime.deps.sla.load();
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
      const { body } = await postJson(`${t.runtime.url}/public/contact`, t.contactForm());
      const ticketId = body.ticketId as string;
      await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { assigneeId: 'u-agent' });
      const outboxBefore = t.runtime.outbox.list().length;
      const eventsBefore = (await t.runtime.deps.store.getTicketWithThread(ticketId))?.events.length ?? 0;
      t.setNow(new Date(`${monday}T12:40:00+03:00`)); // breached at 12:30, its warning not yet told
      await sweep(ticketId);
      const thread = await t.runtime.deps.store.getTicketWithThread(ticketId);
      return {
        ticket: { priority: thread?.ticket.priority, queueId: thread?.ticket.queueId },
        timeline: thread?.events
          .slice(eventsBefore)
          .map((event) => ({ type: event.type, data: event.data }))
          .sort((a, b) => a.type.localeCompare(b.type)),
        told: t.runtime.outbox
          .list()
          .slice(outboxBefore)
          .filter((entry) => JSON.parse(entry.payload).ticketId === ticketId)
          .map((entry) => `${entry.to} ${JSON.parse(entry.payload).level}`)
          .sort(),
      };
    };

    const uninterrupted = await breachAt('2027-01-18', async () => {
      await sweepEscalations({ ...t.runtime.deps, sla: moving });
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
      const { store, staffNotifier } = t.runtime.deps;
      const died = () => Promise.reject(new Error('process died'));
      const dyingStore = Object.create(store) as typeof store;
      dyingStore.addEvents = (events) =>
        at === 'events' && events.some((event) => event.ticketId === ticketId)
          ? died()
          : store.addEvents(events);
      return {
        ...t.runtime.deps,
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
        await sweepEscalations({ ...t.runtime.deps, sla: moving });
        t.setNow(new Date(`${monday}T12:50:00+03:00`));
        await sweepEscalations({ ...t.runtime.deps, sla: moving });
      });
      const dated = (timeline: typeof uninterrupted.timeline) =>
        timeline?.map((event) => ({ ...event, data: { ...event.data, dueAt: undefined } }));
      expect({ ...takenOver, timeline: dated(takenOver.timeline) }).toEqual({
        ...uninterrupted,
        timeline: dated(uninterrupted.timeline),
      });
    }
  });
});
