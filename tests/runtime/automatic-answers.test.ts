import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_META_APP_SECRET } from '../../infra/local/local-secrets.ts';
import { whatsappWebhook } from '../../infra/local/provider-payloads.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import {
  ANSWER_CHOICE_TEXT,
  ANSWER_CHOICE_TEXT_EN,
  HANDOFF_TEXT_EN,
} from '../../shared/domain/knowledge-base.ts';
import { followWithAutomaticAnswer } from '../../shared/use-cases/automatic-answers.ts';
import { callOrder } from '../support/call-order.ts';
import { getJson, signIn, startTestRuntime } from '../support/runtime.ts';

let runtime: LocalRuntime;
let supervisor: string;
let agent: string;
let admin: string;
let messageSeq = 0;

beforeAll(async () => {
  runtime = await startTestRuntime();
  [supervisor, agent, admin] = await Promise.all([
    signIn(runtime, 'supervisor@sanad.local'),
    signIn(runtime, 'agent@sanad.local'),
    signIn(runtime, 'admin@sanad.local'),
  ]);
});
afterAll(async () => {
  await runtime.close();
});

async function send(method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A text message as Meta's WhatsApp Cloud API delivers it, signed with the app secret. */
async function whatsapp(from: string, text: string): Promise<string> {
  messageSeq += 1;
  const id = `wamid.answers-${messageSeq}-${Date.now()}`;
  const body = JSON.stringify(
    whatsappWebhook({ waId: from, name: 'أم فهد' }, [
      { from, id, timestamp: String(Math.floor(Date.now() / 1000)), text: { body: text }, type: 'text' },
    ]),
  );
  const response = await fetch(`${runtime.url}/webhooks/whatsapp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': `sha256=${createHmac('sha256', LOCAL_META_APP_SECRET).update(body).digest('hex')}`,
    },
    body,
  });
  expect(response.status).toBe(200);
  return id;
}

async function ticketOf(from: string, messageId: string) {
  const lookup = await runtime.deps.store.lookupInbound('whatsapp', messageId, [
    { kind: 'phone', value: `+${from}` },
  ]);
  const ticket = await runtime.deps.store.getTicket(lookup.guard?.outcome?.ticketId as string);
  if (!ticket) throw new Error('no ticket');
  return ticket;
}

/** The texts sent on WhatsApp to a number, oldest first. */
const textsTo = (from: string) =>
  runtime.outbox
    .list('whatsapp')
    .filter((entry) => entry.to === `+${from}` || entry.to === from)
    .map((entry) => JSON.parse(entry.payload).text?.body ?? JSON.parse(entry.payload).text ?? '');

const registration = {
  question: 'متى يبدأ التسجيل في برنامج السلة الغذائية؟',
  answer: 'يبدأ التسجيل في برنامج السلة الغذائية أول كل شهر هجري عبر نموذج طلب الدعم في موقع الجمعية.',
  keywords: ['التسجيل', 'السلة الغذائية'],
  synonyms: ['سلة رمضان', 'موعد التسجيل'],
};
const papers = {
  question: 'ما الأوراق المطلوبة لطلب الدعم؟',
  answer: 'صورة الهوية الوطنية، وصك الإعالة أو سجل الأسرة، وآخر تعريف بالراتب إن وجد.',
  keywords: ['الأوراق', 'المستندات'],
  synonyms: ['الوثائق', 'المطلوب'],
};

describe('the knowledge base', () => {
  let registrationId = '';

  it('is written by supervisors and admins, read by every staff member, refused to agents with 403', async () => {
    expect((await send('POST', '/api/answers', agent, registration)).status).toBe(403);
    const created = await send('POST', '/api/answers', supervisor, registration);
    expect(created.status).toBe(201);
    registrationId = created.body.id as string;
    expect((await send('POST', '/api/answers', admin, papers)).status).toBe(201);
    const bad = await send('POST', '/api/answers', supervisor, { question: 'x', answer: '' });
    expect(bad.status).toBe(400);

    const listed = await getJson(`${runtime.url}/api/answers`, agent);
    expect(listed.status).toBe(200);
    expect((listed.body.answers as { question: string }[]).map((answer) => answer.question)).toEqual(
      expect.arrayContaining([registration.question, papers.question]),
    );
    expect((await send('PUT', `/api/answers/${registrationId}`, agent, registration)).status).toBe(403);
    expect((await send('DELETE', `/api/answers/${registrationId}`, agent)).status).toBe(403);
    expect((await send('PUT', '/api/answers/nope', supervisor, registration)).status).toBe(404);
  });

  it('answers a WhatsApp question it covers with the answer and the choice; "2" leaves the ticket for a person', async () => {
    const from = '966551240001';
    const asked = await whatsapp(from, 'السلام عليكم متى يفتح التسجيل في السله الغذائيه؟');
    const [sent] = textsTo(from);
    expect(sent).toContain(registration.answer);
    expect(sent).toContain(ANSWER_CHOICE_TEXT);
    const offered = await ticketOf(from, asked);
    expect(offered.automaticAnswer).toMatchObject({ answerId: registrationId });
    expect(offered.sla).toBeDefined();

    const reply = await whatsapp(from, '2');
    const after = await ticketOf(from, reply);
    expect(after.id).toBe(offered.id);
    expect(after.automaticAnswer?.choice).toBe('wants_person');
    expect(after.status).not.toMatch(/resolved|closed/);
    expect(after.queueId).toBe(offered.queueId);
    // The first-response clock still runs: the automatic answer is not a person's response.
    expect(after.sla?.clocks.firstResponse).toEqual(offered.sla?.clocks.firstResponse);
    expect(after.sla?.clocks.firstResponse?.dueAt).toEqual(expect.any(String));
    expect(textsTo(from).at(-1)).toContain('سيطّلع أحد موظفينا');
  });

  it('resolves the ticket when the beneficiary says "١" (it answered them)', async () => {
    const from = '966551240002';
    const asked = await whatsapp(from, 'وش الأوراق المطلوبة للتقديم؟ والمستندات');
    expect(textsTo(from)[0]).toContain(papers.answer);
    const reply = await whatsapp(from, '١');
    const after = await ticketOf(from, reply);
    expect(after.id).toBe((await ticketOf(from, asked)).id);
    expect(after).toMatchObject({ status: 'resolved', automaticAnswer: { choice: 'answered' } });
  });

  it('reads the new ticket and the answers together, in one round trip', async () => {
    const from = '966501230099';
    const ticket = await ticketOf(from, await whatsapp(from, 'سؤال لا يخص أي جواب'));
    const { steps, noted } = callOrder();
    const store = Object.create(runtime.deps.store) as typeof runtime.deps.store;
    store.getTicket = (id) => noted('ticket', () => runtime.deps.store.getTicket(id))();
    const answers = Object.create(runtime.deps.answers) as typeof runtime.deps.answers;
    answers.listAnswers = noted('answers', () => runtime.deps.answers.listAnswers());
    await followWithAutomaticAnswer(
      { ...runtime.deps, store, answers },
      {
        channel: 'whatsapp',
        providerMessageId: 'wamid.read-together',
        identities: [{ kind: 'phone', value: `+${from}`, assurance: 'verified' }],
        text: 'سؤال لا يخص أي جواب',
        attachments: [],
        receivedAt: new Date().toISOString(),
      },
      {
        outcome: 'created',
        ticketId: ticket.id,
        messageId: 'm',
        reference: ticket.reference,
        contactId: ticket.contactId,
      },
    );
    expect(steps.slice(0, 2).sort()).toEqual(['answers started', 'ticket started']);
  });

  it('sends none of its answers to a question it does not cover', async () => {
    const from = '966551240003';
    const asked = await whatsapp(from, 'كم عدد فروع الجمعية في الرياض وما أوقات الدوام؟');
    const texts = textsTo(from);
    for (const text of texts) {
      expect(text).not.toContain(registration.answer);
      expect(text).not.toContain(papers.answer);
      expect(text).not.toContain(ANSWER_CHOICE_TEXT);
    }
    expect((await ticketOf(from, asked)).automaticAnswer).toBeUndefined();
    // A bare "1" there is just a message: nothing was offered.
    const reply = await whatsapp(from, '1');
    expect((await ticketOf(from, reply)).status).not.toBe('resolved');
  });

  it('answers in English, with the English choice, a beneficiary who writes in English when the answer has an English text', async () => {
    const hours = {
      question: 'ما أوقات الدوام في الجمعية؟',
      answer: 'من الأحد إلى الخميس، من 8 صباحاً حتى 3 عصراً.',
      questionEn: 'What are the society’s working hours?',
      answerEn: 'Sunday to Thursday, from 8 am to 3 pm.',
      keywords: ['الدوام'],
      synonyms: [],
    };
    expect((await send('POST', '/api/answers', supervisor, hours)).status).toBe(201);
    const from = '966551240004';
    const asked = await whatsapp(from, 'Hello, what are the working hours of the society?');
    const [sent] = textsTo(from);
    expect(sent).toBe(`${hours.answerEn}\n\n${ANSWER_CHOICE_TEXT_EN}`);
    expect((await ticketOf(from, asked)).automaticAnswer).toMatchObject({ language: 'en' });
    await whatsapp(from, '2');
    expect(textsTo(from).at(-1)).toBe(HANDOFF_TEXT_EN);

    // The same question in Arabic gets the Arabic answer.
    const arabic = '966551240005';
    await whatsapp(arabic, 'ما هي أوقات الدوام في الجمعية؟');
    expect(textsTo(arabic)[0]).toBe(`${hours.answer}\n\n${ANSWER_CHOICE_TEXT}`);
  });

  it('answers in Arabic a question written in English when the answer has no English text', async () => {
    const donations = {
      question: 'ما رقم حساب التبرعات؟',
      answer: 'حساب التبرعات في مصرف الراجحي، ويظهر رقمه في موقع الجمعية.',
      keywords: ['donation', 'account', 'حساب التبرعات'],
      synonyms: [],
    };
    expect((await send('POST', '/api/answers', supervisor, donations)).status).toBe(201);
    const from = '966551240006';
    const asked = await whatsapp(from, 'What is the donation account number please?');
    expect(textsTo(from)[0]).toBe(`${donations.answer}\n\n${ANSWER_CHOICE_TEXT}`);
    expect((await ticketOf(from, asked)).automaticAnswer?.language).toBeUndefined();
  });

  it('links the society’s documents in the automatic answer, each on a line of its own, once they are uploaded', async () => {
    const bylaws = {
      question: 'أين أجد اللائحة الأساسية للجمعية؟',
      answer: 'تجدون اللائحة الأساسية في الرابط التالي:',
      keywords: ['اللائحة', 'الأساسية'],
      synonyms: [],
      documents: ['bylaws', 'support-request-form'],
    };
    const early = await send('POST', '/api/answers', supervisor, bylaws);
    expect(early.status).toBe(400);
    expect(early.body.fields).toEqual([
      expect.objectContaining({ field: 'documents', code: 'document_not_uploaded' }),
    ]);
    const unknown = await send('POST', '/api/answers', supervisor, { ...bylaws, documents: ['../secret'] });
    expect(unknown.status).toBe(400);

    for (const slug of bylaws.documents) {
      const uploaded = await send('PUT', `/api/documents/${slug}`, supervisor, {
        base64: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'),
      });
      expect(uploaded.status).toBe(200);
    }
    expect((await send('POST', '/api/answers', supervisor, bylaws)).status).toBe(201);

    const from = '966551240007';
    await whatsapp(from, 'ابغى اللائحة الأساسية للجمعية');
    expect(textsTo(from)[0]?.split('\n')).toEqual([
      bylaws.answer,
      `${runtime.url}/public/documents/bylaws`,
      `${runtime.url}/public/documents/support-request-form`,
      '',
      ANSWER_CHOICE_TEXT,
    ]);
    const response = await fetch(`${runtime.url}/public/answers?q=${encodeURIComponent('اللائحة')}`);
    const faq = (await response.json()) as { answers: { question: string; documents?: string[] }[] };
    expect(faq.answers.find((answer) => answer.question === bylaws.question)?.documents).toEqual(
      bylaws.documents,
    );
  });

  it('shows staff which answers helped', async () => {
    const listed = await getJson(`${runtime.url}/api/answers`, agent);
    const uses = Object.fromEntries(
      (listed.body.answers as { question: string; use: unknown }[]).map((answer) => [
        answer.question,
        answer.use,
      ]),
    );
    expect(uses[registration.question]).toEqual({ offered: 1, answered: 0, wantsPerson: 1 });
    expect(uses[papers.question]).toEqual({ offered: 1, answered: 1, wantsPerson: 0 });
  });

  it('serves a public FAQ searched with Arabic folding, without the keywords', async () => {
    const response = await fetch(`${runtime.url}/public/answers?q=${encodeURIComponent('الاوراق')}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { answers: Record<string, unknown>[] };
    expect(body.answers[0]).toEqual({
      id: expect.any(String),
      question: papers.question,
      answer: papers.answer,
    });
  });

  it('lets an admin delete an answer', async () => {
    expect((await send('DELETE', `/api/answers/${registrationId}`, admin)).status).toBe(200);
    const listed = await getJson(`${runtime.url}/api/answers`, agent);
    expect((listed.body.answers as { id: string }[]).some((answer) => answer.id === registrationId)).toBe(
      false,
    );
  });
});
