import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../shared/domain/ticket.ts';
import { type ClockedRuntime, startClockedRuntime } from '../support/clocked-runtime.ts';
import { getJson, postJson, postJsonFrom } from '../support/runtime.ts';
import { anApplication, TINY_PDF } from '../support/support-request.ts';

let t: ClockedRuntime;
let day = 0;
const START = Date.parse('2026-11-01T06:00:00Z');

beforeAll(async () => {
  t = await startClockedRuntime(new Date(START));
});
afterAll(async () => {
  await t.runtime.close();
});

/** Each test on a day of its own, so the rate-limit windows of one never count against another. */
function nextDay() {
  day += 1;
  t.setNow(new Date(START + day * 86_400_000));
}

const apply = (form: Record<string, unknown>, headers: Record<string, string> = {}) =>
  postJson(`${t.runtime.url}/public/support-requests`, form, headers);

async function ticketOf(reference: string): Promise<Ticket> {
  const found = await t.runtime.deps.store.findTicketByReference(reference);
  if (!found) throw new Error(`No ticket ${reference}`);
  const { body } = await getJson(`${t.runtime.url}/api/tickets/${found.id}`, t.supervisor);
  return (body.ticket ?? body) as Ticket;
}

/** The texts sent to a phone other than the phone-confirmation codes. */
const acknowledgementsTo = (phone: string) =>
  t.runtime.outbox
    .list('sms')
    .filter((entry) => entry.to === phone)
    .filter((entry) => !/رمز تأكيد رقم جوالكم/.test(JSON.parse(entry.payload).text as string));

describe('POST /public/support-requests', () => {
  it('makes a support_request ticket with the branch, the application and the declaration with the client IP', async () => {
    nextDay();
    const form = anApplication({ branch: 'north', email: 'Um.Abdullah@example.com' });
    const response = await apply(form);

    expect(response.status).toBe(201);
    const reference = response.body.reference as string;
    expect(reference).toMatch(/^SND-\d{4}-\d{6}$/);
    const ticket = await ticketOf(reference);
    expect(ticket).toMatchObject({
      type: 'support_request',
      channel: 'webform',
      branch: 'north',
      // Waits for the code texted to the phone before intake (phone-confirmation.test.ts).
      supportCase: {
        step: 'phone_unconfirmed',
        application: {
          requestType: 'productive_project',
          branch: 'north',
          householdMembers: 6,
          monthlyIncome: 2500,
          nationalId: '1000000008',
          phone: `+966${String(form.phone).slice(1)}`,
          email: 'Um.Abdullah@example.com',
          documents: [
            { kind: 'identity', name: 'هوية.pdf', attachmentIndex: 0 },
            { kind: 'income_proof', name: 'دخل.png', attachmentIndex: 1 },
          ],
          declaration: { accepted: true, channel: 'webform', version: '2026-11' },
        },
      },
    });
    const declaration = ticket.supportCase?.application?.declaration;
    expect(declaration?.ip).toMatch(/127\.0\.0\.1|::1/);
    expect(declaration?.text).toContain('أقر بأن جميع البيانات');
    expect(declaration?.at).toBe(new Date(START + day * 86_400_000).toISOString());
  });

  it('keeps the documents as the ticket’s attachments in the object store', async () => {
    nextDay();
    const { body } = await apply(anApplication());
    const found = await t.runtime.deps.store.findTicketByReference(body.reference as string);
    const thread = await getJson(`${t.runtime.url}/api/tickets/${found?.id}`, t.supervisor);
    const messages = (thread.body.messages ?? []) as { id: string; attachments: { objectKey: string }[] }[];
    const attachments = messages[0]?.attachments ?? [];
    expect(attachments).toHaveLength(2);
    const stored = await t.runtime.deps.objects.get(attachments[0]?.objectKey ?? '');
    expect(
      Buffer.from(stored?.body ?? [])
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(stored?.contentType).toBe('application/pdf');
  });

  it('keeps the first submission’s documents when a resubmission carries others (it is another application)', async () => {
    nextDay();
    const form = anApplication();
    const first = await apply(form);
    const otherPdf = Buffer.from('%PDF-1.4\n% another identity scan\n%%EOF\n');
    const documents = form.documents as { base64: string }[];
    const again = await apply({
      ...form,
      documents: [{ ...documents[0], base64: otherPdf.toString('base64') }, documents[1]],
    });
    expect(again.status).toBe(201);
    expect(again.body.reference).not.toBe(first.body.reference);

    const found = await t.runtime.deps.store.findTicketByReference(first.body.reference as string);
    const thread = await getJson(`${t.runtime.url}/api/tickets/${found?.id}`, t.supervisor);
    const messages = (thread.body.messages ?? []) as { attachments: { objectKey: string; size: number }[] }[];
    const identity = messages[0]?.attachments[0];
    const stored = await t.runtime.deps.objects.get(identity?.objectKey ?? '');
    expect(Buffer.from(stored?.body ?? []).equals(TINY_PDF)).toBe(true);
    expect(identity?.size).toBe(TINY_PDF.length);
  });

  it('acknowledges by SMS with the reference and the committee window, recorded on the ticket', async () => {
    nextDay();
    const form = anApplication();
    const { body } = await apply(form);
    const phone = `+966${String(form.phone).slice(1)}`;

    const sms = acknowledgementsTo(phone);
    expect(sms).toHaveLength(1);
    const text = JSON.parse(sms[0]?.payload ?? '{}').text as string;
    expect(text).toContain(body.reference as string);
    expect(text).toContain('14 يوماً');
    const found = await t.runtime.deps.store.findTicketByReference(body.reference as string);
    const thread = await getJson(`${t.runtime.url}/api/tickets/${found?.id}`, t.supervisor);
    const outbound = (thread.body.messages as { direction: string; channel: string; text: string }[]).filter(
      (message) => message.direction === 'outbound',
    );
    expect(outbound).toMatchObject([{ channel: 'sms', text, deliveryStatus: 'sent' }]);
  });

  it('answers a retried submission with the same ticket and does not acknowledge twice', async () => {
    nextDay();
    const form = anApplication();
    const first = await apply(form, { 'idempotency-key': 'form-42' });
    const again = await apply(form, { 'idempotency-key': 'form-42' });
    const withoutKey = anApplication({ phone: '0559990001' });
    const third = await apply(withoutKey);
    const fourth = await apply(withoutKey);

    expect(first.status).toBe(201);
    expect(again).toMatchObject({
      status: 200,
      body: { reference: first.body.reference, outcome: 'duplicate' },
    });
    expect(fourth).toMatchObject({
      status: 200,
      body: { reference: third.body.reference, outcome: 'duplicate' },
    });
    const phone = `+966${String(form.phone).slice(1)}`;
    expect(acknowledgementsTo(phone)).toHaveLength(1);
  });

  it('refuses its Idempotency-Key sent again with another application with 422', async () => {
    nextDay();
    const form = anApplication();
    await apply(form, { 'idempotency-key': 'form-43' });
    const changed = await apply(
      { ...form, description: 'أرغب في دعم مشروع حلويات منزلي.' },
      { 'idempotency-key': 'form-43' },
    );
    expect(changed).toMatchObject({ status: 422, body: { error: 'idempotency_key_reused' } });
  });

  it('takes the same form sent again across a ten-minute boundary, without a key, for the same one', async () => {
    nextDay();
    const boundary = Math.ceil(t.runtime.deps.clock.now().getTime() / 600_000) * 600_000;
    const form = anApplication();
    const contact = { name: 'أم سعد', phone: '0559990077', subject: 'استفسار', message: 'متى موعد الصرف؟' };
    t.setNow(new Date(boundary - 1_000));
    const first = await apply(form);
    const firstContact = await postJson(`${t.runtime.url}/public/contact`, contact);
    t.setNow(new Date(boundary + 1_000));
    expect(await apply(form)).toMatchObject({ status: 200, body: { reference: first.body.reference } });
    expect(await postJson(`${t.runtime.url}/public/contact`, contact)).toMatchObject({
      status: 200,
      body: { outcome: 'duplicate', reference: firstContact.body.reference },
    });
    // Two windows on, the same words are a new form.
    t.setNow(new Date(boundary + 600_000 + 1_000));
    expect(await postJson(`${t.runtime.url}/public/contact`, contact)).toMatchObject({ status: 201 });
  });

  it('takes a corrected resubmission without a key for another application, not for the first one', async () => {
    nextDay();
    const form = anApplication();
    const first = await apply(form);
    expect(first.status).toBe(201);
    expect(await apply(form)).toMatchObject({ status: 200, body: { reference: first.body.reference } });
    const corrected = await apply({ ...form, monthlyIncome: 1800, householdMembers: 7 });
    expect(corrected.status).toBe(201);
    expect(corrected.body.reference).not.toBe(first.body.reference);
    const kept = await t.runtime.deps.store.findTicketByReference(String(corrected.body.reference));
    expect(kept?.supportCase?.application).toMatchObject({ monthlyIncome: 1800, householdMembers: 7 });
  });

  it('does not answer someone else’s Idempotency-Key with their reference', async () => {
    nextDay();
    const mine = await apply(anApplication(), { 'idempotency-key': 'shared-key' });
    const theirs = await apply(anApplication(), { 'idempotency-key': 'shared-key' });
    expect(theirs).toMatchObject({ status: 201, body: { outcome: 'created' } });
    expect(theirs.body.reference).not.toBe(mine.body.reference);
  });

  it('opens a case of its own even when the applicant has another open ticket', async () => {
    nextDay();
    const inquiry = await postJson(
      `${t.runtime.url}/public/contact`,
      t.contactForm({ phone: '0558880001', subject: 'سؤال', message: 'متى يبدأ التسجيل؟' }),
    );
    const application = await apply(anApplication({ phone: '0558880001' }));
    expect(application.status).toBe(201);
    expect(application.body.reference).not.toBe(inquiry.body.reference);
  });

  it('refuses bad fields with a reason per field in Arabic and English', async () => {
    nextDay();
    const response = await apply(anApplication({ nationalId: '1000000009', declaration: false }));
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual([
      expect.objectContaining({
        field: 'nationalId',
        code: 'national_id_digit_wrong',
        messageAr: 'يبدو أن أحد الأرقام غير صحيح، راجعوا الرقم على بطاقة الهوية',
      }),
      expect.objectContaining({
        field: 'declaration',
        code: 'declaration_required',
        messageEn: expect.any(String),
      }),
    ]);
  });

  it('limits applications per phone: the sixth in a day is refused with 429 and when to retry', async () => {
    nextDay();
    const phone = '0557770001';
    for (let index = 0; index < 5; index++) {
      const response = await apply(
        anApplication({ phone, description: `طلب رقم ${index} لدعم مشروع منزلي` }),
      );
      expect(response.status).toBe(201);
    }
    const refused = await fetch(`${t.runtime.url}/public/support-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(anApplication({ phone, description: 'طلب سادس لدعم مشروع منزلي' })),
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      error: 'rate_limited',
      // A day's window is counted in hours, in the plural register of the public pages.
      messageAr: expect.stringMatching(
        /^تجاوزتم عدد المحاولات المسموح بها، حاولوا مرة أخرى بعد ([٠-٩]+ (ساعة|ساعات)|ساعتين|ساعة واحدة)$/,
      ),
    });

    const otherPhone = await apply(anApplication());
    expect(otherPhone.status).toBe(201);
  });

  it('counts a phone per client address: forms naming it from elsewhere never lock its holder out', async () => {
    nextDay();
    const phone = '0557770009';
    for (let index = 0; index < 5; index++) {
      const stranger = await postJsonFrom(
        `127.0.9.${index + 1}`,
        `${t.runtime.url}/public/support-requests`,
        anApplication({ phone, description: `طلب باسم غيري رقم ${index}` }),
      );
      expect(stranger.status).toBe(201);
    }
    const holder = await postJsonFrom(
      '127.0.9.100',
      `${t.runtime.url}/public/support-requests`,
      anApplication({ phone, description: 'طلبي أنا صاحب الرقم' }),
    );
    expect(holder.status).toBe(201);
  });

  it('does not count a retried submission against the applicant’s daily applications', async () => {
    nextDay();
    const form = anApplication();
    for (let attempt = 0; attempt < 7; attempt++) {
      const response = await apply(form, { 'idempotency-key': 'double-click' });
      expect(response.status).toBe(attempt === 0 ? 201 : 200);
    }
  });

  it('limits applications per client address: the 21st in an hour is refused', async () => {
    nextDay();
    const statuses: number[] = [];
    for (let index = 0; index < 21; index++) statuses.push((await apply(anApplication())).status);
    expect(statuses.slice(0, 20)).toEqual(Array.from({ length: 20 }, () => 201));
    expect(statuses[20]).toBe(429);

    t.setNow(new Date(START + day * 86_400_000 + 3_600_000));
    expect((await apply(anApplication())).status).toBe(201);
  });
});

describe('POST /api/support-requests (a walk-in, recorded by staff)', () => {
  const record = (form: Record<string, unknown>, headers: Record<string, string>) =>
    postJson(`${t.runtime.url}/api/support-requests`, form, headers);

  it('makes the same case on the walk-in channel, with the declaration taken by the staff member', async () => {
    nextDay();
    const form = anApplication();
    const response = await record(form, {
      authorization: `Bearer ${t.agent}`,
      'idempotency-key': 'walk-in-1',
    });

    expect(response.status).toBe(201);
    const ticket = await ticketOf(response.body.reference as string);
    expect(ticket).toMatchObject({
      type: 'support_request',
      channel: 'walk_in',
      supportCase: {
        step: 'intake',
        application: { declaration: { channel: 'walk_in', recordedBy: 'u-agent' } },
      },
    });
    expect(ticket.supportCase?.application?.declaration.ip).toBeUndefined();
    const phone = `+966${String(form.phone).slice(1)}`;
    expect(t.runtime.outbox.list('sms').filter((entry) => entry.to === phone)).toHaveLength(1);

    const again = await record(form, { authorization: `Bearer ${t.agent}`, 'idempotency-key': 'walk-in-1' });
    expect(again.body).toMatchObject({ outcome: 'duplicate', reference: response.body.reference });
  });

  it('needs a staff sign-in and an Idempotency-Key', async () => {
    nextDay();
    expect((await record(anApplication(), { 'idempotency-key': 'walk-in-2' })).status).toBe(401);
    const withoutKey = await record(anApplication(), { authorization: `Bearer ${t.agent}` });
    expect(withoutKey.status).toBe(400);
  });
});
