import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF } from '../../../infra/local/demo-data.ts';
import type { LocalRuntime } from '../../../infra/local/runtime.ts';
import { committeeTicketOf, signIn, startTestRuntime } from '../../support/runtime.ts';
import { routePath, STAFF_ROUTES } from '../../support/staff-routes.ts';

let runtime: LocalRuntime;
const tokens: Record<string, string> = {};
let committeeTicket: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
  for (const user of DEMO_STAFF) tokens[user.id] = await signIn(runtime, user.email);
  // A ticket in the research committee's queue, outside the agents' queues.
  committeeTicket = await committeeTicketOf(runtime, '0551237777');
});
afterAll(async () => {
  await runtime.close();
});

const pathOf = (route: string) => routePath(route, { id: committeeTicket, action: 'decide' });

async function call(route: string, token?: string) {
  const { method, path } = pathOf(route);
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
  });
  await response.arrayBuffer();
  return response.status;
}

describe('the staff routes', () => {
  it.each(STAFF_ROUTES)('%s refuses a caller without a token or with a forged one', async (route) => {
    expect(await call(route)).toBe(401);
    const forged = `${tokens['u-admin']?.slice(0, -4)}AAAA`;
    expect(await call(route, forged)).toBe(401);
  });

  it.each(STAFF_ROUTES.filter((route) => route.includes('{id}')))(
    "%s never reaches a ticket outside an agent's queues",
    async (route) => {
      const status = await call(route, tokens['u-agent']);
      // Outside the caller's queues a ticket does not exist for them (no probing); a malformed body may be
      // refused first, but never with success.
      expect([400, 403, 404]).toContain(status);
    },
  );

  // Supervisors own the wording of messages to beneficiaries, the documents and the answers sent to them, and who
  // works in which queue (queue and staff changes beyond membership are refused inside); routing and SLA
  // configuration is the admin's.
  const supervisorWrites = (route: string) =>
    [
      '/message-templates/',
      '/documents/',
      '/answers/',
      '/canned-answers/',
      '/api/queues/',
      '/api/staff/',
    ].some((part) => route.includes(part));
  const configurationWrites = STAFF_ROUTES.filter(
    (route) => /^(PUT|DELETE) /.test(route) && !route.includes('/availability') && route.includes('/api/'),
  );
  it.each(configurationWrites)(
    '%s is refused to every role but admin (and supervisor for wording, documents, answers and membership)',
    async (route) => {
      const allowed = (roles: readonly string[]) =>
        roles.includes('admin') || (supervisorWrites(route) && roles.includes('supervisor'));
      for (const user of DEMO_STAFF.filter((candidate) => !allowed(candidate.roles))) {
        expect(await call(route, tokens[user.id]), user.id).toBe(403);
      }
    },
  );

  it('lets a manager read every queue but change none', async () => {
    const read = await fetch(`${runtime.url}/api/tickets/${committeeTicket}`, {
      headers: { authorization: `Bearer ${tokens['u-manager']}` },
    });
    expect(read.status).toBe(200);
    for (const route of STAFF_ROUTES.filter((candidate) =>
      /^(POST|PATCH) \/api\/tickets\/\{id\}/.test(candidate),
    )) {
      expect([400, 403], route).toContain(await call(route, tokens['u-manager']));
    }
  });
});
