import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { shortCodeHash } from '../../shared/domain/survey-slip.ts';
import { surveySlipQrSvg } from '../../shared/domain/survey-slip-qr.ts';
import { getJson, postJson, signIn, startTestRuntime } from '../support/runtime.ts';

let runtime: LocalRuntime;
/** The runtime's clock, moved forward by a test to see a short link expire. */
let offsetMs = 0;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  runtime = await startTestRuntime({ clock: { now: () => new Date(Date.now() + offsetMs) } });
  for (const name of ['agent', 'manager']) tokens[name] = await signIn(runtime, `${name}@sanad.local`);
});
afterAll(async () => {
  await runtime.close();
});

const as = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
const walkIn = async (key: string, extra: Record<string, unknown> = {}) => {
  const logged = await postJson(
    `${runtime.url}/api/tickets`,
    {
      channel: 'walk_in',
      idempotencyKey: key,
      name: 'زائر',
      nationalId: '1000000008',
      text: 'استفسار عن مواعيد توزيع السلال',
      ...extra,
    },
    as('agent'),
  );
  expect(logged.status).toBe(201);
  return String(logged.body.ticketId);
};
const slip = (ticketId: string, who = 'agent') =>
  postJson(`${runtime.url}/api/tickets/${ticketId}/survey-slip`, {}, as(who));
const follow = (link: string) => fetch(link, { redirect: 'manual' });

describe('the survey slip for a walk-in', () => {
  it('gives a short link that redirects to the survey and a QR code of exactly that link', async () => {
    const ticketId = await walkIn('survey-slip-1');
    const printed = await slip(ticketId);
    expect(printed.status).toBe(201);
    const link = String(printed.body.link);
    expect(link).toMatch(new RegExp(`^${runtime.url}/s/[0-9a-z]{10}$`));
    expect(printed.body.textedTo).toBeUndefined();
    // The QR code is the generator's rendering of the link itself.
    expect(printed.body.qrSvg).toBe(surveySlipQrSvg(link));
    expect(String(printed.body.qrSvg)).toMatch(/^<svg[^>]*viewBox/);

    const redirect = await follow(link);
    expect(redirect.status).toBe(302);
    const location = String(redirect.headers.get('location'));
    expect(location).toMatch(new RegExp(`^${runtime.url}/public/surveys/[\\w-]{43}$`));
    // The survey page itself is the inbox build's public page.
    expect((await fetch(location)).status).toBe(200);
    // Only hashes are stored: the table holds neither the code nor the survey token.
    const token = location.split('/').at(-1) as string;
    const code = link.split('/').at(-1) as string;
    const stored = JSON.stringify(
      await runtime.deps.surveys.getShortLink(await shortCodeHash(code), new Date(Date.now() + offsetMs)),
    );
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(code);

    const state = await getJson(`${runtime.url}/public/surveys/${token}/state`);
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({ state: 'open' });
    const answered = await postJson(`${runtime.url}/public/surveys/${token}`, { score: 5 });
    expect(answered.status).toBeLessThan(300);
    expect((await runtime.deps.store.getTicket(ticketId))?.satisfaction).toMatchObject({ score: 5 });
    expect((await slip(ticketId)).status).toBe(409);
  });

  it('answers an unknown, malformed or expired short link with a page in Arabic', async () => {
    const printed = await slip(await walkIn('survey-slip-4', { phone: '0554448303', nationalId: undefined }));
    expect(printed.status).toBe(201);
    const link = String(printed.body.link);
    expect((await follow(link)).status).toBe(302);
    for (const wrong of [`${runtime.url}/s/0000000000`, `${runtime.url}/s/not-a-code!`]) {
      const page = await follow(wrong);
      expect(page.status).toBe(404);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain('lang="ar"');
      expect(html).toContain('الرابط غير صالح');
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    }
    // Past the survey's 14 days the short link leads nowhere either.
    offsetMs = 15 * 24 * 60 * 60 * 1000;
    try {
      const expired = await follow(link);
      expect(expired.status).toBe(404);
      expect(await expired.text()).toContain('انتهت صلاحيته');
    } finally {
      offsetMs = 0;
    }
  });

  it('texts the same survey to the phone a walk-in gave, once', async () => {
    // Known by the phone alone (the shared test national id would lead to the first visitor's contact).
    const ticketId = await walkIn('survey-slip-2', { phone: '0554448301', nationalId: undefined });
    const printed = await slip(ticketId);
    expect(printed.body.textedTo).toBe('+966554448301');
    const texts = runtime.outbox
      .list('sms')
      .filter((entry) => entry.to === '+966554448301')
      .map((entry) => JSON.parse(entry.payload).text as string);
    expect(texts.filter((text) => text.includes(String(printed.body.link)))).toHaveLength(1);
  });

  it('is refused for a ticket that is not a walk-in and for a role that only reads', async () => {
    const webform = await postJson(`${runtime.url}/public/contact`, {
      name: 'سالم',
      phone: '0554448302',
      subject: 'سؤال',
      message: 'سؤال عن الدوام',
    });
    expect((await slip(String(webform.body.ticketId))).status).toBe(409);
    expect((await slip(await walkIn('survey-slip-3'), 'manager')).status).toBe(403);
  });
});
