import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

/** POST /public/contact with `body` as fetch sends it (its own Content-Type for a form or FormData), or `type`. */
async function send(body: BodyInit, type?: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${runtime.url}/public/contact`, {
    method: 'POST',
    headers: { ...(type && { 'content-type': type }), ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const fields = (phone: string, extra: Record<string, string> = {}) => ({
  name: 'أم عبدالرحمن العنزي',
  phone,
  email: '',
  subject: 'موعد توزيع السلال الرمضانية',
  message: 'السلام عليكم،\nمتى يبدأ توزيع السلال الرمضانية في فرع حائل؟',
  type: 'inquiry',
  website: '',
  ...extra,
});

describe('POST /public/contact, in the formats a website sends', () => {
  it('takes an HTML form’s post (urlencoded UTF-8): Arabic whole, line breaks kept, empty fields as not given', async () => {
    const sent = await send(new URLSearchParams(fields('0551230001', { type: 'complaint' })));
    expect(sent.status).toBe(201);
    const ticket = await runtime.deps.store.getTicket(String(sent.body.ticketId));
    expect(ticket).toMatchObject({
      channel: 'webform',
      type: 'complaint',
      subject: 'موعد توزيع السلال الرمضانية',
    });
    const contact = await runtime.deps.store.getContact(String(ticket?.contactId));
    expect(contact?.name).toBe('أم عبدالرحمن العنزي');
    expect(contact?.identities.map((identity) => identity.kind)).toEqual(['phone']);
    const { messages } = (await runtime.deps.store.getTicketWithThread(String(ticket?.id))) ?? {};
    expect(messages?.[0]?.text).toBe('السلام عليكم،\nمتى يبدأ توزيع السلال الرمضانية في فرع حائل؟');
  });

  it('takes a page’s FormData (multipart), and a resend with the same Idempotency-Key is the same ticket', async () => {
    const form = () => {
      const data = new FormData();
      for (const [name, value] of Object.entries(fields('0551230002'))) data.append(name, value);
      return data;
    };
    const key = { 'idempotency-key': 'multipart-form-1' };
    const first = await send(form(), undefined, key);
    expect(first.status).toBe(201);
    const again = await send(form(), undefined, key);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ outcome: 'duplicate', ticketId: first.body.ticketId });
  });

  it('reads a JSON object as JSON whatever its label (curl -d labels every body a form)', async () => {
    const sent = await send(
      JSON.stringify({ ...fields('0551230003'), email: undefined, website: undefined }),
      'application/x-www-form-urlencoded',
    );
    expect(sent.status).toBe(201);
  });

  it('refuses by name a field sent twice, a file, a filled honeypot and a missing name', async () => {
    const twice = new URLSearchParams(fields('0551230004'));
    twice.append('phone', '0551239999');
    expect(await send(twice)).toMatchObject({
      status: 400,
      body: { fields: [expect.objectContaining({ field: 'phone', code: 'repeated_field' })] },
    });

    const withFile = new FormData();
    for (const [name, value] of Object.entries(fields('0551230005'))) withFile.append(name, value);
    withFile.append(
      'attachment',
      new Blob([Buffer.from('%PDF-1.4')], { type: 'application/pdf' }),
      'هوية.pdf',
    );
    expect(await send(withFile)).toMatchObject({
      status: 400,
      body: { fields: [expect.objectContaining({ field: 'attachment', code: 'unexpected_file' })] },
    });

    const bot = await send(new URLSearchParams(fields('0551230006', { website: 'http://spam.example' })));
    expect(bot).toMatchObject({
      status: 400,
      body: { fields: [expect.objectContaining({ field: 'website' })] },
    });

    const nameless = await send(new URLSearchParams(fields('0551230007', { name: '' })));
    expect(nameless).toMatchObject({
      status: 400,
      body: { fields: [expect.objectContaining({ field: 'name', code: 'required' })] },
    });
  });

  it('answers 415 with the formats it reads to any other, and 400 (never 500) to a broken multipart body', async () => {
    for (const type of ['text/plain', 'application/xml']) {
      const refused = await send('name=x', type);
      expect(refused.status, type).toBe(415);
      expect(refused.body).toMatchObject({
        error: 'unsupported_media_type',
        accepted: 'application/json, application/x-www-form-urlencoded, multipart/form-data',
        messageAr: expect.stringContaining('صيغة الطلب'),
      });
    }
    const broken = await send(
      '--other\r\nContent-Disposition: form-data; name="name"\r\n\r\nx',
      'multipart/form-data; boundary=declared',
    );
    expect(broken).toMatchObject({
      status: 400,
      body: { fields: [expect.objectContaining({ field: 'body', code: 'invalid_form' })] },
    });
  });
});

describe('POST /public/contact from a plain HTML form on a society site (a browser, no script)', () => {
  const ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
  const post = (body: BodyInit, accept = ACCEPT) =>
    fetch(`${runtime.url}/public/contact`, { method: 'POST', headers: { accept }, body, redirect: 'manual' });

  it('sends the browser on (303) to the contact page’s confirmation; posting the same form again is the same ticket', async () => {
    const form = () => new URLSearchParams(fields('0551230010'));
    const first = await post(form());
    expect(first.status).toBe(303);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const location = new URL(String(first.headers.get('location')));
    expect(`${location.origin}${location.pathname}`).toBe(`${runtime.url}/public/contact`);
    const reference = String(location.searchParams.get('sent'));
    expect(Object.fromEntries(location.searchParams)).toEqual({ sent: reference, reply: 'sms', status: '1' });
    const ticket = await runtime.deps.store.findTicketByReference(reference);
    expect(ticket).toMatchObject({ channel: 'webform', subject: 'موعد توزيع السلال الرمضانية' });

    const again = await post(form());
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));

    const byEmail = new FormData();
    for (const [name, value] of Object.entries(fields('', { email: 'um.saad@example.org' })))
      byEmail.append(name, value);
    const emailed = new URL(String((await post(byEmail)).headers.get('location')));
    expect(emailed.searchParams.get('reply')).toBe('email');
    expect(emailed.searchParams.has('status')).toBe(false);
  });

  it('shows a refused form as a page naming each field and its reason, in Arabic and English, with what was sent escaped', async () => {
    const refused = new URLSearchParams(fields('12', { name: '' }));
    refused.append('<img src=x onerror=alert(1)>', 'x');
    const answer = await post(refused);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await answer.text();
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(page).toContain('<li>الاسم: هذا الحقل مطلوب</li>');
    expect(page).toContain('<li>رقم الجوال: رقم الجوال غير صحيح</li>');
    expect(page).toContain('<li>Mobile number: The phone number is not valid</li>');
    expect(page).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(page).not.toContain('<img');
    expect(page).toContain(`href="${runtime.url}/public/contact"`);
  });

  it('answers a script, curl or a provider in JSON as before, whatever the encoding', async () => {
    const sent = await post(new URLSearchParams(fields('0551230011')), '*/*');
    expect(sent.status).toBe(201);
    expect(await sent.json()).toMatchObject({
      outcome: 'created',
      reference: expect.stringMatching(/^SND-/),
    });
    const json = await fetch(`${runtime.url}/public/contact`, {
      method: 'POST',
      headers: { accept: ACCEPT, 'content-type': 'application/json' },
      body: JSON.stringify({ ...fields('0551230012'), email: undefined, website: undefined }),
    });
    expect(json.status).toBe(201);
  });
});
