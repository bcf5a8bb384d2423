import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappWebhook } from '../../infra/local/provider-payloads.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { type ClockedRuntime, startClockedRuntime } from '../support/clocked-runtime.ts';
import { postMetaWebhook } from '../support/provider-stand-in.ts';
import { signIn } from '../support/runtime.ts';
import { applyOnTheForm, TINY_PNG } from '../support/support-request.ts';

let t: ClockedRuntime;
let runtime: LocalRuntime;
let committee: string;

const day = 86_400_000;
const start = new Date('2026-12-06T09:00:00+03:00').getTime();
const at = (days: number) => new Date(start + days * day);

beforeAll(async () => {
  t = await startClockedRuntime(at(0));
  runtime = t.runtime;
  committee = await signIn(runtime, 'committee@sanad.local');
});
afterAll(async () => {
  await runtime.close();
});

const textsTo = (phone: string) =>
  runtime.outbox
    .list('sms')
    .filter((entry) => entry.to === phone)
    .map((entry) => JSON.parse(entry.payload).text as string);

/** Reminder runs at the given day, as the schedule would make them. */
async function remindAt(days: number) {
  t.setNow(at(days));
  const result = await runtime.sendCaseReminders();
  await runtime.settled();
  return result;
}

async function returnedForDocuments(): Promise<{ id: string; phone: string }> {
  t.setNow(at(0));
  const applied = await applyOnTheForm(runtime);
  const returned = await t.send('POST', `/api/tickets/${applied.id}/case/record_verification`, t.agent, {
    checklist: {
      identityMatches: true,
      documentsPresent: false,
      dataConsistent: true,
      missing: 'إثبات الدخل',
    },
  });
  expect(returned.status, JSON.stringify(returned.body)).toBe(200);
  return applied;
}

const step = async (id: string, action: string, token: string, body: unknown = {}) => {
  const response = await t.send('POST', `/api/tickets/${id}/case/${action}`, token, body);
  expect(response.status, `${action}: ${JSON.stringify(response.body)}`).toBe(200);
  return response.body;
};

describe('scheduled reminders of support cases, on the injected clock', () => {
  it('reminds on days 3 and 7 about missing documents, each once, then closes the case as incomplete on day 10', async () => {
    const waiting = await returnedForDocuments();
    const answered = await returnedForDocuments();
    const asked = textsTo(waiting.phone).length;

    // The other applicant sends the documents on day 1 through the link in their text.
    t.setNow(at(1));
    const link = /https?:\/\/\S+\/public\/applications\/\S+/.exec(textsTo(answered.phone).at(-1) ?? '')?.[0];
    const upload = await fetch(`${runtime.url}${new URL(link ?? '').pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        documents: [
          {
            kind: 'income_proof',
            name: 'راتب.png',
            contentType: 'image/png',
            base64: TINY_PNG.toString('base64'),
          },
        ],
      }),
    });
    expect(upload.status).toBe(200);
    const answeredTexts = textsTo(answered.phone).length;

    await remindAt(2.9);
    expect(textsTo(waiting.phone)).toHaveLength(asked);

    // Two runs at once (a retry overlapping the schedule) still send one reminder.
    t.setNow(at(3.01));
    await Promise.all([runtime.sendCaseReminders(), runtime.sendCaseReminders()]);
    await runtime.settled();
    await remindAt(3.5);
    const first = textsTo(waiting.phone).slice(asked);
    expect(first).toHaveLength(1);
    expect(first[0]).toContain('إثبات الدخل');
    // The day the case closes, in Hijri with the Gregorian beside it (day 10 is 16 December 2026).
    expect(first[0]).toContain('الأربعاء ٧ رجب ١٤٤٨ هـ (١٦ ديسمبر ٢٠٢٦م)');
    // A fresh upload link (the first one lasts 7 days), which works.
    const fresh = /https?:\/\/\S+\/public\/applications\/\S+/.exec(first[0] ?? '')?.[0];
    const state = await fetch(`${runtime.url}${new URL(fresh ?? '').pathname}/state`);
    expect(((await state.json()) as { state: string }).state).toBe('open');

    await remindAt(6.9);
    expect(textsTo(waiting.phone).slice(asked)).toHaveLength(1);
    await remindAt(7.01);
    await remindAt(8);
    expect(textsTo(waiting.phone).slice(asked)).toHaveLength(2);

    const closing = await remindAt(10.01);
    expect(closing.casesClosed).toBe(1);
    const closed = await runtime.deps.store.getTicketWithThread(waiting.id);
    expect(closed?.ticket).toMatchObject({ status: 'closed', supportCase: { step: 'incomplete' } });
    expect(closed?.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'case_step', data: expect.objectContaining({ to: 'incomplete' }) }),
      ]),
    );
    const notices = textsTo(waiting.phone).slice(asked);
    expect(notices[2]).toContain('لعدم استكمال المستندات');
    const afterClosing = notices.length;

    await remindAt(11);
    await remindAt(30);
    expect(textsTo(waiting.phone).slice(asked)).toHaveLength(afterClosing);
    // The case that got its documents heard nothing more.
    expect(textsTo(answered.phone)).toHaveLength(answeredTexts);
    expect((await runtime.deps.store.getTicket(answered.id))?.supportCase?.step).toBe('intake');
  });

  it('counts a photo of the papers sent on WhatsApp as the documents: the case goes back to verification and is neither reminded nor closed', async () => {
    const sent = await returnedForDocuments();
    const asked = textsTo(sent.phone).length;
    const waId = sent.phone.slice(1);
    let seq = 0;
    const whatsapp = (message: Record<string, unknown>) => {
      seq += 1;
      const timestamp = String(Math.floor(runtime.deps.clock.now().getTime() / 1000));
      return postMetaWebhook(
        runtime,
        'whatsapp',
        whatsappWebhook({ waId, name: 'مقدمة الطلب' }, [
          { from: waId, id: `wamid.papers-${sent.id}-${seq}`, timestamp, ...message },
        ]),
      );
    };
    // Words alone and a voice note are no documents: the case still waits.
    t.setNow(at(1));
    expect((await whatsapp({ type: 'text', text: { body: 'سأرسل إثبات الدخل غداً' } })).status).toBe(200);
    const voice = { mime_type: 'audio/ogg; codecs=opus', sha256: 'h', id: 'media-voice-1', voice: true };
    expect((await whatsapp({ type: 'audio', audio: voice })).status).toBe(200);
    await runtime.settled();
    const waiting = await runtime.deps.store.getTicketWithThread(sent.id);
    expect(waiting?.messages.filter((message) => message.channel === 'whatsapp')).toHaveLength(2);
    expect(waiting?.ticket.supportCase?.step).toBe('returned_to_applicant');

    t.setNow(at(2));
    const image = { caption: 'إثبات الدخل', mime_type: 'image/jpeg', sha256: 'h', id: 'media-papers-1' };
    expect((await whatsapp({ type: 'image', image })).status).toBe(200);
    await runtime.settled();
    const back = await runtime.deps.store.getTicketWithThread(sent.id);
    expect(back?.ticket).toMatchObject({
      status: 'open',
      supportCase: { step: 'intake', documentsReceivedAt: expect.any(String) },
    });
    const photo = back?.messages.find((message) => message.text === 'إثبات الدخل');
    expect(photo?.attachments).toHaveLength(1);
    expect(back?.events.find((event) => event.type === 'documents_received')?.data).toEqual({
      count: 1,
      kinds: [],
      missing: 'إثبات الدخل',
      messageId: photo?.id,
      via: 'whatsapp',
    });
    expect(back?.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'case_step',
          data: expect.objectContaining({ action: 'submit_documents', to: 'intake' }),
        }),
      ]),
    );

    // The same delivery again changes nothing more.
    seq -= 1;
    expect((await whatsapp({ type: 'image', image })).status).toBe(200);
    await runtime.settled();
    const replayed = await runtime.deps.store.getTicketWithThread(sent.id);
    expect(replayed?.events.filter((event) => event.type === 'documents_received')).toHaveLength(1);

    await remindAt(3.5);
    await remindAt(7.5);
    const closing = await remindAt(10.5);
    expect(closing.casesClosed).toBe(0);
    expect((await runtime.deps.store.getTicket(sent.id))?.supportCase?.step).toBe('intake');
    expect(
      textsTo(sent.phone)
        .slice(asked)
        .filter((text) => text.startsWith('تذكير')),
    ).toEqual([]);
  });

  it('a run days late sends only the latest reminder due, and none once the case is due to close', async () => {
    const late = await returnedForDocuments();
    const asked = textsTo(late.phone).length;
    await remindAt(8);
    expect(textsTo(late.phone).slice(asked)).toHaveLength(1);
    const lateToClose = await returnedForDocuments();
    const askedToClose = textsTo(lateToClose.phone).length;
    await remindAt(12);
    // The closing notice alone (a closed ticket also gets the satisfaction survey, as every closed ticket does).
    const sent = textsTo(lateToClose.phone).slice(askedToClose);
    expect(sent.filter((text) => text.includes('لعدم استكمال المستندات'))).toHaveLength(1);
    expect(sent.filter((text) => text.startsWith('تذكير'))).toEqual([]);
  });

  it('follows up 14 days after the service and asks for renewal 30 days before the registration year ends', async () => {
    t.setNow(at(0));
    const { id, phone } = await applyOnTheForm(runtime);
    await step(id, 'record_verification', t.agent, {
      checklist: { identityMatches: true, documentsPresent: true, dataConsistent: true },
    });
    await step(id, 'send_to_committee', t.agent);
    t.setNow(at(5));
    await step(id, 'decide', committee, { outcome: 'approved', reason: 'مستحقة', service: 'ماكينة خياطة' });
    t.setNow(at(6));
    await step(id, 'register', t.agent, { household: { members: 6, monthlyIncome: 2500 } });
    t.setNow(at(9));
    await step(id, 'deliver_service', t.agent, { service: 'سُلّمت ماكينة خياطة' });
    await runtime.settled();
    const before = textsTo(phone).length;

    await remindAt(22.9);
    expect(textsTo(phone)).toHaveLength(before);
    await remindAt(23.01);
    await remindAt(24);
    const followUp = textsTo(phone).slice(before);
    expect(followUp).toHaveLength(1);
    expect(followUp[0]).toContain('سُلّمت ماكينة خياطة');
    // Delivered on 15 December 2026.
    expect(followUp[0]).toContain('(١٥ ديسمبر ٢٠٢٦م)');

    // Registered on 12 December 2026: valid to 12 December 2027, so the notice comes on 12 November 2027.
    const registered = new Date('2026-12-12T09:00:00+03:00').getTime();
    t.setNow(new Date(registered + 334 * day));
    await runtime.sendCaseReminders();
    expect(textsTo(phone).slice(before)).toHaveLength(1);
    t.setNow(new Date(registered + 335.01 * day));
    await runtime.sendCaseReminders();
    await runtime.sendCaseReminders();
    await runtime.settled();
    const renewal = textsTo(phone).slice(before);
    expect(renewal).toHaveLength(2);
    expect(renewal[1]).toContain('(١٢ ديسمبر ٢٠٢٧م)');
  });
});
