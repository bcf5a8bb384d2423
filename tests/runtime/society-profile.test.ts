import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { DEFAULT_SOCIETY_PROFILE } from '../../shared/domain/society-profile.ts';
import { signIn, startTestRuntime } from '../support/runtime.ts';

let runtime: LocalRuntime;
let admin: string;
let supervisor: string;
let agent: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
  [admin, supervisor, agent] = await Promise.all([
    signIn(runtime, 'admin@sanad.local'),
    signIn(runtime, 'supervisor@sanad.local'),
    signIn(runtime, 'agent@sanad.local'),
  ]);
});
afterAll(async () => {
  await runtime.close();
});

async function send(method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const profile = {
  nameAr: 'جمعية البر الخيرية بحائل',
  nameEn: 'Al-Birr Charitable Society, Hail',
  logoUrl: 'https://birr.example/logo.svg',
  primaryColour: '#1d4ed8',
  contact: { phone: '0165330000', whatsapp: '+966501234567', email: 'info@birr.example' },
  workingHoursAr: 'الأحد إلى الخميس، 8 ص - 2 م',
  workingHoursEn: 'Sunday to Thursday, 8 am - 2 pm',
  publicSiteUrl: 'https://birr.example',
};

describe('the society profile', () => {
  it('shows the default to the public until an admin saves the society’s own', async () => {
    const shown = await send('GET', '/public/society-profile');
    expect(shown).toMatchObject({ status: 200, body: { nameAr: DEFAULT_SOCIETY_PROFILE.nameAr } });
  });

  it('is changed by admins only, validated, and then drives the public profile', async () => {
    expect((await send('PUT', '/api/society-profile', supervisor, profile)).status).toBe(403);
    expect((await send('PUT', '/api/society-profile', agent, profile)).status).toBe(403);
    const bad = await send('PUT', '/api/society-profile', admin, { ...profile, primaryColour: 'blue' });
    expect(bad.status).toBe(400);
    expect((bad.body.fields as { field: string }[]).map((field) => field.field)).toEqual(['primaryColour']);

    const saved = await send('PUT', '/api/society-profile', admin, profile);
    expect(saved).toMatchObject({ status: 200, body: { ...profile, updatedBy: 'u-admin' } });
    expect((await send('GET', '/api/society-profile', agent)).body).toMatchObject(profile);
    const shown = await send('GET', '/public/society-profile');
    expect(shown.body).toEqual(profile);
  });
});
