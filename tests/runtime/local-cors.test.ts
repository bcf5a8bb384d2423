import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';

const SITE = 'https://sanad-society.example';
let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ corsOrigins: [SITE] });
});
afterAll(async () => {
  await runtime.close();
});

const preflight = (origin: string) =>
  fetch(`${runtime.url}/public/contact`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, idempotency-key, x-made-up',
    },
  });

const contact = (origin: string, phone: string) =>
  fetch(`${runtime.url}/public/contact`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'أم سعد', phone, subject: 'استفسار', message: 'متى موعد الصرف؟' }),
  });

describe("CORS on npm start, as API Gateway answers it for the society's sites", () => {
  it("lets a society site's script post the contact form: preflight, then the answer it may read", async () => {
    const allowed = await preflight(SITE);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(allowed.headers.get('access-control-allow-methods')).toBe('POST');
    expect(allowed.headers.get('access-control-allow-headers')).toBe('content-type,idempotency-key');
    expect(allowed.headers.get('access-control-max-age')).toBe('3600');

    const posted = await contact(SITE, '0551110101');
    expect(posted.status).toBe(201);
    expect(posted.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(posted.headers.get('vary')).toContain('origin');
    expect(await posted.json()).toMatchObject({ outcome: 'created' });
  });

  it('gives any other origin no CORS headers, so its scripts cannot read the answer', async () => {
    const other = await preflight('https://elsewhere.example');
    expect(other.status).toBe(204);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const posted = await contact('https://elsewhere.example', '0551110102');
    expect(posted.headers.get('access-control-allow-origin')).toBeNull();
  });
});
