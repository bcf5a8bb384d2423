import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_FUNCTIONS } from '../../../functions/routes.ts';
import type { LocalRuntime } from '../../../infra/local/runtime.ts';
import { signIn, startTestRuntime } from '../../support/runtime.ts';
import { routePath } from '../../support/staff-routes.ts';

/** Every route that takes something from its path, staff and public alike. */
const ROUTES_WITH_PARAMETERS = Object.values(HTTP_FUNCTIONS)
  .flatMap((spec) => [...spec.routes])
  .filter((route) => route.includes('{'));

// Past DynamoDB's key limits (2,048 bytes a partition key, 1,024 a sort key), in Latin and in Arabic letters.
const LONG_IDS = { latin: 'a'.repeat(2100), arabic: 'س'.repeat(1100) };

let runtime: LocalRuntime;
let admin: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
  admin = await signIn(runtime, 'admin@sanad.local');
}, 60_000);
afterAll(async () => {
  await runtime.close();
});

describe('an id longer than any record’s, in any path parameter', () => {
  it.each(Object.entries(LONG_IDS))(
    'is refused with a 4xx on every route, never a 5xx (%s)',
    async (_, long) => {
      const answers: string[] = [];
      for (const route of ROUTES_WITH_PARAMETERS) {
        for (const name of route.match(/\{(\w+)\}/g) ?? []) {
          const { method, path } = routePath(route, { [name.slice(1, -1)]: encodeURIComponent(long) });
          const response = await fetch(`${runtime.url}${path}`, {
            method,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
            body: method === 'GET' ? undefined : JSON.stringify({ kind: 'note', text: 'ملاحظة' }),
          });
          await response.arrayBuffer();
          answers.push(`${route} ${name}: ${response.status}`);
        }
      }
      expect(answers.length).toBeGreaterThan(40);
      expect(answers.filter((answer) => !/: 4\d\d$/.test(answer))).toEqual([]);
    },
  );

  it('is a ticket or a contact that does not exist: 404', async () => {
    const bodies: Record<string, unknown> = {
      'GET /api/tickets/{id}': undefined,
      'PATCH /api/tickets/{id}': { priority: 'low' },
      'POST /api/tickets/{id}/messages': { kind: 'note', text: 'ملاحظة' },
      'GET /api/contacts/{id}': undefined,
      'POST /api/contacts/{id}/merge': { sourceContactId: '01NOCONTACT000000000000000' },
    };
    for (const [route, body] of Object.entries(bodies)) {
      const { method, path } = routePath(route, { id: LONG_IDS.latin });
      const response = await fetch(`${runtime.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect({ route, status: response.status }).toEqual({ route, status: 404 });
    }
  });
});
