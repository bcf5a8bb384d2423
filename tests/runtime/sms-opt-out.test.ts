import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_TELEGRAM_SECRET } from '../../infra/local/local-secrets.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { getJson, postJson, signIn, startTestRuntime } from '../support/runtime.ts';
import { anApplication } from '../support/support-request.ts';

// HTTP against the local runtime (received SMS by POST /local/sms, what was texted by GET /local/outbox), and
// settled() before reading what background work (search indexing, the survey) writes.
let runtime: LocalRuntime;
let token: string;
beforeAll(async () => {
  runtime = await startTestRuntime();
  token = await signIn(runtime, 'supervisor@sanad.local');
});
afterAll(async () => {
  await runtime.close();
});

const auth = () => ({ authorization: `Bearer ${token}` });
let smsSeq = 0;

async function receiveSms(from: string, text: string) {
  const result = await postJson(`${runtime.url}/local/sms`, {
    originationNumber: from,
    destinationNumber: '+966112345678',
    messageKeyword: 'KEYWORD_966112345678',
    messageBody: text,
    inboundMessageId: `opt-out-sms-${++smsSeq}`,
  });
  expect(result.status).toBe(202);
}

async function ticketsOf(phone: string): Promise<{ id: string; status: string }[]> {
  const found = await getJson(`${runtime.url}/api/tickets?q=${encodeURIComponent(phone)}`, token);
  expect(found.status).toBe(200);
  return found.body.tickets as { id: string; status: string }[];
}

interface Thread {
  ticket: { contactId: string };
  messages: { direction: string; text: string; deliveryStatus?: string }[];
  events: { type: string; data: Record<string, unknown> }[];
}
async function threadOf(ticketId: string): Promise<Thread> {
  const thread = await getJson(`${runtime.url}/api/tickets/${ticketId}`, token);
  expect(thread.status).toBe(200);
  return thread.body as unknown as Thread;
}

async function textsTo(phone: string): Promise<string[]> {
  const outbox = await getJson(`${runtime.url}/local/outbox?channel=sms`, token);
  expect(outbox.status).toBe(200);
  return (outbox.body.entries as { to: string; payload: string }[])
    .filter((entry) => entry.to === phone)
    .map((entry) => String(JSON.parse(entry.payload).text));
}

const reply = (ticketId: string, text: string) =>
  postJson(`${runtime.url}/api/tickets/${ticketId}/messages`, { kind: 'reply', text }, auth());

async function setStatus(ticketId: string, status: string): Promise<void> {
  const response = await fetch(`${runtime.url}/api/tickets/${ticketId}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', ...auth() },
    body: JSON.stringify({ status }),
  });
  expect(response.status).toBe(200);
}

describe('SMS opt-out (إيقاف / STOP, then START)', () => {
  it('after إيقاف nothing more is texted to the number and the word opens no ticket; after START replies work again', async () => {
    const phone = '+966551230001';
    await receiveSms(phone, 'السلام عليكم، متى تصرف السلة الغذائية؟');
    await runtime.settled();
    const opened = await ticketsOf(phone);
    expect(opened).toHaveLength(1);
    const [ticket] = opened;
    if (!ticket) throw new Error('no ticket');
    expect((await reply(ticket.id, 'نعم، يوم الأحد')).status).toBe(201);
    expect(await textsTo(phone)).toEqual(['نعم، يوم الأحد']);

    await receiveSms(phone, ' إِيقاف ');
    // The word is noted on the open ticket, shown on the contact, and opens nothing.
    await runtime.settled();
    const noted = await threadOf(ticket.id);
    expect(noted.events.map((event) => event.type)).toContain('sms_opted_out');
    expect(noted.messages.filter((message) => message.direction === 'inbound')).toHaveLength(1);
    expect((await ticketsOf(phone)).map((found) => found.id)).toEqual([ticket.id]);
    const contact = await getJson(`${runtime.url}/api/contacts/${noted.ticket.contactId}`, token);
    expect(JSON.stringify(contact.body)).toContain('smsOptedOut');

    // A staff reply by SMS is refused with the reason, in Arabic and English; nothing is texted.
    const refused = await reply(ticket.id, 'هل ما زلتم بحاجة إلى المساعدة؟');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'sms_opted_out' });
    expect(String(refused.body.messageAr)).toContain('إيقاف');
    expect(String(refused.body.messageEn)).toContain('STOP');

    // The survey on resolution is skipped, and the ticket says why.
    await setStatus(ticket.id, 'resolved');
    await runtime.settled();
    const skipped = (await threadOf(ticket.id)).events.filter(
      (event) => event.type === 'automatic_message_skipped',
    );
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.data).toMatchObject({ kind: 'survey', channel: 'sms', reason: 'opted_out' });
    expect(await textsTo(phone)).toEqual(['نعم، يوم الأحد']);

    // START: replies go out again; the word made no ticket either.
    await setStatus(ticket.id, 'open');
    await receiveSms(phone, 'START');
    const again = await reply(ticket.id, 'عدنا للتواصل معكم');
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ channel: 'sms', deliveryStatus: 'sent' });
    expect(await textsTo(phone)).toEqual(['نعم، يوم الأحد', 'عدنا للتواصل معكم']);
    await runtime.settled();
    expect((await ticketsOf(phone)).map((found) => found.id)).toEqual([ticket.id]);
    const events = (await threadOf(ticket.id)).events.map((event) => event.type);
    expect(events).toContain('sms_opted_in');
  });

  it('holds for a number that texted STOP before it belonged to anyone: the acknowledgement and the phone code are skipped', async () => {
    const local = '0551239901';
    const phone = '+966551239901';
    await receiveSms(phone, 'STOP');
    await runtime.settled();
    expect(await ticketsOf(phone)).toEqual([]);

    const submitted = await postJson(
      `${runtime.url}/public/support-requests`,
      anApplication({ phone: local }),
    );
    expect(submitted.status).toBe(201);
    await runtime.settled();
    const [ticket] = await ticketsOf(String(submitted.body.reference));
    if (!ticket) throw new Error('no ticket for the application');
    const ticketId = ticket.id;
    // The phone's confirmation code follows the status page's rule: asked for or not, a number that texted STOP gets
    // no text, and the ticket says why, for the code, each resend and the status code.
    const resent = await postJson(
      `${runtime.url}/public/support-requests/${submitted.body.reference}/confirm-phone/code`,
      { phone: local },
    );
    expect(resent.status).toBe(202);
    const statusCode = await postJson(`${runtime.url}/public/status/code`, {
      reference: submitted.body.reference,
      phone: local,
    });
    expect(statusCode.status).toBe(202);
    const skipped = (await threadOf(ticketId)).events.filter(
      (event) => event.type === 'automatic_message_skipped',
    );
    expect(skipped.map((event) => event.data)).toEqual(
      expect.arrayContaining(
        ['acknowledgement', 'phone_confirmation_code', 'phone_confirmation_code', 'status_code'].map((kind) =>
          expect.objectContaining({ kind, channel: 'sms', reason: 'opted_out' }),
        ),
      ),
    );
    expect(skipped).toHaveLength(4);
    expect(await textsTo(phone)).toEqual([]);
  });
});

describe('Telegram: the beneficiary blocks the bot, then unblocks it', () => {
  const chat = 700440011;
  const bot = { id: 5550001, is_bot: true, first_name: 'جمعية', username: 'sanad_society_bot' };
  const person = { id: chat, is_bot: false, first_name: 'نورة', language_code: 'ar' };
  let updateId = 9_100_000;
  const telegram = (update: Record<string, unknown>) =>
    postJson(
      `${runtime.url}/webhooks/telegram`,
      { update_id: ++updateId, ...update },
      { 'x-telegram-bot-api-secret-token': LOCAL_TELEGRAM_SECRET },
    );
  // ChatMemberUpdated as the Bot API sends it (https://core.telegram.org/bots/api#chatmemberupdated).
  const standing = (status: 'kicked' | 'member', date: number, type = 'private') => ({
    my_chat_member: {
      chat: { id: type === 'private' ? chat : -100200300, first_name: 'نورة', type },
      from: person,
      date,
      old_chat_member: { user: bot, status: status === 'kicked' ? 'member' : 'kicked' },
      new_chat_member: { user: bot, status, ...(status === 'kicked' && { until_date: 0 }) },
    },
  });
  const sentTo = () => runtime.outbox.list('telegram').filter((entry) => entry.to === String(chat)).length;

  it('refuses replies and skips automatic messages while blocked, says so on the ticket and the contact, and opens no ticket', async () => {
    const opened = await telegram({
      message: {
        message_id: 41,
        from: person,
        chat: { id: chat, first_name: 'نورة', type: 'private' },
        date: 1795600000,
        text: 'متى يبدأ التسجيل في دورة الخياطة؟',
      },
    });
    expect(opened.status).toBe(200);
    const ticketId = String(opened.body.ticketId);
    expect((await reply(ticketId, 'يبدأ الأحد القادم')).status).toBe(201);
    expect(sentTo()).toBe(1);

    const blocked = await telegram(standing('kicked', 1795600100));
    expect(blocked.status).toBe(200);
    expect(blocked.body).toMatchObject({ outcome: 'opted_out', ticketId });
    // Telegram redelivers: the same standing again is not noted twice; an older unblock does not undo it.
    await telegram(standing('kicked', 1795600100));
    await telegram(standing('member', 1795600050));
    await runtime.settled();
    const noted = await threadOf(ticketId);
    expect(noted.events.filter((event) => event.type === 'telegram_blocked')).toHaveLength(1);
    expect(noted.events.some((event) => event.type === 'telegram_unblocked')).toBe(false);
    expect(noted.messages.filter((message) => message.direction === 'inbound')).toHaveLength(1);
    const contact = await getJson(`${runtime.url}/api/contacts/${noted.ticket.contactId}`, token);
    expect(contact.body.contact).toMatchObject({ telegramBlocked: [{ chat: String(chat) }] });

    const refused = await reply(ticketId, 'هل ما زلتِ مهتمة بالدورة؟');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'telegram_blocked' });
    expect(String(refused.body.messageAr)).toContain('حظر');

    await setStatus(ticketId, 'resolved');
    await runtime.settled();
    const skipped = (await threadOf(ticketId)).events.filter(
      (event) => event.type === 'automatic_message_skipped',
    );
    expect(skipped.map((event) => event.data)).toEqual([
      expect.objectContaining({ kind: 'survey', channel: 'telegram', reason: 'blocked' }),
    ]);
    expect(sentTo()).toBe(1);

    // Unblocked: replies reach them again, and the ticket says when.
    await setStatus(ticketId, 'open');
    expect((await telegram(standing('member', 1795600200))).body).toMatchObject({ outcome: 'opted_in' });
    const again = await reply(ticketId, 'أهلاً بعودتك، التسجيل مفتوح');
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ channel: 'telegram', deliveryStatus: 'sent' });
    expect(sentTo()).toBe(2);
    await runtime.settled();
    const after = await threadOf(ticketId);
    expect(after.events.filter((event) => event.type === 'telegram_unblocked')).toHaveLength(1);
    const unlisted = await getJson(`${runtime.url}/api/contacts/${after.ticket.contactId}`, token);
    expect(unlisted.body.contact).not.toHaveProperty('telegramBlocked');
  });

  it('ignores the bot being added to or removed from a group', async () => {
    const group = await telegram(standing('kicked', 1795600300, 'supergroup'));
    expect(group.status).toBe(200);
    expect(group.body).toMatchObject({ outcome: 'ignored' });
  });
});
