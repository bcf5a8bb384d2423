import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metaSignature, whatsappWebhook } from '../../infra/local/provider-payloads.ts';
import {
  LOCAL_META_APP_SECRET,
  LOCAL_TELEGRAM_SECRET,
  type LocalRuntime,
} from '../../infra/local/runtime.ts';
import type { Ticket } from '../../shared/domain/ticket.ts';
import { offerSurvey } from '../../shared/use-cases/satisfaction-survey.ts';
import { getJson, postJson, signIn, startTestRuntime } from '../support/runtime.ts';

const DAY = 86_400_000;
let runtime: LocalRuntime;
/** The runtime's clock runs with real time, shifted by this much (to let survey links expire). */
let clockOffset = 0;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  runtime = await startTestRuntime({ clock: { now: () => new Date(Date.now() + clockOffset) } });
  for (const who of ['supervisor', 'manager', 'researcher', 'committee'])
    tokens[who] = await signIn(runtime, `${who}@sanad.local`);
});
afterAll(async () => {
  await runtime.close();
});

let phoneSeq = 0;
/** A new beneficiary's phone, local and E.164. */
function aPhone() {
  phoneSeq += 1;
  const local = `0557${String(phoneSeq).padStart(6, '0')}`;
  return { local, e164: `+966${local.slice(1)}` };
}

let smsSeq = 0;
/** A received SMS as AWS End User Messaging publishes it (locally POST /local/sms). */
async function receiveSms(from: string, text: string, inboundMessageId = `survey-sms-${++smsSeq}`) {
  const result = await postJson(`${runtime.url}/local/sms`, {
    originationNumber: from,
    destinationNumber: '+966112345678',
    messageKeyword: 'KEYWORD_966112345678',
    messageBody: text,
    inboundMessageId,
  });
  expect(result.status).toBe(202);
  return inboundMessageId;
}

async function ticketFromSms(
  phone: string,
  text = 'السلام عليكم، متى تصرف السلة الغذائية؟',
): Promise<string> {
  const id = await receiveSms(phone, text);
  const guard = (await runtime.deps.store.lookupInbound('sms', id, [])).guard;
  if (!guard) throw new Error('the SMS made no ticket');
  return guard.outcome?.ticketId as string;
}

async function setStatus(ticketId: string, status: Ticket['status']) {
  const response = await fetch(`${runtime.url}/api/tickets/${ticketId}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.supervisor}` },
    body: JSON.stringify({ status }),
  });
  expect(response.status).toBe(200);
}

const smsTextsTo = (phone: string) =>
  runtime.outbox
    .list('sms')
    .filter((entry) => entry.to === phone)
    .map((entry) => String(JSON.parse(entry.payload).text));

const invitationsTo = (phone: string) =>
  smsTextsTo(phone).filter((text) => text.includes('/public/surveys/'));

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  for (let waited = 0; waited < 5000; waited += 25) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** Resolves the ticket and returns the link of the invitation that the survey sender sends for it. */
async function resolveAndGetLink(ticketId: string, phone: string): Promise<{ link: string; token: string }> {
  await setStatus(ticketId, 'resolved');
  const text = await waitFor(() => invitationsTo(phone).at(0), `the survey invitation to ${phone}`);
  const link = /(https?:\/\/\S+\/public\/surveys\/([A-Za-z0-9_-]{43}))/.exec(text);
  if (!link?.[1] || !link[2]) throw new Error(`no survey link in: ${text}`);
  return { link: link[1], token: link[2] };
}

const answer = (token: string, body: unknown) => postJson(`${runtime.url}/public/surveys/${token}`, body);
const state = (token: string) => getJson(`${runtime.url}/public/surveys/${token}/state`);
const threadOf = async (ticketId: string) => {
  const thread = await runtime.deps.store.getTicketWithThread(ticketId);
  if (!thread) throw new Error(`no ticket ${ticketId}`);
  return thread;
};

describe('the survey invitation on resolution', () => {
  it("sends one invitation on the beneficiary's channel, with a link to this server, recorded on the ticket", async () => {
    const phone = aPhone();
    const ticketId = await ticketFromSms(phone.e164);
    const { link } = await resolveAndGetLink(ticketId, phone.e164);

    expect(link.startsWith(`${runtime.url}/public/surveys/`)).toBe(true);
    const { ticket, messages, events } = await waitFor(async () => {
      const thread = await threadOf(ticketId);
      return thread.events.some((event) => event.type === 'survey_sent') ? thread : undefined;
    }, 'the survey_sent event');
    const invitation = messages.find((message) => message.text.includes(link));
    expect(invitation).toMatchObject({ direction: 'outbound', channel: 'sms', deliveryStatus: 'sent' });
    expect(invitation?.text).toContain(ticket.reference);
    expect(events.find((event) => event.type === 'survey_sent')?.data).toMatchObject({ channel: 'sms' });
    expect((await state(link.split('/').at(-1) ?? '')).body).toEqual({
      state: 'open',
      reference: ticket.reference,
    });
  });

  it('never sends a second: not when the ticket is closed after, nor reopened and resolved again', async () => {
    const phone = aPhone();
    const ticketId = await ticketFromSms(phone.e164);
    await resolveAndGetLink(ticketId, phone.e164);

    await setStatus(ticketId, 'closed');
    await setStatus(ticketId, 'open');
    await setStatus(ticketId, 'resolved');
    // A retried event (SNS delivers at least once) is the same as a repeated one.
    await runtime.bus.publish({ kind: 'updated', ticketId, reference: '', queueId: 'x', at: '' });
    const offer = await offerSurvey({ ...runtime.deps, publicSiteUrl: runtime.url }, ticketId);

    expect(offer).toBe('already_offered');
    expect(invitationsTo(phone.e164)).toHaveLength(1);
    expect((await threadOf(ticketId)).events.filter((event) => event.type === 'survey_sent')).toHaveLength(1);
  });

  it('is sent when a ticket is closed straight from work, and when a support case is rejected', async () => {
    const phone = aPhone();
    const closed = await ticketFromSms(phone.e164);
    await setStatus(closed, 'closed');
    await waitFor(() => invitationsTo(phone.e164).at(0), 'the invitation after closing');

    const applicant = aPhone();
    const created = await postJson(`${runtime.url}/public/contact`, {
      name: 'أم عبدالله',
      phone: applicant.local,
      subject: 'طلب دعم',
      message: 'أحتاج دعماً لسداد الإيجار',
      type: 'support_request',
    });
    const id = String(created.body.ticketId);
    const step = (action: string, body: unknown, who: string) =>
      postJson(`${runtime.url}/api/tickets/${id}/case/${action}`, body, {
        authorization: `Bearer ${tokens[who]}`,
      });
    const checklist = { identityMatches: true, documentsPresent: true, dataConsistent: true };
    expect((await step('record_verification', { checklist }, 'researcher')).status).toBe(200);
    expect((await step('send_to_committee', {}, 'researcher')).status).toBe(200);
    const decided = await step('decide', { outcome: 'rejected', reason: 'الدخل أعلى من الحد' }, 'committee');
    expect(decided.body.status).toBe('resolved');
    await waitFor(() => invitationsTo(applicant.e164).at(0), 'the invitation after the rejection');
  });

  it('is not sent where the beneficiary has no address, such as a walk-in without a phone', async () => {
    const logged = await postJson(
      `${runtime.url}/api/tickets`,
      {
        channel: 'walk_in',
        idempotencyKey: 'walk-in-survey-1',
        name: 'زائر',
        nationalId: '1000000008',
        text: 'استفسار عن مواعيد الدوام',
      },
      { authorization: `Bearer ${tokens.supervisor}` },
    );
    expect(logged.status).toBe(201);
    const ticketId = String(logged.body.ticketId);
    await setStatus(ticketId, 'resolved');

    expect(await offerSurvey({ ...runtime.deps, publicSiteUrl: runtime.url }, ticketId)).toBe('no_channel');
    expect((await threadOf(ticketId)).events.some((event) => event.type === 'survey_sent')).toBe(false);
  });
});

describe('answering through the link', () => {
  it('records the score and comment on the ticket once; a second answer is gone (410)', async () => {
    const phone = aPhone();
    const ticketId = await ticketFromSms(phone.e164);
    const { token } = await resolveAndGetLink(ticketId, phone.e164);

    const first = await answer(token, { score: 4, comment: '  تعامل راقٍ، والرد تأخر قليلاً  ' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ state: 'answered' });
    const { ticket, events } = await threadOf(ticketId);
    expect(ticket.satisfaction).toMatchObject({ score: 4, comment: 'تعامل راقٍ، والرد تأخر قليلاً' });
    expect(events.filter((event) => event.type === 'survey_answered')).toEqual([
      expect.objectContaining({ data: { score: 4, via: 'link', commented: true } }),
    ]);

    const again = await answer(token, { score: 1 });
    expect(again.status).toBe(410);
    expect(again.body).toMatchObject({
      error: 'survey_answered',
      messageAr: expect.stringContaining('مرة واحدة'),
    });
    expect((await threadOf(ticketId)).ticket.satisfaction?.score).toBe(4);
    expect((await state(token)).body).toMatchObject({ state: 'answered' });
  });

  it('refuses bad fields with the field named, and an unknown token with 404', async () => {
    const phone = aPhone();
    const ticketId = await ticketFromSms(phone.e164);
    const { token } = await resolveAndGetLink(ticketId, phone.e164);

    for (const body of [{}, { score: 0 }, { score: 6 }, { score: 2.5 }, { score: '5' }]) {
      const refused = await answer(token, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.fields).toEqual([
        expect.objectContaining({ field: 'score', messageAr: expect.any(String) }),
      ]);
    }
    const long = await answer(token, { score: 3, comment: 'ك'.repeat(1001) });
    expect(long.body.fields).toEqual([expect.objectContaining({ field: 'comment', code: 'too_long' })]);
    expect((await answer(token, { score: 3, extra: true })).status).toBe(400);
    expect((await state(token)).body.state).toBe('open');

    const unknown = 'A'.repeat(43);
    expect((await answer(unknown, { score: 5 })).status).toBe(404);
    expect((await state(unknown)).status).toBe(404);
    expect((await state('not-a-token')).status).toBe(404);
  });

  it('is gone (410) once the link has expired, 14 days after sending', async () => {
    const phone = aPhone();
    const ticketId = await ticketFromSms(phone.e164);
    const { token } = await resolveAndGetLink(ticketId, phone.e164);

    clockOffset = 14 * DAY + 60_000;
    try {
      expect((await state(token)).body).toMatchObject({ state: 'expired' });
      const late = await answer(token, { score: 5 });
      expect(late.status).toBe(410);
      expect(late.body).toMatchObject({
        error: 'survey_expired',
        messageAr: expect.stringContaining('انتهت'),
      });
      // A digit reply is no longer a rating either: it is an ordinary message.
      await receiveSms(phone.e164, '5');
    } finally {
      clockOffset = 0;
    }
    expect((await threadOf(ticketId)).ticket.satisfaction).toBeUndefined();
  });
});

describe('answering with a digit by SMS', () => {
  it('records the rating and thanks, making no ticket; the same SMS delivered again changes nothing', async () => {
    const phone = aPhone();
    const ticketId = await ticketFromSms(phone.e164);
    await resolveAndGetLink(ticketId, phone.e164);
    const contactId = (await threadOf(ticketId)).ticket.contactId;
    const ticketsBefore = await runtime.deps.store.listContactTickets(contactId);

    const replyId = await receiveSms(phone.e164, ' ٥ ');
    await Promise.all([receiveSms(phone.e164, ' ٥ ', replyId), receiveSms(phone.e164, ' ٥ ', replyId)]);

    const { ticket, events, messages } = await threadOf(ticketId);
    expect(ticket.satisfaction).toMatchObject({ score: 5 });
    expect(ticket.status).toBe('resolved');
    expect(events.filter((event) => event.type === 'survey_answered')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ score: 5, via: 'sms' }) }),
    ]);
    expect(messages.filter((message) => message.direction === 'inbound')).toHaveLength(1);
    expect(await runtime.deps.store.listContactTickets(contactId)).toHaveLength(ticketsBefore.length);
    expect((await runtime.deps.store.lookupInbound('sms', replyId, [])).guard).toBeUndefined();
    const thanks = smsTextsTo(phone.e164).filter((text) => text.startsWith('شكراً لكم، وصلنا تقييمكم'));
    expect(thanks).toEqual([expect.stringContaining(ticket.reference)]);
  });

  it('leaves any other text, or a digit with no open survey, to the intake as before', async () => {
    const phone = aPhone();
    const ticketId = await ticketFromSms(phone.e164);
    await resolveAndGetLink(ticketId, phone.e164);

    const sentence = await receiveSms(phone.e164, '5 أطفال');
    const guard = (await runtime.deps.store.lookupInbound('sms', sentence, [])).guard;
    expect(guard?.outcome?.ticketId).toBeDefined();
    expect(guard?.outcome?.ticketId).not.toBe(ticketId);
    expect((await threadOf(ticketId)).ticket.satisfaction).toBeUndefined();

    // The sentence opened a conversation: a digit now answers that, not the survey.
    const digitInConversation = await receiveSms(phone.e164, '3');
    expect(
      (await runtime.deps.store.lookupInbound('sms', digitInConversation, [])).guard?.outcome?.ticketId,
    ).toBe(guard?.outcome?.ticketId);
    expect((await threadOf(ticketId)).ticket.satisfaction).toBeUndefined();

    const stranger = aPhone();
    const digit = await receiveSms(stranger.e164, '4');
    expect((await runtime.deps.store.lookupInbound('sms', digit, [])).guard).toBeDefined();
  });
});

describe('answering with a digit on Telegram', () => {
  const telegram = (update: unknown) =>
    postJson(`${runtime.url}/webhooks/telegram`, update, {
      'x-telegram-bot-api-secret-token': LOCAL_TELEGRAM_SECRET,
    });
  const update = (updateId: number, text: string) => ({
    update_id: updateId,
    message: {
      message_id: updateId,
      from: { id: 700998877, is_bot: false, first_name: 'هيا' },
      chat: { id: 700998877, first_name: 'هيا', type: 'private' },
      date: Math.floor(Date.now() / 1000),
      text,
    },
  });
  const sentToChat = () =>
    runtime.outbox
      .list('telegram')
      .map((entry) => JSON.parse(entry.payload) as { chat_id: string; text: string })
      .filter((request) => request.chat_id === '700998877');

  it('invites on Telegram, and a ٣ replied there answers the survey once and is thanked there', async () => {
    const created = await telegram(update(9100, 'مرحباً، أريد الاستفسار عن الدورات'));
    const ticketId = String(created.body.ticketId);
    await setStatus(ticketId, 'resolved');
    await waitFor(
      () => sentToChat().find((request) => request.text.includes('/public/surveys/')),
      'the invitation on Telegram',
    );

    const answered = await telegram(update(9101, '٣'));
    const again = await telegram(update(9101, '٣'));

    expect(answered.body).toEqual({ outcome: 'survey_answered', ticketId });
    expect(again.body).toEqual({ outcome: 'survey_duplicate', ticketId });
    expect((await threadOf(ticketId)).ticket.satisfaction).toMatchObject({ score: 3 });
    expect(sentToChat().filter((request) => request.text.startsWith('شكراً لكم، وصلنا تقييمكم'))).toHaveLength(
      1,
    );
  });
});

describe('the survey on WhatsApp', () => {
  const whatsapp = async (from: string, id: string, text: string, sentAt: Date) => {
    const body = JSON.stringify(
      whatsappWebhook({ waId: from, name: 'نوف' }, [
        {
          from,
          id,
          timestamp: String(Math.floor(sentAt.getTime() / 1000)),
          type: 'text',
          text: { body: text },
        },
      ]),
    );
    return postJson(`${runtime.url}/webhooks/whatsapp`, body, metaSignature(body, LOCAL_META_APP_SECRET));
  };
  const requestsTo = (phone: string) =>
    runtime.outbox
      .list('whatsapp')
      .filter((entry) => entry.to === `+${phone}`)
      .map((entry) => JSON.parse(entry.payload) as Record<string, unknown>);

  it('invites in free text inside the 24-hour window, and a ٢ replied on WhatsApp answers it', async () => {
    await whatsapp('966551239001', 'wamid.survey-1', 'السلام عليكم، متى يبدأ التسجيل؟', new Date());
    const ticketId =
      (await runtime.deps.store.lookupInbound('whatsapp', 'wamid.survey-1', [])).guard?.outcome?.ticketId ??
      '';
    await setStatus(ticketId, 'resolved');
    const invitation = await waitFor(() => requestsTo('966551239001').at(0), 'the WhatsApp invitation');
    expect(invitation).toMatchObject({
      type: 'text',
      text: { body: expect.stringContaining('/public/surveys/') },
    });

    const reply = await whatsapp('966551239001', 'wamid.survey-2', '٢', new Date());
    expect(reply.body.outcomes).toEqual(['survey_answered']);
    expect((await threadOf(ticketId)).ticket.satisfaction).toMatchObject({ score: 2 });
  });

  it('invites through the approved template once the 24-hour window has closed', async () => {
    await whatsapp(
      '966551239002',
      'wamid.survey-3',
      'أحتاج معلومات عن برنامج الأسر المنتجة',
      new Date(Date.now() - 2 * DAY),
    );
    const ticketId =
      (await runtime.deps.store.lookupInbound('whatsapp', 'wamid.survey-3', [])).guard?.outcome?.ticketId ??
      '';
    await setStatus(ticketId, 'resolved');
    const invitation = await waitFor(() => requestsTo('966551239002').at(0), 'the WhatsApp template');
    const { reference } = (await threadOf(ticketId)).ticket;
    expect(invitation).toMatchObject({
      type: 'template',
      template: {
        name: 'survey_invitation',
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: reference },
              { type: 'text', text: expect.stringMatching(/\/public\/surveys\/[A-Za-z0-9_-]{43}$/) },
            ],
          },
        ],
      },
    });
  });
});

describe('results in the reports', () => {
  it('counts the answer in the overview: count and average of the day', async () => {
    await runtime.stream.settled();
    const before = await getJson(`${runtime.url}/api/reports/overview`, tokens.manager);
    const { count: count0, average: average0 } = before.body.satisfaction as {
      count: number;
      average?: number;
    };
    const phone = aPhone();
    const ticketId = await ticketFromSms(phone.e164);
    const { token } = await resolveAndGetLink(ticketId, phone.e164);

    expect((await answer(token, { score: 2 })).status).toBe(200);
    await runtime.stream.settled();
    const after = await getJson(`${runtime.url}/api/reports/overview`, tokens.manager);

    expect(after.status).toBe(200);
    const expectedAverage = ((average0 ?? 0) * count0 + 2) / (count0 + 1);
    expect(after.body.satisfaction).toMatchObject({ count: count0 + 1 });
    expect((after.body.satisfaction as { average: number }).average).toBeCloseTo(expectedAverage, 6);
  });
});
