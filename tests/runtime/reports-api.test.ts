import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import type { Ticket } from '../../shared/domain/ticket.ts';
import { riyadhDay } from '../../shared/reports/reported-ticket.ts';
import { getJson, postJson, signIn, startTestRuntime } from '../support/runtime.ts';

let runtime: LocalRuntime;
const tokens: Record<string, string> = {};
const today = riyadhDay(new Date());

beforeAll(async () => {
  runtime = await startTestRuntime();
  for (const who of ['agent', 'supervisor', 'manager', 'admin'])
    tokens[who] = await signIn(runtime, `${who}@sanad.local`);

  // A beneficiary writes through the web form; an agent answers; the ticket is then resolved, surveyed and
  // decided by the workflows that own those fields (written here through the repository, as they will be).
  const contact = await postJson(`${runtime.url}/public/contact`, {
    name: 'أم سعد',
    phone: '0551234567',
    subject: 'استفسار عن الدعم',
    message: 'السلام عليكم، متى يفتح باب التقديم؟',
  });
  const ticketId = String(contact.body.ticketId);
  const reply = await postJson(
    `${runtime.url}/api/tickets/${ticketId}/messages`,
    { kind: 'reply', text: 'وعليكم السلام، يفتح الأحد القادم' },
    { authorization: `Bearer ${tokens.agent}` },
  );
  expect(reply.status).toBe(201);
  const now = new Date().toISOString();
  await runtime.deps.store.updateTicket(
    ticketId,
    (ticket) =>
      ({
        ...ticket,
        assigneeId: 'u-agent',
        status: 'resolved',
        resolvedAt: now,
        updatedAt: now,
        satisfaction: { score: 5, answeredAt: now },
        committeeDecision: { referredAt: now, decidedAt: now },
      }) as unknown as Ticket,
  );
  await postJson(`${runtime.url}/public/contact`, {
    name: 'أبو فهد',
    phone: '0559876543',
    subject: 'طلب مساعدة، "عاجل"',
    message: 'أحتاج مساعدة في سداد الإيجار',
  });
  await runtime.stream.settled();
});
afterAll(async () => {
  await runtime.close();
});

const get = (path: string, who: string) => getJson(`${runtime.url}${path}`, tokens[who]);

describe('GET /api/reports/overview', () => {
  it('shows today’s figures, kept current from the change stream, to a manager', async () => {
    const { status, body } = await get('/api/reports/overview', 'manager');

    expect(status).toBe(200);
    expect(body).toMatchObject({
      range: { from: today, to: today },
      created: 2,
      resolved: 1,
      firstResponse: { count: 1 },
      sla: { resolved: 1, withinSla: 1, compliancePct: 100 },
      satisfaction: { count: 1, average: 5, distribution: { '5': 1 } },
      committee: { decided: 1, withinWindowPct: 100 },
      volumes: [{ day: today, channel: 'webform', created: 2 }],
    });
    expect(body.backlog).toEqual([
      { queueId: 'beneficiary-relations', total: 1, byAge: { under1d: 1, d1to3: 0, d3to7: 0, over7d: 0 } },
    ]);
  });

  it('is refused to an agent, and a bad range is refused with the field named', async () => {
    expect((await get('/api/reports/overview', 'agent')).status).toBe(403);
    const bad = await get('/api/reports/overview?from=2026-13-45', 'manager');
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'from' })]);
    expect((await get('/api/reports/overview?from=2026-11-30&to=2026-11-01', 'manager')).status).toBe(400);
    // Days no calendar has are refused, not rolled over into the next month.
    for (const [query, field] of [
      ['from=2026-11-31', 'from'],
      ['to=2026-02-29', 'to'],
      ['from=2026-04-31&to=2026-05-01', 'from'],
    ]) {
      const impossible = await get(`/api/reports/overview?${query}`, 'manager');
      expect({ query, status: impossible.status, fields: impossible.body.fields }).toEqual({
        query,
        status: 400,
        fields: [expect.objectContaining({ field, code: 'invalid_value' })],
      });
    }
    expect((await get('/api/reports/overview?from=2028-02-29&to=2028-02-29', 'manager')).status).toBe(200);
  });
});

describe('GET /api/reports/agents', () => {
  it('gives supervisors and managers each agent’s figures for coaching, without satisfaction scores', async () => {
    const { status, body } = await get('/api/reports/agents', 'supervisor');

    expect(status).toBe(200);
    expect(body.agents).toEqual([
      expect.objectContaining({
        agentId: 'u-agent',
        resolved: 1,
      }),
    ]);
    expect((body.agents as object[])[0]).not.toHaveProperty('satisfaction');
    expect((await get('/api/reports/agents', 'manager')).status).toBe(200);
  });

  it('is not shown to admins or agents', async () => {
    expect((await get('/api/reports/agents', 'admin')).status).toBe(403);
    expect((await get('/api/reports/agents', 'agent')).status).toBe(403);
  });
});

describe('GET /api/reports/export/{report}', () => {
  const download = async (report: string, who = 'manager') => {
    const response = await fetch(`${runtime.url}/api/reports/export/${report}`, {
      headers: { authorization: `Bearer ${tokens[who]}` },
    });
    return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
  };

  it('exports the day’s tickets as UTF-8 CSV with a BOM, Arabic intact and quotes escaped', async () => {
    const { response, bytes } = await download('tickets');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="sanad-tickets-${today}-${today}.csv"`,
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    expect(lines[0]).toMatch(/^reference,created_at,channel,queue_id/);
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).toContain('"طلب مساعدة، ""عاجل"""');
  });

  it('never pairs satisfaction with a member of staff in the tickets export', async () => {
    const { bytes } = await download('tickets');
    const [header, ...rows] = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    const columns = header?.split(',') ?? [];
    expect(columns).toContain('assignee_id');
    expect(columns.filter((column) => /satisf|score|rating/i.test(column))).toEqual([]);
    // The answered ticket (score 5, assigned to u-agent) is there, without its score.
    const answered = rows.find((row) => row.includes('u-agent'))?.split(',') ?? [];
    expect(answered).toHaveLength(columns.length);
    expect(answered).not.toContain('5');
  });

  it('exports each report, and refuses an unknown one', async () => {
    for (const report of ['overview', 'volumes', 'backlog', 'agents']) {
      const { response } = await download(report);
      expect(response.status).toBe(200);
    }
    // The overview's SLA lines, warnings before a breach apart from the escalations.
    const { bytes } = await download('overview');
    const overview = new TextDecoder()
      .decode(bytes)
      .split(/\r?\n/)
      .map((line) => line.split(',')[0]);
    expect(overview).toEqual(expect.arrayContaining(['sla_breaches', 'escalations', 'sla_warnings']));
    expect((await download('salaries')).response.status).toBe(400);
    expect((await download('agents', 'admin')).response.status).toBe(403);
  });
});
