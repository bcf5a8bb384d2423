import { describe, expect, it } from 'vitest';
import { ADMIN_ROUTE_KEYS } from '../../functions/handlers/admin-api.ts';
import { STAFF_ROUTE_KEYS } from '../../functions/handlers/staff-api.ts';
import { HTTP_FUNCTIONS } from '../../functions/routes.ts';

describe('the route registry', () => {
  it('lists exactly the routes the staff API answers', () => {
    expect([...STAFF_ROUTE_KEYS].sort()).toEqual([...HTTP_FUNCTIONS.staffApi.routes].sort());
  });

  it('lists exactly the routes the admin API answers', () => {
    expect([...ADMIN_ROUTE_KEYS].sort()).toEqual([...HTTP_FUNCTIONS.adminApi.routes].sort());
  });

  it('gives every route to one function only', () => {
    const all = Object.values(HTTP_FUNCTIONS).flatMap((spec) => [...spec.routes]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('keeps staff routes under /api and public ones outside it', () => {
    for (const spec of Object.values(HTTP_FUNCTIONS)) {
      for (const route of spec.routes) {
        const path = route.split(' ')[1] ?? '';
        expect(path.startsWith('/api/'), route).toBe(spec.auth === 'staff');
      }
    }
  });
});
