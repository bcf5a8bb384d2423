import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { surveySlipQrSvg } from '../../shared/domain/survey-slip.ts';
import { getJson, postJson, signIn, startTestRuntime } from '../support/runtime.ts';

let runtime: LocalRuntime;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  runtime = await startTestRuntime();
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

describe('the survey slip for a walk-in', () => {
  it('gives a short link that opens the survey and a QR code of exactly that link', async () => {
    const ticketId = await walkIn('survey-slip-1');
    const printed = await slip(ticketId);
    expect(printed.status).toBe(201);
    const link = String(printed.body.link);
    expect(link).toMatch(new RegExp(`^${runtime.url}/public/surveys/[\\w-]+$`));
    expect(link.length).toBeLessThan(90);
    expect(printed.body.textedTo).toBeUndefined();
    // The QR code is the generator's rendering of the link itself.
    expect(printed.body.qrSvg).toBe(surveySlipQrSvg(link));
    expect(String(printed.body.qrSvg)).toMatch(/^<svg[^>]*viewBox/);

    const token = link.split('/').at(-1);
    const state = await getJson(`${runtime.url}/public/surveys/${token}/state`);
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({ state: 'open' });
    const answered = await postJson(`${runtime.url}/public/surveys/${token}`, { score: 5 });
    expect(answered.status).toBeLessThan(300);
    expect((await runtime.deps.store.getTicket(ticketId))?.satisfaction).toMatchObject({ score: 5 });
    expect((await slip(ticketId)).status).toBe(409);
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
