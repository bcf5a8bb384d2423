import { describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../shared/routing/rules.ts';
import { formatHijri, toHijri } from '../../shared/sla/business-calendar.ts';
import { DEFAULT_CALENDAR } from '../../shared/sla/defaults.ts';
import { auditEntries as auditOf } from '../support/clocked-runtime.ts';
import { useMovingClock } from '../support/moving-clock.ts';
import { postJson } from '../support/runtime.ts';

// Sunday 29 November 2026, 09:00 in Riyadh.
const { t } = useMovingClock('2026-11-29T09:00:00+03:00');

const fieldsOf = (body: Record<string, unknown>) =>
  (body.fields as { field: string; code: string; messageAr: string }[]).map(({ field, code }) => ({
    field,
    code,
  }));
const ruleSet = async () =>
  (await t.send('GET', '/api/rules', t.admin)).body as {
    version: number;
    rules: RoutingRule[];
    defaultQueueId: string;
  };

const zakat: RoutingRule = {
  id: 'zakat',
  name: 'الزكاة إلى البحث الاجتماعي',
  enabled: true,
  conditions: { keywords: ['زكاة'] },
  actions: { queueId: 'social-research', priority: 'high' },
};

describe('the routing rules page: save, versions, restore, dry run on a sample and on the latest tickets', () => {
  it('refuses an agent everything, and a supervisor the saving', async () => {
    const current = await ruleSet();
    const change = {
      rules: [zakat],
      defaultQueueId: current.defaultQueueId,
      expectedVersion: current.version,
    };
    expect((await t.send('PUT', '/api/rules', t.agent, change)).status).toBe(403);
    expect((await t.send('PUT', '/api/rules', t.supervisor, change)).status).toBe(403);
    expect((await t.send('GET', '/api/rules/versions', t.agent)).status).toBe(403);
    expect(
      (await t.send('POST', '/api/rules/dry-run', t.agent, { channel: 'sms', text: 'زكاة' })).status,
    ).toBe(403);
    expect((await t.send('POST', '/api/rules/dry-run/recent', t.agent, {})).status).toBe(403);
  });

  it('says which field is wrong', async () => {
    const current = await ruleSet();
    const bad = await t.send('PUT', '/api/rules', t.admin, {
      rules: [{ ...zakat, actions: { queueId: 'social-research', priority: 'very' } }],
      defaultQueueId: current.defaultQueueId,
      expectedVersion: current.version,
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual([{ field: 'rules.0.actions.priority', code: 'invalid_value' }]);
    const nowhere = await t.send('PUT', '/api/rules', t.admin, {
      rules: [{ ...zakat, actions: { queueId: 'nowhere' } }],
      defaultQueueId: current.defaultQueueId,
      expectedVersion: current.version,
    });
    expect(nowhere.status).toBe(400);
    expect(fieldsOf(nowhere.body)).toEqual([{ field: 'queueId', code: 'invalid_value' }]);
    const twice = await t.send('PUT', '/api/rules', t.admin, {
      rules: [zakat, { ...zakat, name: 'نسخة' }],
      defaultQueueId: current.defaultQueueId,
      expectedVersion: current.version,
    });
    expect(twice.status).toBe(400);
    expect(fieldsOf(twice.body)).toEqual([{ field: 'rules.1.id', code: 'duplicate_id' }]);
    expect((await ruleSet()).version).toBe(current.version);
  });

  it('tries a draft on a sample text before it is saved, with the Arabic folded', async () => {
    const current = await ruleSet();
    const draft = { rules: [zakat, ...current.rules], defaultQueueId: current.defaultQueueId };
    // Typed with taa marbuta as haa: folding still matches.
    const sample = { channel: 'whatsapp', text: 'أريد دفع الزكاه' };
    const tried = await t.send('POST', '/api/rules/dry-run', t.supervisor, { ...sample, draft });
    expect(tried).toMatchObject({
      status: 200,
      body: { rule: { id: 'zakat' }, decision: { queueId: 'social-research', priority: 'high' } },
    });
    const inForce = await t.send('POST', '/api/rules/dry-run', t.supervisor, sample);
    expect(inForce.body).toMatchObject({ rule: null, decision: { queueId: current.defaultQueueId } });
  });

  it('replays a draft over the latest tickets and counts those that would move', async () => {
    const zakatTicket = (
      await postJson(`${t.runtime.url}/public/contact`, t.contactForm({ message: 'سؤال عن إخراج الزكاة' }))
    ).body.ticketId as string;
    await postJson(`${t.runtime.url}/public/contact`, t.contactForm({ message: 'متى يفتح المكتب؟' }));
    const current = await ruleSet();
    const draft = { rules: [zakat, ...current.rules], defaultQueueId: current.defaultQueueId };
    const replay = await t.send('POST', '/api/rules/dry-run/recent', t.supervisor, { draft });
    expect(replay.status).toBe(200);
    const body = replay.body as {
      considered: number;
      moving: number;
      tickets: { ticketId: string; currentQueueId: string; wouldBeQueueId: string; ruleId?: string }[];
    };
    expect(body.considered).toBeGreaterThanOrEqual(2);
    expect(body.considered).toBeLessThanOrEqual(50);
    expect(body.moving).toBe(1);
    expect(body.tickets.find((ticket) => ticket.ticketId === zakatTicket)).toMatchObject({
      currentQueueId: current.defaultQueueId,
      wouldBeQueueId: 'social-research',
      ruleId: 'zakat',
    });
    // The rules in force move nothing they routed themselves.
    const inForce = await t.send('POST', '/api/rules/dry-run/recent', t.admin, {});
    expect(inForce.body).toMatchObject({ moving: 0 });
    const badDraft = await t.send('POST', '/api/rules/dry-run/recent', t.admin, { draft: { rules: 'x' } });
    expect(badDraft.status).toBe(400);
  });

  it('saves a new version, audits it, and restores an earlier one as a newer version', async () => {
    const before = await ruleSet();
    const saved = await t.send('PUT', '/api/rules', t.admin, {
      rules: [zakat, ...before.rules],
      defaultQueueId: before.defaultQueueId,
      expectedVersion: before.version,
    });
    expect(saved).toMatchObject({ status: 200, body: { version: before.version + 1 } });
    const [entry] = await auditOf(t);
    expect(entry).toMatchObject({
      setting: 'rules',
      actorId: 'u-admin',
      to: {
        version: before.version + 1,
        rules: expect.arrayContaining([expect.objectContaining({ id: 'zakat' })]),
      },
    });

    const versions = (await t.send('GET', '/api/rules/versions', t.admin)).body.versions as {
      version: number;
      rules: RoutingRule[];
      defaultQueueId: string;
    }[];
    const earlier = versions.find((version) => version.version === before.version);
    expect(earlier).toBeDefined();
    const restored = await t.send('PUT', '/api/rules', t.admin, {
      rules: earlier?.rules,
      defaultQueueId: earlier?.defaultQueueId,
      expectedVersion: before.version + 1,
    });
    expect(restored).toMatchObject({ status: 200, body: { version: before.version + 2 } });
    expect((await ruleSet()).rules.map((rule) => rule.id)).not.toContain('zakat');
  });
});

describe('the SLA policies page', () => {
  const policy = {
    nameAr: 'الشكاوى',
    nameEn: 'Complaints',
    types: ['complaint'],
    priorities: ['high'],
    targets: { firstResponse: 120, resolution: 3 * 420 },
    time: 'business',
    warningShare: 0.75,
    onBreach: { raisePriority: true },
  };

  it('lets an admin add and change a policy, audited, and refuses an agent', async () => {
    expect((await t.send('PUT', '/api/sla-policies/complaints', t.agent, policy)).status).toBe(403);
    expect((await t.send('PUT', '/api/sla-policies/complaints', t.supervisor, policy)).status).toBe(403);
    expect((await t.send('PUT', '/api/sla-policies/complaints', t.admin, policy)).status).toBe(200);
    const changed = { ...policy, warningShare: 0.9 };
    expect((await t.send('PUT', '/api/sla-policies/complaints', t.admin, changed)).status).toBe(200);
    const [update, create] = await auditOf(t);
    expect(create).toMatchObject({ setting: 'sla_policy', subjectId: 'complaints', action: 'create' });
    expect(update).toMatchObject({
      setting: 'sla_policy',
      action: 'update',
      from: { warningShare: 0.75 },
      to: { warningShare: 0.9 },
    });
  });

  it('says which field is wrong', async () => {
    const bad = await t.send('PUT', '/api/sla-policies/complaints', t.admin, {
      ...policy,
      nameAr: '',
      warningShare: 1.5,
      targets: { firstResponse: 0 },
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(
      expect.arrayContaining([
        { field: 'nameAr', code: 'required' },
        { field: 'warningShare', code: 'invalid_warning_share' },
        { field: 'targets.firstResponse', code: 'invalid_window' },
      ]),
    );
  });

  it('refuses to delete a policy a rule names, with the reason in Arabic, then deletes it once free', async () => {
    const current = await ruleSet();
    const naming: RoutingRule = {
      ...zakat,
      actions: { queueId: 'social-research', slaPolicyId: 'complaints' },
    };
    const saved = await t.send('PUT', '/api/rules', t.admin, {
      rules: [naming],
      defaultQueueId: current.defaultQueueId,
      expectedVersion: current.version,
    });
    expect(saved.status).toBe(200);
    expect((await t.send('DELETE', '/api/sla-policies/complaints', t.agent)).status).toBe(403);
    const refused = await t.send('DELETE', '/api/sla-policies/complaints', t.admin);
    expect(refused).toMatchObject({ status: 409, body: { error: 'sla_policy_in_use' } });
    expect(refused.body.messageAr).toContain('الزكاة إلى البحث الاجتماعي');

    await t.send('PUT', '/api/rules', t.admin, {
      rules: current.rules,
      defaultQueueId: current.defaultQueueId,
      expectedVersion: current.version + 1,
    });
    expect((await t.send('DELETE', '/api/sla-policies/complaints', t.admin)).status).toBe(200);
    expect((await t.send('DELETE', '/api/sla-policies/complaints', t.admin)).status).toBe(404);
    const [deleted] = await auditOf(t);
    expect(deleted).toMatchObject({
      setting: 'sla_policy',
      subjectId: 'complaints',
      action: 'delete',
      to: null,
    });
  });
});

describe('the business calendar page', () => {
  const today = formatHijri(toHijri('2026-11-29'));
  const tomorrow = formatHijri(toHijri('2026-11-30'));
  const calendar = {
    ...DEFAULT_CALENDAR,
    ramadan: [
      {
        hijriYear: 1448,
        week: DEFAULT_CALENDAR.week.map((day) => (day.length ? [{ start: '10:00', end: '14:00' }] : [])),
      },
    ],
    holidays: [
      ...DEFAULT_CALENDAR.holidays,
      { name: 'إجازة استثنائية', from: today, to: tomorrow, calendar: 'hijri' },
    ],
  };

  it('refuses an agent, and says which field is wrong', async () => {
    expect((await t.send('PUT', '/api/business-calendar', t.agent, calendar)).status).toBe(403);
    const week = structuredClone(DEFAULT_CALENDAR.week);
    week[0] = [{ start: '12:00', end: '08:00' }];
    const bad = await t.send('PUT', '/api/business-calendar', t.admin, {
      ...calendar,
      week,
      holidays: [
        { name: 'يوم غير موجود', from: '1448-09-30', to: '1448-09-30', calendar: 'hijri' },
        { name: 'مقلوب', from: '2027-01-05', to: '2027-01-01' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual([
      { field: 'week.0.0.end', code: 'ends_before_starts' },
      { field: 'holidays.1.to', code: 'ends_before_starts' },
    ]);
    // A Gregorian day no month has, a thirteenth month, a Hijri day past 30: refused by the field.
    const impossible = await t.send('PUT', '/api/business-calendar', t.admin, {
      ...calendar,
      overrides: [{ name: 'أبريل', from: '2027-04-31', to: '2027-05-02', week: DEFAULT_CALENDAR.week }],
      holidays: [
        { name: 'فبراير', from: '2027-02-27', to: '2027-02-30' },
        { name: 'شهر ثالث عشر', from: '1448-13-01', to: '1448-13-02', calendar: 'hijri' },
        { name: 'يوم ٣١', from: '1448-09-31', to: '1448-09-31', calendar: 'hijri' },
      ],
    });
    expect(impossible.status).toBe(400);
    expect(fieldsOf(impossible.body)).toEqual([
      { field: 'overrides.0.from', code: 'invalid_value' },
      { field: 'holidays.0.to', code: 'invalid_value' },
      { field: 'holidays.1.from', code: 'invalid_value' },
      { field: 'holidays.1.to', code: 'invalid_value' },
      { field: 'holidays.2.from', code: 'invalid_value' },
      { field: 'holidays.2.to', code: 'invalid_value' },
    ]);
    // Two shifts sharing an hour would count it twice in every SLA clock; shifts that touch are two shifts.
    const overlapping = structuredClone(DEFAULT_CALENDAR.week);
    overlapping[0] = [
      { start: '11:00', end: '14:00' },
      { start: '08:00', end: '12:00' },
      { start: '14:00', end: '15:00' },
    ];
    const overlap = await t.send('PUT', '/api/business-calendar', t.admin, {
      ...calendar,
      week: overlapping,
    });
    expect(overlap.status).toBe(400);
    expect(fieldsOf(overlap.body)).toEqual([{ field: 'week.0.0.start', code: 'periods_overlap' }]);
    const touching = structuredClone(DEFAULT_CALENDAR.week);
    touching[0] = [
      { start: '08:00', end: '12:00' },
      { start: '12:00', end: '14:00' },
    ];
    const back = (await t.send('GET', '/api/business-calendar', t.admin)).body;
    expect((await t.send('PUT', '/api/business-calendar', t.admin, { ...back, week: touching })).status).toBe(
      200,
    );
    expect((await t.send('PUT', '/api/business-calendar', t.admin, back)).status).toBe(200);
    const noSuchDay = await t.send('PUT', '/api/business-calendar', t.admin, {
      ...calendar,
      holidays: [{ name: 'يوم غير موجود', from: '1448-09-30', to: '1448-09-30', calendar: 'hijri' }],
    });
    expect(noSuchDay.status).toBe(400);
    expect(fieldsOf(noSuchDay.body)).toEqual([
      { field: 'holidays.0.from', code: 'invalid_date' },
      { field: 'holidays.0.to', code: 'invalid_date' },
    ]);
  });

  it('keeps Ramadan hours and a Hijri holiday, audited, and the SLA clocks honour the holiday', async () => {
    const saved = await t.send('PUT', '/api/business-calendar', t.admin, calendar);
    expect(saved.status).toBe(200);
    expect((await t.send('GET', '/api/business-calendar', t.agent)).body).toMatchObject({
      ramadan: [{ hijriYear: 1448 }],
      holidays: expect.arrayContaining([expect.objectContaining({ from: today, calendar: 'hijri' })]),
    });
    const [entry] = await auditOf(t);
    expect(entry).toMatchObject({
      setting: 'business_calendar',
      actorId: 'u-admin',
      to: { ramadan: [{ hijriYear: 1448 }] },
    });

    // Sunday and Monday are the holiday: a standard ticket's four working hours run from Tuesday 08:00.
    const { body } = await postJson(`${t.runtime.url}/public/contact`, t.contactForm());
    const ticket = await t.runtime.deps.store.getTicket(body.ticketId as string);
    expect(ticket?.sla?.clocks.firstResponse?.dueAt).toBe(
      new Date('2026-12-01T12:00:00+03:00').toISOString(),
    );
  });
});
