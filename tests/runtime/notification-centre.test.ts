import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import type { TicketChanged } from '../../shared/domain/ticket-change.ts';
import {
  type ClockedRuntime,
  startClockedRuntime,
  sweepDyingAfterTelling,
} from '../support/clocked-runtime.ts';
import { postJson, signIn } from '../support/runtime.ts';

let t: ClockedRuntime;
let runtime: LocalRuntime;
let researcher: string;
let agent2: string;
/** What the live inboxes are pushed: a change names whom it left a notice, so only their bells read again. */
const changes: TicketChanged[] = [];
const notifiedBy = (ticketId: string) =>
  changes.filter((change) => change.ticketId === ticketId).flatMap((change) => change.notified ?? []);

beforeAll(async () => {
  t = await startClockedRuntime(new Date('2026-11-30T08:00:00+03:00')); // Monday 08:00
  runtime = t.runtime;
  runtime.bus.subscribe((change) => changes.push(change));
  researcher = await signIn(runtime, 'researcher@sanad.local');
  agent2 = await signIn(runtime, 'agent2@sanad.local');
});
afterAll(async () => {
  await runtime.close();
});

interface Centre {
  notifications: Array<{ id: string; kind: string; ticketId: string; text: string; readAt?: string }>;
  unread: number;
}
const centreOf = async (token: string) =>
  (await t.send('GET', '/api/notifications', token)).body as unknown as Centre;

describe("each person's notification centre", () => {
  it('tells the member a new ticket was given to by assignment at intake', async () => {
    const { body } = await postJson(`${runtime.url}/public/contact`, t.contactForm());
    // Beneficiary relations gives it to the less loaded of its two agents.
    const { assigneeId } = (await t.send('GET', `/api/tickets/${body.ticketId}`, t.supervisor)).body
      .ticket as { assigneeId?: string };
    const [assignee, other] = assigneeId === 'u-agent' ? [t.agent, agent2] : [agent2, t.agent];
    expect(['u-agent', 'u-agent2']).toContain(assigneeId);
    const centre = await centreOf(assignee);
    expect(centre.notifications).toEqual([
      expect.objectContaining({
        kind: 'assigned',
        ticketId: body.ticketId,
        text: expect.stringContaining('SND-'),
      }),
    ]);
    expect(centre.unread).toBe(1);
    expect(notifiedBy(String(body.ticketId))).toEqual([assigneeId]);
    // Nobody else hears of it.
    expect((await centreOf(other)).notifications).toEqual([]);
    expect((await centreOf(researcher)).notifications).toEqual([]);
  });

  it('tells the new assignee who gave them a ticket, but not someone taking one for themselves', async () => {
    const { body } = await postJson(`${runtime.url}/public/contact`, t.contactForm());
    const ticketId = body.ticketId as string;
    await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { assigneeId: null });
    const before = (await centreOf(agent2)).notifications.length;
    const pushedBefore = changes.length;
    expect(
      (await t.send('PATCH', `/api/tickets/${ticketId}`, agent2, { assigneeId: 'u-agent2' })).status,
    ).toBe(200);
    expect((await centreOf(agent2)).notifications).toHaveLength(before);
    const taken = changes.slice(pushedBefore).filter((change) => change.ticketId === ticketId);
    expect(taken).toHaveLength(1);
    expect(taken[0]?.notified).toBeUndefined();
    await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { assigneeId: 'u-agent' });
    expect(changes.at(-1)).toMatchObject({ ticketId, notified: ['u-agent'] });
    const [latest] = (await centreOf(t.agent)).notifications;
    expect(latest).toMatchObject({
      kind: 'assigned',
      ticketId,
      text: expect.stringContaining('عبدالله الشهري'),
    });
  });

  it('tells the staff a note mentions with @ who may see the ticket, and emails those who asked, in their language', async () => {
    const member = await runtime.deps.store.getStaffUser('u-agent2');
    if (!member) throw new Error('no demo agent2');
    await runtime.deps.store.putStaffUser({ ...member, emailNotices: true, language: 'en' });
    const { body } = await postJson(`${runtime.url}/public/contact`, t.contactForm());
    const ticketId = body.ticketId as string;
    const before = (await centreOf(agent2)).notifications.length;
    const mailsBefore = runtime.outbox.list('email').filter((entry) => entry.to === member.email).length;
    const note = await t.send('POST', `/api/tickets/${ticketId}/messages`, t.supervisor, {
      kind: 'note',
      // agent2 works this queue; the researcher does not, and the supervisor wrote it.
      text: '@agent2 راجعي المستندات قبل الرد، و@researcher للعلم. @supervisor',
    });
    expect(note.status).toBe(201);
    const centre = await centreOf(agent2);
    expect(centre.notifications).toHaveLength(before + 1);
    expect(centre.notifications[0]).toMatchObject({
      kind: 'mentioned',
      ticketId,
      text: expect.stringMatching(/^.+ mentioned you in a note on ticket SND-/),
    });
    expect(changes.at(-1)).toMatchObject({ ticketId, kind: 'message', notified: ['u-agent2'] });
    expect(
      (await centreOf(researcher)).notifications.filter((notice) => notice.ticketId === ticketId),
    ).toEqual([]);
    const mails = runtime.outbox.list('email').filter((entry) => entry.to === member.email);
    expect(mails).toHaveLength(mailsBefore + 1);
    expect(JSON.parse(mails.at(-1)?.payload ?? '{}')).toMatchObject({
      kind: 'mentioned',
      ticketId,
      subject: expect.stringContaining('mentioned you'),
      text: expect.stringContaining('email notices are on'),
    });
    // The email opens the ticket itself in the inbox.
    expect(JSON.parse(mails.at(-1)?.payload ?? '{}').text.split('\n')).toContain(
      `${runtime.url}/#/tickets/${ticketId}`,
    );
    // A note naming nobody tells nobody.
    const pushed = changes.length;
    await t.send('POST', `/api/tickets/${ticketId}/messages`, t.supervisor, {
      kind: 'note',
      text: 'راسلنا المستفيدة على info@example.com',
    });
    expect(changes.slice(pushed).every((change) => change.notified === undefined)).toBe(true);
    // An assignment by someone else is emailed the same way.
    await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { assigneeId: null });
    await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { assigneeId: 'u-agent2' });
    const assigned = runtime.outbox.list('email').filter((entry) => entry.to === member.email);
    expect(JSON.parse(assigned.at(-1)?.payload ?? '{}')).toMatchObject({
      kind: 'assigned',
      ticketId,
      subject: expect.stringMatching(/assigned you ticket SND-/),
    });
    await runtime.deps.store.putStaffUser(member);
  });

  it('stops showing the notices of a ticket moved to a queue the reader does not work, and shows them again when it comes back', async () => {
    const { body } = await postJson(`${runtime.url}/public/contact`, {
      ...t.contactForm(),
      subject: 'طلب مساعدة لعلاج الوالد',
    });
    const ticketId = body.ticketId as string;
    await t.send('POST', `/api/tickets/${ticketId}/messages`, t.supervisor, {
      kind: 'note',
      text: '@agent2 الأسرة أخبرتنا أن الأب مريض والدخل منقطع',
    });
    const aboutIt = async () =>
      (await centreOf(agent2)).notifications.filter((notice) => notice.ticketId === ticketId);
    // The mention, and the assignment if intake gave it to agent2.
    const told = (await aboutIt()).length;
    expect(told).toBeGreaterThanOrEqual(1);
    const unreadBefore = (await centreOf(agent2)).unread;

    const moved = await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, {
      queueId: 'social-research',
    });
    expect(moved.status).toBe(200);
    expect((await t.send('GET', `/api/tickets/${ticketId}`, agent2)).status).toBe(404);
    expect(await aboutIt()).toEqual([]);
    expect(JSON.stringify(await centreOf(agent2))).not.toContain('مريض');
    expect((await centreOf(agent2)).unread).toBe(unreadBefore - told);

    await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { queueId: 'beneficiary-relations' });
    expect(await aboutIt()).toHaveLength(told);
  });

  it("puts an escalation warning in the assignee's centre, and lets them mark it read", async () => {
    const { body } = await postJson(`${runtime.url}/public/contact`, t.contactForm({ message: 'أحتاج رداً' }));
    const ticketId = body.ticketId as string;
    await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { assigneeId: 'u-agent2' });
    t.setNow(new Date('2026-11-30T11:45:00+03:00')); // past 80% of four working hours
    const pushedBefore = changes.length;
    expect((await runtime.sweepEscalations()).warnings).toBeGreaterThan(0);
    const escalated = changes.slice(pushedBefore).find((change) => change.ticketId === ticketId);
    expect(escalated?.notified).toEqual(['u-agent2']);
    const centre = await centreOf(agent2);
    const warning = centre.notifications.find(
      (n) => n.ticketId === ticketId && n.kind === 'escalation_warning',
    );
    expect(warning).toBeDefined();
    const unread = centre.unread;

    expect((await t.send('POST', `/api/notifications/${warning?.id}/read`, t.agent)).status).toBe(404);
    expect((await t.send('POST', `/api/notifications/${warning?.id}/read`, agent2)).status).toBe(200);
    const after = await centreOf(agent2);
    expect(after.unread).toBe(unread - 1);
    expect(after.notifications.find((n) => n.id === warning?.id)?.readAt).toEqual(expect.any(String));
  });
  it('lists an escalation told late by when it was told, not by when the window closed', async () => {
    t.setNow(new Date('2026-12-07T08:00:00+03:00')); // Monday
    const { body } = await postJson(`${runtime.url}/public/contact`, t.contactForm());
    const ticketId = body.ticketId as string;
    await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { assigneeId: 'u-agent2' });
    // The warning falls due at 11:12; another ticket is given to the agent at 11:30; the sweep comes at 11:45.
    t.setNow(new Date('2026-12-07T11:30:00+03:00'));
    const other = await postJson(`${runtime.url}/public/contact`, t.contactForm());
    const otherId = other.body.ticketId as string;
    await t.send('PATCH', `/api/tickets/${otherId}`, t.supervisor, { assigneeId: null });
    await t.send('PATCH', `/api/tickets/${otherId}`, t.supervisor, { assigneeId: 'u-agent2' });
    t.setNow(new Date('2026-12-07T11:45:00+03:00'));
    await runtime.sweepEscalations();
    const listed = (await centreOf(agent2)).notifications.map(
      (notice) => `${notice.kind} ${notice.ticketId}`,
    );
    const warning = listed.indexOf(`escalation_warning ${ticketId}`);
    expect(warning).toBeGreaterThanOrEqual(0);
    expect(warning).toBeLessThan(listed.indexOf(`assigned ${otherId}`));
  });

  it('leaves a notice its reader marked read as read when a sweep taking over tells it again', async () => {
    t.setNow(new Date('2026-12-14T08:00:00+03:00')); // Monday
    const { body } = await postJson(`${runtime.url}/public/contact`, t.contactForm());
    const ticketId = body.ticketId as string;
    await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { assigneeId: 'u-agent2' });
    t.setNow(new Date('2026-12-14T11:30:00+03:00'));
    // The sweep tells the agent, then dies before noting that it had: the next one past its lease tells again.
    await expect(sweepDyingAfterTelling(runtime, ticketId)).rejects.toThrow('process died');
    const told = async () =>
      (await centreOf(agent2)).notifications.filter(
        (notice) => notice.ticketId === ticketId && notice.kind === 'escalation_warning',
      );
    const [notice] = await told();
    expect((await t.send('POST', `/api/notifications/${notice?.id}/read`, agent2)).status).toBe(200);
    const [read] = await told();
    expect(read?.readAt).toEqual(expect.any(String));

    t.setNow(new Date('2026-12-14T11:33:00+03:00'));
    expect((await runtime.sweepEscalations()).warnings).toBe(1);
    expect(await told()).toEqual([read]);
  });

  it("tells the supervisors of a warning when the ticket's holder is away, as of a ticket nobody holds", async () => {
    t.setNow(new Date('2026-12-21T08:00:00+03:00')); // Monday
    const { body } = await postJson(`${runtime.url}/public/contact`, t.contactForm());
    const ticketId = body.ticketId as string;
    await t.send('PATCH', `/api/tickets/${ticketId}`, t.supervisor, { assigneeId: 'u-agent2' });
    // Fahd goes on leave holding it: nobody who can answer in time would hear of the warning otherwise.
    expect((await t.send('PUT', '/api/staff/u-agent2/availability', agent2, { away: true })).status).toBe(
      200,
    );
    try {
      t.setNow(new Date('2026-12-21T11:45:00+03:00'));
      const pushedBefore = changes.length;
      await runtime.sweepEscalations();
      const escalated = changes.slice(pushedBefore).find((change) => change.ticketId === ticketId);
      expect(escalated?.notified).toEqual(['u-supervisor']);
      const told = (await centreOf(t.supervisor)).notifications.filter(
        (notice) => notice.ticketId === ticketId && notice.kind === 'escalation_warning',
      );
      expect(told).toHaveLength(1);
      expect(
        (await centreOf(agent2)).notifications.filter((notice) => notice.ticketId === ticketId),
      ).not.toContainEqual(expect.objectContaining({ kind: 'escalation_warning' }));
    } finally {
      await t.send('PUT', '/api/staff/u-agent2/availability', agent2, { away: false });
    }
  });
});
