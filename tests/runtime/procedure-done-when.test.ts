import { describe, expect, it } from 'vitest';
import { receiveSms } from '../support/local-sms.ts';
import { getJson, postJson } from '../support/runtime.ts';
import { useStaffRuntime } from '../support/staff-runtime.ts';
import { askForSupportOnContactForm, expectOpenedAtIntake } from '../support/support-case-intake.ts';
import { anApplication } from '../support/support-request.ts';

/**
 * Issue #19's "Done when", line by line, as a script outside the system checks it: only HTTP (the public
 * endpoints, the staff API, `/local/sms` for a received text and `/local/outbox` for what was sent). The one
 * exception is the outbox drain, run at once here instead of waiting for its one-minute timer.
 */
const t = useStaffRuntime<string>(['agent', 'supervisor', 'committee']);

const as = (who: string) => ({ authorization: `Bearer ${t.tokens[who]}` });
const step = (id: string, action: string, body: unknown, who: string) =>
  postJson(`${t.runtime.url}/api/tickets/${id}/case/${action}`, body, as(who));

interface OutboxEntry {
  channel: string;
  to: string;
  payload: string;
}
async function outbox(): Promise<OutboxEntry[]> {
  const listed = await getJson(`${t.runtime.url}/local/outbox`, t.tokens.supervisor);
  expect(listed.status).toBe(200);
  return listed.body.entries as OutboxEntry[];
}
const textOf = (entry: OutboxEntry): string => JSON.parse(entry.payload).text ?? '';

/** The applicant's way in: the public form, then the code texted to the phone typed into it. */
async function applyWithPhoneCode(overrides: Record<string, unknown> = {}) {
  const form = anApplication(overrides);
  const phone = `+966${String(form.phone).slice(1)}`;
  const submitted = await postJson(`${t.runtime.url}/public/support-requests`, form);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  const reference = submitted.body.reference as string;
  const code = (await outbox())
    .filter((entry) => entry.channel === 'sms' && entry.to === phone)
    .map((entry) => /رمز تأكيد رقم جوالكم لطلب الدعم: (\d{6})/.exec(textOf(entry))?.[1])
    .find(Boolean);
  expect(code).toBeDefined();
  const confirmed = await postJson(
    `${t.runtime.url}/public/support-requests/${encodeURIComponent(reference)}/confirm-phone`,
    { code },
  );
  expect(confirmed.status).toBe(200);
  const found = await getJson(
    `${t.runtime.url}/api/tickets?q=${encodeURIComponent(reference)}&status=new&status=open`,
    t.tokens.agent,
  );
  const ticket = (found.body.tickets as { id: string; reference: string }[]).find(
    (candidate) => candidate.reference === reference,
  );
  expect(ticket, `the agent finds ${reference} in the inbox`).toBeDefined();
  return { id: ticket?.id as string, reference, phone };
}

describe('issue #19 done when', () => {
  it('a public-form application is opened by the beneficiary-relations agent at intake, who can refer it to a researcher then', async () => {
    const { id } = await applyWithPhoneCode();
    await expectOpenedAtIntake(t.runtime, id, t.tokens.agent);
    const referred = await step(id, 'refer_to_researcher', { reason: 'لا يعرف المستندات المطلوبة' }, 'agent');
    expect(referred.status).toBe(200);
    expect(referred.body).toMatchObject({
      queueId: 'social-research',
      supportCase: { step: 'social_research', referral: { from: 'intake', by: 'u-agent' } },
    });
  });

  it('the web contact form with type support_request opens no support case: an inquiry, answered with the form’s link', async () => {
    const created = await askForSupportOnContactForm(t.runtime, {
      name: 'أم فهد',
      phone: '0557770001',
      subject: 'طلب مساعدة',
      message: 'نحتاج مساعدة في إيجار المنزل',
    });
    const ticket = await getJson(`${t.runtime.url}/api/tickets/${created.body.ticketId}`, t.tokens.agent);
    expect(ticket.body.ticket).toMatchObject({ type: 'inquiry' });
    expect((ticket.body.ticket as Record<string, unknown>).supportCase).toBeUndefined();
  });

  it('the applicant’s SMS from their phone joins their open case', async () => {
    const { id, phone } = await applyWithPhoneCode();
    const text = 'أرسلت صورة الهوية، هل وصلت؟';
    await receiveSms(t.runtime, phone, text, 'done-when-sms-1');
    await t.runtime.settled();
    const opened = await getJson(`${t.runtime.url}/api/tickets/${id}`, t.tokens.agent);
    const messages = opened.body.messages as { direction: string; channel: string; text: string }[];
    expect(messages).toContainEqual(expect.objectContaining({ direction: 'inbound', channel: 'sms', text }));
  });

  it('an announcement to registered beneficiaries puts exactly one message per recipient in the outbox; an agent’s attempt answers 403', async () => {
    const families = [];
    for (const [branch, nationalId] of [
      ['south', '1000000099'],
      ['south', '1000000107'],
    ] as const) {
      const family = await applyWithPhoneCode({ branch, nationalId });
      const complete = { identityMatches: true, documentsPresent: true, dataConsistent: true };
      expect((await step(family.id, 'record_verification', { checklist: complete }, 'agent')).status).toBe(
        200,
      );
      expect((await step(family.id, 'send_to_committee', {}, 'agent')).status).toBe(200);
      const decision = { outcome: 'approved', reason: 'مستحقة', service: 'سلة غذائية' };
      expect((await step(family.id, 'decide', decision, 'committee')).status).toBe(200);
      const household = { household: { members: 4, monthlyIncome: 1200 } };
      expect((await step(family.id, 'register', household, 'agent')).status).toBe(200);
      families.push(family);
    }

    const text = 'تدعو الجمعية الأسر المسجلة في فرع الجنوب لاستلام كسوة الشتاء يوم الخميس.';
    const announcement = { name: 'كسوة الشتاء', audience: { branches: ['south'] }, text };
    const byAgent = await postJson(`${t.runtime.url}/api/campaigns`, announcement, as('agent'));
    expect(byAgent.status).toBe(403);
    const sent = await postJson(`${t.runtime.url}/api/campaigns`, announcement, as('supervisor'));
    expect(sent.status).toBe(201);
    expect(sent.body).toEqual({ id: expect.any(String), recipients: 2 });
    await t.runtime.drainOutbox();
    await t.runtime.drainOutbox();

    const announced = (await outbox()).filter((entry) => entry.payload.includes(text));
    expect(announced.map((entry) => entry.to).toSorted()).toEqual(
      families.map((family) => family.phone).toSorted(),
    );
  });
});
