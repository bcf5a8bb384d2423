import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../../infra/local/runtime.ts';
import type { Ticket } from '../../../shared/domain/ticket.ts';
import { getJson, postJson, postJsonFrom, signIn, startTestRuntime } from '../../support/runtime.ts';
import { anApplication } from '../../support/support-request.ts';

let runtime: LocalRuntime;
let supervisor: string;
beforeAll(async () => {
  runtime = await startTestRuntime();
  supervisor = await signIn(runtime, 'supervisor@sanad.local');
});
afterAll(async () => {
  await runtime.close();
});

const text = (phone: string, body: string, id: string) =>
  postJson(`${runtime.url}/local/sms`, {
    originationNumber: phone,
    destinationNumber: '+966112345678',
    messageBody: body,
    inboundMessageId: id,
  });

async function smsTicket(id: string): Promise<Ticket> {
  const guard = (await runtime.deps.store.lookupInbound('sms', id, [])).guard;
  const ticket = await runtime.deps.store.getTicket(guard?.outcome?.ticketId as string);
  if (!ticket) throw new Error(`SMS ${id} made no ticket`);
  return ticket;
}

describe('a stranger who knows a beneficiary’s phone and email (web contact form)', () => {
  it('gets a ticket of their own, with nothing of the beneficiary’s case in the answer or written into it', async () => {
    // The beneficiary applied in person (staff vouch for the phone), then texted from it.
    const phone = '0554440001';
    const walkIn = await postJson(
      `${runtime.url}/api/support-requests`,
      anApplication({ phone, email: 'victim@example.sa' }),
      { authorization: `Bearer ${supervisor}`, 'idempotency-key': 'victim-walk-in' },
    );
    expect(walkIn.status).toBe(201);
    const theCase = await runtime.deps.store.findTicketByReference(walkIn.body.reference as string);
    const before = await runtime.deps.store.getTicketWithThread(theCase?.id as string);

    const attack = await postJson(`${runtime.url}/public/contact`, {
      name: 'غريب',
      phone,
      email: 'victim@example.sa',
      subject: 'طلب',
      message: 'أريد معرفة حالة طلبي',
    });
    const strangerOnly = await postJson(`${runtime.url}/public/contact`, {
      name: 'غريب',
      phone: '0554440999',
      subject: 'طلب',
      message: 'أريد معرفة حالة طلبي',
    });

    // The same answer as for a phone nobody knows: created, with only the stranger's own new reference.
    expect(attack.status).toBe(201);
    expect(strangerOnly.status).toBe(201);
    expect(Object.keys(attack.body).sort()).toEqual(Object.keys(strangerOnly.body).sort());
    expect(attack.body.outcome).toBe('created');
    expect(attack.body.reference).not.toBe(walkIn.body.reference);
    expect(attack.body.ticketId).not.toBe(theCase?.id);

    // Nothing was written into the case, and the case's contact still owns the phone and the email.
    const after = await runtime.deps.store.getTicketWithThread(theCase?.id as string);
    expect(after?.messages).toHaveLength(before?.messages.length ?? -1);
    expect(after?.ticket.messageCount).toBe(before?.ticket.messageCount);
    const lookup = await runtime.deps.store.lookupInbound('webform', 'none', [
      { kind: 'phone', value: '+966554440001' },
      { kind: 'email', value: 'victim@example.sa' },
    ]);
    expect([...lookup.contactIdsByIdentity.values()]).toEqual([theCase?.contactId, theCase?.contactId]);

    // Staff see the stranger's ticket flagged, with the beneficiary suggested for a merge by hand.
    const attackTicket = await runtime.deps.store.getTicket(attack.body.ticketId as string);
    expect(attackTicket?.tags).toContain('sender_not_verified');
    // Retagging it keeps the flag: staff set their own tags, not intake's.
    const retagged = await fetch(`${runtime.url}/api/tickets/${attackTicket?.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisor}` },
      body: JSON.stringify({ tags: ['موعد الصرف'] }),
    });
    expect(retagged.status).toBe(200);
    expect((await runtime.deps.store.getTicket(attackTicket?.id as string))?.tags).toEqual([
      'sender_not_verified',
      'موعد الصرف',
    ]);
    const strangerContact = await runtime.deps.store.getContact(attackTicket?.contactId as string);
    expect(strangerContact?.possibleDuplicateOf).toEqual([theCase?.contactId]);

    // Searching the stranger's email lists the beneficiary's tickets, not the stranger's (once indexed).
    await runtime.settled();
    const found = await getJson(`${runtime.url}/api/tickets?q=victim%40example.sa`, supervisor);
    const ids = (found.body.tickets as Ticket[]).map((ticket) => ticket.id);
    expect(ids).toContain(theCase?.id);
    expect(ids).not.toContain(attack.body.ticketId);
  });
});

describe('one conversation per beneficiary', () => {
  it('a text from the applicant’s verified phone joins their open support case, whatever the channel', async () => {
    const phone = '0554440002';
    const walkIn = await postJson(`${runtime.url}/api/support-requests`, anApplication({ phone }), {
      authorization: `Bearer ${supervisor}`,
      'idempotency-key': 'case-join',
    });
    const theCase = await runtime.deps.store.findTicketByReference(walkIn.body.reference as string);

    await text('+966554440002', 'أرسلت صورة الهوية الآن', 'case-join-sms-1');

    const joined = await smsTicket('case-join-sms-1');
    expect(joined.id).toBe(theCase?.id);
    const thread = await runtime.deps.store.getTicketWithThread(joined.id);
    expect(thread?.messages.map((message) => message.text)).toContain('أرسلت صورة الهوية الآن');
  });

  it('a stranger’s form never joins a case: its phone is only claimed', async () => {
    const phone = '0554440003';
    const walkIn = await postJson(`${runtime.url}/api/support-requests`, anApplication({ phone }), {
      authorization: `Bearer ${supervisor}`,
      'idempotency-key': 'case-claim',
    });
    const theCase = await runtime.deps.store.findTicketByReference(walkIn.body.reference as string);
    const form = await postJson(`${runtime.url}/public/contact`, {
      name: 'غريب',
      phone,
      subject: 'مستندات',
      message: 'هذه مستنداتي',
    });
    expect(form.body.ticketId).not.toBe(theCase?.id);
  });
});

describe('flooding the contact form', () => {
  it('answers 429 with Retry-After past ten new forms an hour naming one phone, while retries are still answered', async () => {
    const form = (index: number) => ({
      name: 'غريب',
      phone: '0554440004',
      subject: 'طلب',
      message: `رسالة رقم ${index}`,
    });
    const first = await postJson(`${runtime.url}/public/contact`, form(0), { 'idempotency-key': 'flood-0' });
    for (let index = 1; index < 10; index++) {
      expect((await postJson(`${runtime.url}/public/contact`, form(index))).status).toBe(201);
    }
    const response = await fetch(`${runtime.url}/public/contact`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(form(10)),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    // The first form's retry is answered with its own ticket, limit or not.
    const retry = await postJson(`${runtime.url}/public/contact`, form(0), { 'idempotency-key': 'flood-0' });
    expect(retry).toMatchObject({
      status: 200,
      body: { outcome: 'duplicate', reference: first.body.reference },
    });
    // The phone's holder, writing from their own connection, is not locked out by someone else's flood.
    const holder = await postJsonFrom('127.0.8.1', `${runtime.url}/public/contact`, {
      ...form(11),
      name: 'صاحب الرقم',
    });
    expect(holder.status).toBe(201);
  });

  it('answers every copy of one form sent twenty times at once with its ticket, counted as one form', async () => {
    const form = { name: 'مستعجل', phone: '0554440005', subject: 'طلب', message: 'أرسلت مرات عدة' };
    const copies = await Promise.all(
      Array.from({ length: 20 }, () =>
        postJson(`${runtime.url}/public/contact`, form, { 'idempotency-key': 'impatient-1' }),
      ),
    );
    expect(copies.map((copy) => copy.status).sort()).toEqual([...Array(19).fill(200), 201]);
    expect(new Set(copies.map((copy) => copy.body.reference)).size).toBe(1);
    // The copies counted once: the sender's nine other forms this hour are all taken, the tenth refused.
    for (let index = 1; index <= 9; index++) {
      const next = await postJson(`${runtime.url}/public/contact`, { ...form, message: `رسالة ${index}` });
      expect(next.status).toBe(201);
    }
    expect((await postJson(`${runtime.url}/public/contact`, { ...form, message: 'الأخيرة' })).status).toBe(
      429,
    );
  });
});
