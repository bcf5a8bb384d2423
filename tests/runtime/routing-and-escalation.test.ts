import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { type ClockedRuntime, startClockedRuntime } from '../support/clocked-runtime.ts';
import { getJson, postJson } from '../support/runtime.ts';

let t: ClockedRuntime;
let runtime: LocalRuntime;
let admin: string;
let agent: string;
let supervisor: string;

beforeAll(async () => {
  t = await startClockedRuntime(new Date('2026-11-29T08:00:00+03:00'));
  ({ runtime, admin, agent, supervisor } = t);
});
afterAll(async () => {
  await runtime.close();
});

const contactForm = (overrides?: Record<string, unknown>) => t.contactForm(overrides);
const send = (method: string, path: string, token: string, body?: unknown) =>
  t.send(method, path, token, body);

describe('routing at intake', () => {
  it('sends volunteering to its queue and gives it to the least-loaded member', async () => {
    const { body } = await postJson(`${runtime.url}/public/contact`, contactForm({ type: 'volunteering' }));
    const ticket = await runtime.deps.store.getTicket(body.ticketId as string);
    expect(ticket).toMatchObject({
      queueId: 'volunteering',
      assigneeId: 'u-agent',
      tags: ['تطوع', 'sender_not_verified'],
    });
    const thread = await runtime.deps.store.getTicketWithThread(body.ticketId as string);
    expect(thread?.events.map((event) => event.type)).toEqual(expect.arrayContaining(['routed', 'assigned']));
  });

  it('leaves the ticket in the queue when every member is away', async () => {
    expect((await send('PUT', '/api/staff/u-researcher/availability', agent, { away: true })).status).toBe(
      403,
    );
    expect((await send('PUT', '/api/staff/u-agent/availability', supervisor, { away: true })).status).toBe(
      200,
    );
    const { body } = await postJson(`${runtime.url}/public/contact`, contactForm({ type: 'volunteering' }));
    expect((await runtime.deps.store.getTicket(body.ticketId as string))?.assigneeId).toBeUndefined();
    await send('PUT', '/api/staff/u-agent/availability', supervisor, { away: false });
  });

  it('starts the SLA clocks of the policy that fits, in business time', async () => {
    t.setNow(new Date('2026-11-29T09:00:00+03:00'));
    const { body } = await postJson(`${runtime.url}/public/contact`, contactForm());
    const ticket = await runtime.deps.store.getTicket(body.ticketId as string);
    // Standard policy: first response within 4 working hours → 13:30, the lunch break not counted.
    expect(ticket?.sla).toMatchObject({
      policyId: 'standard',
      clocks: { firstResponse: { dueAt: new Date('2026-11-29T13:30:00+03:00').toISOString() } },
    });
  });
});

describe('/api/rules', () => {
  it('are read by staff who manage, and changed only by an admin', async () => {
    expect((await getJson(`${runtime.url}/api/rules`, agent)).status).toBe(403);
    const current = await getJson(`${runtime.url}/api/rules`, supervisor);
    expect(current.status).toBe(200);
    const change = {
      rules: [],
      defaultQueueId: 'beneficiary-relations',
      expectedVersion: current.body.version,
    };
    expect((await send('PUT', '/api/rules', supervisor, change)).status).toBe(403);
  });

  it('save a new version each time, keep the history, and refuse a save over a newer version', async () => {
    const current = (await getJson(`${runtime.url}/api/rules`, admin)).body as {
      version: number;
      rules: unknown[];
    };
    const rules = [
      {
        id: 'orphans',
        name: 'كفالة الأيتام',
        enabled: true,
        conditions: { keywords: ['كفالة يتيم'] },
        actions: { queueId: 'social-research', priority: 'high' },
      },
      ...current.rules,
    ];
    const saved = await send('PUT', '/api/rules', admin, {
      rules,
      defaultQueueId: 'beneficiary-relations',
      expectedVersion: current.version,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(current.version + 1);
    const stale = await send('PUT', '/api/rules', admin, {
      rules: [],
      defaultQueueId: 'beneficiary-relations',
      expectedVersion: current.version,
    });
    expect(stale.status).toBe(409);
    const versions = (await getJson(`${runtime.url}/api/rules/versions`, admin)).body.versions as {
      version: number;
    }[];
    expect(versions.map((version) => version.version)).toContain(current.version);
    expect(versions[0]?.version).toBe(current.version + 1);
  });

  it('refuse a rule to a queue that does not exist, or a malformed rule', async () => {
    const current = (await getJson(`${runtime.url}/api/rules`, admin)).body as { version: number };
    const bad = (rule: unknown) =>
      send('PUT', '/api/rules', admin, {
        rules: [rule],
        defaultQueueId: 'beneficiary-relations',
        expectedVersion: current.version,
      });
    expect(
      (await bad({ id: 'x', name: 'x', enabled: true, conditions: {}, actions: { queueId: 'nowhere' } }))
        .status,
    ).toBe(400);
    expect((await bad({ id: 'x', enabled: 'yes' })).status).toBe(400);
  });

  it('answer a dry run with the rule that would match, without creating anything', async () => {
    const dryRun = await send('POST', '/api/rules/dry-run', supervisor, {
      channel: 'whatsapp',
      text: 'أرغب في كفالة يتيم',
    });
    expect(dryRun.status).toBe(200);
    expect(dryRun.body).toMatchObject({
      rule: { id: 'orphans' },
      decision: { queueId: 'social-research', priority: 'high' },
    });
    const none = await send('POST', '/api/rules/dry-run', supervisor, { channel: 'sms', text: 'شكراً لكم' });
    expect(none.body).toMatchObject({ rule: null, decision: { queueId: 'beneficiary-relations' } });
  });
});

describe('/api/sla-policies and /api/business-calendar', () => {
  it('let an admin change a policy and refuse bad targets', async () => {
    const policies = (await getJson(`${runtime.url}/api/sla-policies`, agent)).body.policies as {
      id: string;
    }[];
    expect(policies.map((policy) => policy.id)).toEqual(['support-request', 'urgent', 'standard']);
    const policy = {
      nameAr: 'الشكاوى',
      nameEn: 'Complaints',
      types: ['complaint'],
      targets: { firstResponse: 30, resolution: 480 },
      time: 'business',
      onBreach: { raisePriority: true },
    };
    expect((await send('PUT', '/api/sla-policies/complaints', agent, policy)).status).toBe(403);
    expect((await send('PUT', '/api/sla-policies/complaints', admin, policy)).status).toBe(200);
    expect(
      (await send('PUT', '/api/sla-policies/x', admin, { ...policy, targets: { firstResponse: -5 } })).status,
    ).toBe(400);
    expect((await send('DELETE', '/api/sla-policies/complaints', admin)).status).toBe(200);
    expect((await send('DELETE', '/api/sla-policies/complaints', admin)).status).toBe(404);
  });

  it('let an admin enter holidays, refusing a malformed calendar', async () => {
    const calendar = (await getJson(`${runtime.url}/api/business-calendar`, admin)).body;
    expect(calendar.timeZone).toBe('Asia/Riyadh');
    const withHoliday = {
      ...calendar,
      holidays: [
        ...(calendar.holidays as unknown[]),
        { name: 'إجازة', from: '2026-12-31', to: '2026-12-31' },
      ],
    };
    expect((await send('PUT', '/api/business-calendar', admin, withHoliday)).status).toBe(200);
    expect(
      (await send('PUT', '/api/business-calendar', admin, { ...calendar, timeZone: 'Mars/Olympus' })).status,
    ).toBe(400);
  });
});
