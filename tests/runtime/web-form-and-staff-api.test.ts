import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { getJson, postJson, signIn, startTestRuntime } from '../support/runtime.ts';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

const aForm = (overrides: Record<string, unknown> = {}) => ({
  name: 'أم سعد',
  phone: '0551234567',
  subject: 'استفسار عن الدعم',
  message: 'السلام عليكم، متى يفتح باب التقديم؟',
  ...overrides,
});

describe('GET /health', () => {
  it('answers once the store answers', async () => {
    const { status, body } = await getJson(`${runtime.url}/health`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', queues: 5 });
  });
});

describe('POST /public/contact', () => {
  it('creates a ticket and returns its id and reference', async () => {
    const { status, body } = await postJson(`${runtime.url}/public/contact`, aForm());
    expect(status).toBe(201);
    expect(body).toMatchObject({ outcome: 'created', reference: expect.stringMatching(/^SND-\d{4}-\d{6}$/) });
  });

  it('opens its own ticket for every form, since a typed phone proves nothing, suggesting the earlier contact', async () => {
    const first = await postJson(`${runtime.url}/public/contact`, aForm({ phone: '0561112223' }));
    const second = await postJson(
      `${runtime.url}/public/contact`,
      aForm({ phone: '+966 56 111 2223', message: 'أرسلت سابقاً ولم يصلني رد' }),
    );
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ outcome: 'created' });
    expect(second.body.ticketId).not.toBe(first.body.ticketId);
    const firstTicket = await runtime.deps.store.getTicket(first.body.ticketId as string);
    const secondTicket = await runtime.deps.store.getTicket(second.body.ticketId as string);
    const suggested = await runtime.deps.store.getContact(secondTicket?.contactId as string);
    expect(suggested?.possibleDuplicateOf).toEqual([firstTicket?.contactId]);
  });

  it('treats a retried submission with the same Idempotency-Key as the same contact', async () => {
    const headers = { 'idempotency-key': 'form-retry-1' };
    const first = await postJson(`${runtime.url}/public/contact`, aForm({ phone: '0571234567' }), headers);
    const retry = await postJson(`${runtime.url}/public/contact`, aForm({ phone: '0571234567' }), headers);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ outcome: 'duplicate', ticketId: first.body.ticketId });

    // The same key from another sender is their own contact, never the first sender's ticket.
    const stranger = await postJson(`${runtime.url}/public/contact`, aForm({ phone: '0571234599' }), headers);
    expect(stranger.status).toBe(201);
    expect(stranger.body.ticketId).not.toBe(first.body.ticketId);
    expect(stranger.body.reference).not.toBe(first.body.reference);
  });

  it('without an Idempotency-Key, takes only the whole form sent again for the same one, never another name', async () => {
    const form = aForm({ phone: '0571234700', email: 'family@example.com' });
    const first = await postJson(`${runtime.url}/public/contact`, form);
    expect(first.status).toBe(201);
    expect(await postJson(`${runtime.url}/public/contact`, form)).toMatchObject({
      status: 200,
      body: { outcome: 'duplicate', ticketId: first.body.ticketId, reference: first.body.reference },
    });

    // The same phone, subject and message under another name (or another email) is a contact of its own, kept
    // with its name, and told nothing of the first one's ticket.
    for (const other of [{ name: 'أبو سعد' }, { email: 'other@example.com' }]) {
      const second = await postJson(`${runtime.url}/public/contact`, { ...form, ...other });
      expect(second).toMatchObject({ status: 201, body: { outcome: 'created' } });
      expect(second.body.ticketId).not.toBe(first.body.ticketId);
      expect(second.body.reference).not.toBe(first.body.reference);
      const ticket = await runtime.deps.store.getTicket(String(second.body.ticketId));
      expect(ticket?.contactName).toBe(other.name ?? form.name);
    }
  });

  it('refuses an Idempotency-Key sent again with another form with 422, keeping the first', async () => {
    const headers = { 'idempotency-key': 'form-reused-1' };
    const first = await postJson(`${runtime.url}/public/contact`, aForm({ phone: '0571234600' }), headers);
    const other = await postJson(
      `${runtime.url}/public/contact`,
      aForm({ phone: '0571234600', subject: 'موضوع آخر', message: 'رسالة أخرى تماماً' }),
      headers,
    );
    expect(other).toMatchObject({ status: 422, body: { error: 'idempotency_key_reused' } });
    const again = await postJson(`${runtime.url}/public/contact`, aForm({ phone: '0571234600' }), headers);
    expect(again.body).toMatchObject({ outcome: 'duplicate', ticketId: first.body.ticketId });
  });

  it('refuses bad fields with a reason per field in Arabic and English', async () => {
    const { status, body } = await postJson(`${runtime.url}/public/contact`, {
      name: '',
      phone: '12',
      email: 'not-an-email',
      nationalId: '1234567890',
      message: 'x',
    });
    expect(status).toBe(400);
    const fields = body.fields as { field: string; code: string; messageAr: string; messageEn: string }[];
    expect(Object.fromEntries(fields.map((field) => [field.field, field.code]))).toMatchObject({
      name: 'required',
      phone: 'invalid_phone',
      email: 'invalid_email',
      nationalId: 'national_id_digit_wrong',
      subject: 'required',
      message: 'too_short',
    });
    expect(fields).toHaveLength(6);
    expect(fields.every((field) => field.messageAr && field.messageEn)).toBe(true);
  });

  it.each([
    ['a name of zero-width characters only', { name: '\u200B\u200B\u200B' }, 'name', 'required'],
    ['a name of a direction override and a space', { name: '\u202E ' }, 'name', 'required'],
    ['a name of shaddas only', { name: '\u0651\u0651' }, 'name', 'required'],
    ['a name holding a NUL', { name: 'أم\u0000سعد' }, 'name', 'invalid_value'],
    ['a subject of tatweel only', { subject: 'ــــ' }, 'subject', 'required'],
    ['a message of control characters only', { message: '\u0000\u0007\u0008' }, 'message', 'required'],
  ])('refuses %s as it refuses an empty field', async (_what, overrides, field, code) => {
    const { status, body } = await postJson(`${runtime.url}/public/contact`, aForm(overrides));
    expect(status).toBe(400);
    expect(body.fields).toEqual([expect.objectContaining({ field, code })]);
  });

  it('needs a phone or an email to answer on', async () => {
    const { status, body } = await postJson(`${runtime.url}/public/contact`, aForm({ phone: undefined }));
    expect(status).toBe(400);
    expect(body.fields).toContainEqual(expect.objectContaining({ code: 'phone_or_email_required' }));
  });

  it.each([
    ['not JSON', '{"name":'],
    ['an empty body', ''],
    ['an array', '[]'],
    ['a filled honeypot', JSON.stringify(aForm({ website: 'http://spam' }))],
    ['an unknown field', JSON.stringify(aForm({ admin: true }))],
  ])('answers %s with 400, never 500', async (_name, raw) => {
    const { status, body } = await postJson(`${runtime.url}/public/contact`, raw);
    expect(status).toBe(400);
    expect(body.error).toBe('validation_failed');
  });
});

describe('staff API', () => {
  it('refuses a request without a token or with a forged one', async () => {
    expect((await getJson(`${runtime.url}/api/tickets`)).status).toBe(401);
    expect((await getJson(`${runtime.url}/api/tickets`, 'eyJhbGciOiJub25lIn0.e30.')).status).toBe(401);
  });

  it('refuses a wrong password', async () => {
    const { status } = await postJson(`${runtime.url}/auth/local/login`, {
      email: 'agent@sanad.local',
      password: 'x',
    });
    expect(status).toBe(401);
  });

  it('lists a new web-form ticket with its reference, newest first, page by page', async () => {
    const created = await postJson(`${runtime.url}/public/contact`, aForm({ phone: '0581234567' }));
    const token = await signIn(runtime, 'agent@sanad.local');
    const first = await getJson(`${runtime.url}/api/tickets?limit=2`, token);
    expect(first.status).toBe(200);
    const tickets = first.body.tickets as { id: string; reference: string }[];
    expect(tickets[0]).toMatchObject({ id: created.body.ticketId, reference: created.body.reference });

    const seen = new Set(tickets.map((ticket) => ticket.id));
    let cursor = first.body.cursor as string | undefined;
    while (cursor) {
      const page = await getJson(`${runtime.url}/api/tickets?limit=2&cursor=${cursor}`, token);
      for (const ticket of page.body.tickets as { id: string }[]) {
        expect(seen.has(ticket.id)).toBe(false);
        seen.add(ticket.id);
      }
      cursor = page.body.cursor as string | undefined;
    }
    const all = await getJson(`${runtime.url}/api/tickets?limit=100`, token);
    expect(seen.size).toBe((all.body.tickets as unknown[]).length);
  });

  it('filters by queue and status, and refuses a queue the caller is not a member of', async () => {
    const token = await signIn(runtime, 'agent@sanad.local');
    const own = await getJson(`${runtime.url}/api/tickets?queue=beneficiary-relations&status=new`, token);
    expect(own.status).toBe(200);
    const ownTickets = own.body.tickets as { status: string }[];
    expect(ownTickets.length).toBeGreaterThan(0);
    expect(ownTickets.every((ticket) => ticket.status === 'new')).toBe(true);
    const other = await getJson(`${runtime.url}/api/tickets?queue=research-committee`, token);
    expect(other.status).toBe(403);
    const badStatus = await getJson(`${runtime.url}/api/tickets?status=bogus`, token);
    expect(badStatus.status).toBe(400);
    const badCursor = await getJson(`${runtime.url}/api/tickets?cursor=garbage`, token);
    expect(badCursor.status).toBe(400);
  });

  it('shows a ticket with its messages, and takes an internal note', async () => {
    const created = await postJson(`${runtime.url}/public/contact`, aForm({ phone: '0591234567' }));
    const token = await signIn(runtime, 'agent@sanad.local');
    const note = await postJson(
      `${runtime.url}/api/tickets/${created.body.ticketId}/messages`,
      { kind: 'note', text: 'اتصلت بها وسأتابع غداً' },
      { authorization: `Bearer ${token}` },
    );
    expect(note.status).toBe(201);
    const { status, body } = await getJson(`${runtime.url}/api/tickets/${created.body.ticketId}`, token);
    expect(status).toBe(200);
    const messages = body.messages as { direction: string; text: string; authorName: string }[];
    expect(messages.map((message) => message.direction)).toEqual(['inbound', 'note']);
    expect(messages[1]).toMatchObject({ text: 'اتصلت بها وسأتابع غداً', authorName: 'نورة القحطاني' });
  });

  it("hides tickets outside the caller's queues and lets a manager read but not write", async () => {
    const created = await postJson(`${runtime.url}/public/contact`, aForm({ phone: '0531234567' }));
    const id = created.body.ticketId as string;
    const committee = await signIn(runtime, 'committee@sanad.local');
    expect((await getJson(`${runtime.url}/api/tickets/${id}`, committee)).status).toBe(404);

    const manager = await signIn(runtime, 'manager@sanad.local');
    expect((await getJson(`${runtime.url}/api/tickets/${id}`, manager)).status).toBe(200);
    const note = await postJson(
      `${runtime.url}/api/tickets/${id}/messages`,
      { kind: 'note', text: 'x' },
      { authorization: `Bearer ${manager}` },
    );
    expect(note.status).toBe(403);
  });
});

describe('replying to a beneficiary', () => {
  it('sends on a channel the contact has, records the delivery and the first response', async () => {
    const created = await postJson(`${runtime.url}/public/contact`, aForm({ phone: '0541234567' }));
    const id = created.body.ticketId as string;
    const token = await signIn(runtime, 'agent@sanad.local');
    const reply = await postJson(
      `${runtime.url}/api/tickets/${id}/messages`,
      { kind: 'reply', text: 'أهلاً بك، يفتح باب التقديم في بداية الشهر.' },
      { authorization: `Bearer ${token}` },
    );

    expect(reply.status).toBe(201);
    // A web-form contact with only a phone is answered by SMS.
    expect(reply.body).toMatchObject({ direction: 'outbound', channel: 'sms', deliveryStatus: 'sent' });
    expect(runtime.outbox.list('sms').at(-1)).toMatchObject({ to: '+966541234567' });
    const { body } = await getJson(`${runtime.url}/api/tickets/${id}`, token);
    expect(body.ticket).toMatchObject({ status: 'open', firstResponseAt: reply.body.createdAt });
  });

  it('refuses a channel the contact cannot be reached on', async () => {
    const created = await postJson(`${runtime.url}/public/contact`, aForm({ phone: '0561234599' }));
    const token = await signIn(runtime, 'agent@sanad.local');
    const reply = await postJson(
      `${runtime.url}/api/tickets/${created.body.ticketId}/messages`,
      { kind: 'reply', text: 'x', channel: 'telegram' },
      { authorization: `Bearer ${token}` },
    );
    expect(reply.status).toBe(409);
  });
});
