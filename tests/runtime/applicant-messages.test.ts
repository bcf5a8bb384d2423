import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { postJson, signIn, startTestRuntime } from '../support/runtime.ts';
import { applyOnTheForm } from '../support/support-request.ts';

let runtime: LocalRuntime;
let agent: string;
beforeAll(async () => {
  runtime = await startTestRuntime();
  agent = await signIn(runtime, 'agent@sanad.local');
});
afterAll(async () => {
  await runtime.close();
});

let smsSeq = 0;
async function smsFrom(phone: string, text: string) {
  smsSeq += 1;
  const id = `applicant-sms-${smsSeq}`;
  const received = await postJson(`${runtime.url}/local/sms`, {
    originationNumber: phone,
    destinationNumber: '+966112345678',
    messageKeyword: 'KEYWORD_966112345678',
    messageBody: text,
    inboundMessageId: id,
  });
  expect(received.status).toBe(202);
  await runtime.settled();
  return (await runtime.deps.store.lookupInbound('sms', id, [])).guard?.outcome?.ticketId;
}

describe('the applicant’s messages while their case is open', () => {
  it('an SMS from the phone on the application joins the case and ends its wait on the applicant', async () => {
    const { id, phone } = await applyOnTheForm(runtime, { nationalId: '1000000024' });
    const returned = await postJson(
      `${runtime.url}/api/tickets/${id}/case/record_verification`,
      {
        checklist: {
          identityMatches: true,
          documentsPresent: false,
          dataConsistent: true,
          missing: 'إثبات الدخل',
        },
      },
      { authorization: `Bearer ${agent}` },
    );
    expect(returned.body).toMatchObject({ status: 'pending_beneficiary' });

    expect(await smsFrom(phone, 'أرسلت إثبات الدخل مع ابني إلى الفرع اليوم')).toBe(id);
    const thread = await runtime.deps.store.getTicketWithThread(id);
    expect(thread?.messages.filter((message) => message.direction === 'inbound').at(-1)).toMatchObject({
      channel: 'sms',
      text: 'أرسلت إثبات الدخل مع ابني إلى الفرع اليوم',
    });
    expect(thread?.ticket.status).not.toBe('pending_beneficiary');
  });
});

describe('an applicant who wrote before applying', () => {
  it('keeps their earlier SMS contact apart, and their next SMS from the phone joins the case', async () => {
    const phone = '+966554880001';
    const inquiry = await smsFrom(phone, 'كيف أتقدم بطلب دعم؟');
    expect(inquiry).toBeDefined();
    const { id } = await applyOnTheForm(runtime, { phone: '0554880001', nationalId: '1000000032' });
    expect(id).not.toBe(inquiry);

    expect(await smsFrom(phone, 'قدّمت الطلب، متى يتصل بي أحد؟')).toBe(id);
    const thread = await runtime.deps.store.getTicketWithThread(id);
    expect(thread?.messages.some((message) => message.text === 'قدّمت الطلب، متى يتصل بي أحد؟')).toBe(true);
  });
});
