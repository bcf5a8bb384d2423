import { describe, expect, it } from 'vitest';
import { receiveSms } from '../support/local-sms.ts';
import { postJson } from '../support/runtime.ts';
import { useStaffRuntime } from '../support/staff-runtime.ts';
import {
  anApplication,
  applyOnTheForm,
  confirmPhoneOnTheForm,
  returnForIncomeProof,
} from '../support/support-request.ts';

const t = useStaffRuntime(['agent']);

let smsSeq = 0;
async function smsFrom(phone: string, text: string) {
  smsSeq += 1;
  const id = `applicant-sms-${smsSeq}`;
  await receiveSms(t.runtime, phone, text, id);
  await t.runtime.settled();
  return (await t.runtime.deps.store.lookupInbound('sms', id, [])).guard?.outcome?.ticketId;
}

describe('the applicant’s messages while their case is open', () => {
  it('an SMS from the phone on the application joins the case and ends its wait on the applicant', async () => {
    const { id, phone } = await applyOnTheForm(t.runtime, { nationalId: '1000000024' });
    const returned = await returnForIncomeProof(t.runtime, id, t.tokens.agent);
    expect(returned.body).toMatchObject({ status: 'pending_beneficiary' });

    expect(await smsFrom(phone, 'أرسلت إثبات الدخل مع ابني إلى الفرع اليوم')).toBe(id);
    const thread = await t.runtime.deps.store.getTicketWithThread(id);
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
    const { id } = await applyOnTheForm(t.runtime, { phone: '0554880001', nationalId: '1000000032' });
    expect(id).not.toBe(inquiry);

    expect(await smsFrom(phone, 'قدّمت الطلب، متى يتصل بي أحد؟')).toBe(id);
    const thread = await t.runtime.deps.store.getTicketWithThread(id);
    expect(thread?.messages.some((message) => message.text === 'قدّمت الطلب، متى يتصل بي أحد؟')).toBe(true);
  });
});

describe('a phone typed into the form by someone else', () => {
  it('moves none of the phone’s messages until its code comes back from the form', async () => {
    const phone = '+966554880002';
    const own = await smsFrom(phone, 'متى يصرف الدعم لهذا الشهر؟');
    expect(own).toBeDefined();
    // A stranger applies with that number: the code goes to the phone, which they do not hold.
    const form = anApplication({ phone: '0554880002', nationalId: '1000000040', name: 'شخص غريب' });
    const applied = await postJson(`${t.runtime.url}/public/support-requests`, form);
    expect(applied.body).toMatchObject({ awaitingPhoneConfirmation: true });
    const reference = String(applied.body.reference);
    const strangersCase = (await t.runtime.deps.store.findTicketByReference(reference))?.id;

    expect(await smsFrom(phone, 'وهل أحتاج إحضار الهوية الوطنية معي؟')).toBe(own);
    const thread = await t.runtime.deps.store.getTicketWithThread(strangersCase ?? '');
    expect(
      thread?.messages.some((message) => message.direction === 'inbound' && message.channel === 'sms'),
    ).toBe(false);

    // Whoever types the code sent to the phone holds it: then the phone's messages belong to this case.
    await confirmPhoneOnTheForm(t.runtime, reference, phone);
    expect(await smsFrom(phone, 'أكدت الرقم، ماذا بعد؟')).toBe(strangersCase);
  });

  it('nor the messages of a number that never wrote before, which open a contact of their own until then', async () => {
    const phone = '+966554880003';
    const form = anApplication({ phone: '0554880003', nationalId: '1000000099', name: 'شخص غريب' });
    const applied = await postJson(`${t.runtime.url}/public/support-requests`, form);
    const reference = String(applied.body.reference);
    const strangersCase = await t.runtime.deps.store.findTicketByReference(reference);

    const own = await smsFrom(phone, 'أريد الاستفسار عن السلة الرمضانية');
    expect(own).not.toBe(strangersCase?.id);
    const ownTicket = await t.runtime.deps.store.getTicket(own ?? '');
    expect(ownTicket?.contactId).not.toBe(strangersCase?.contactId);
    // Their next messages find them: the number is theirs from their first message on.
    expect(await smsFrom(phone, 'ومتى يبدأ التوزيع؟')).toBe(own);

    await confirmPhoneOnTheForm(t.runtime, reference, phone);
    expect(await smsFrom(phone, 'أكدت الرقم الآن')).toBe(strangersCase?.id);
  });
});
