import { describe, expect, it } from 'vitest';
import { addMonths } from '../../shared/domain/delivery.ts';
import { smsTextsTo } from '../support/local-sms.ts';
import { postJson } from '../support/runtime.ts';
import { useStaffRuntime } from '../support/staff-runtime.ts';
import { applyOnTheForm } from '../support/support-request.ts';

const t = useStaffRuntime<string>(['agent', 'committee', 'manager']);

const as = (who: string) => ({ authorization: `Bearer ${t.tokens[who]}` });
const step = (id: string, action: string, body: unknown, who: string) =>
  postJson(`${t.runtime.url}/api/tickets/${id}/case/${action}`, body, as(who));
const plan = (id: string, body: unknown, who = 'agent') =>
  postJson(`${t.runtime.url}/api/tickets/${id}/deliveries`, body, as(who));
const deliver = (id: string, deliveryId: string, item: string, who = 'agent') =>
  postJson(`${t.runtime.url}/api/tickets/${id}/deliveries/${deliveryId}/delivered`, { item }, as(who));
const texts = (phone: string) => smsTextsTo(t.runtime, phone);
const surveyTexts = (phone: string) => texts(phone).filter((text) => text.includes('/public/surveys/'));
/** What the public status page shows, read as the beneficiary reads it: a code texted to their phone first. */
async function publicStatus(reference: string, phone: string): Promise<Record<string, unknown>> {
  expect((await postJson(`${t.runtime.url}/public/status/code`, { reference, phone })).status).toBeLessThan(
    300,
  );
  const code = texts(phone)
    .map((text) => /رمز الاطلاع على حالة طلبكم: (\d{6})/.exec(text)?.[1])
    .filter(Boolean)
    .at(-1);
  const status = await postJson(`${t.runtime.url}/public/status`, { reference, phone, code });
  expect(status.status).toBe(200);
  return status.body;
}
type Deliveries = {
  supportCase: { step: string; deliveries: { id: string; dueOn: string; delivered?: object }[] };
};

/** An application taken through verification, the committee and registration. */
async function registeredCase(): Promise<{ id: string; phone: string; reference: string }> {
  const { id, phone, reference } = await applyOnTheForm(t.runtime);
  const checklist = { identityMatches: true, documentsPresent: true, dataConsistent: true };
  expect((await step(id, 'record_verification', { checklist }, 'agent')).status).toBe(200);
  expect((await step(id, 'send_to_committee', {}, 'agent')).status).toBe(200);
  const decided = await step(
    id,
    'decide',
    { outcome: 'approved', reason: 'مستحقة', service: 'سلة غذائية' },
    'committee',
  );
  expect(decided.status).toBe(200);
  const registered = await step(id, 'register', { household: { members: 5, monthlyIncome: 1800 } }, 'agent');
  expect(registered.body).toMatchObject({ supportCase: { step: 'registered' } });
  return { id, phone, reference };
}

describe('a registered beneficiary’s deliveries', () => {
  it('plans monthly deliveries, announces each with what was delivered, and surveys after the first, not before', async () => {
    const { id, phone, reference } = await registeredCase();
    const planned = await plan(id, { kind: 'monthly', months: 3, firstOn: '2027-01-31', item: 'سلة غذائية' });
    expect(planned.status).toBe(201);
    const deliveries = (planned.body as unknown as Deliveries).supportCase.deliveries;
    expect(deliveries.map((delivery) => delivery.dueOn)).toEqual(['2027-01-31', '2027-02-28', '2027-03-31']);
    await t.runtime.settled();
    expect(surveyTexts(phone)).toEqual([]);

    const first = await deliver(id, deliveries[0]?.id as string, 'سلة غذائية');
    expect(first.status).toBe(200);
    expect((first.body as unknown as Deliveries).supportCase).toMatchObject({
      step: 'registered',
      deliveries: [{ delivered: { item: 'سلة غذائية', by: 'u-agent' } }, {}, {}],
    });
    // The next delivery's day, Hijri with the Gregorian beside it (28 February 2027 is 21 Sha'ban 1448).
    expect(texts(phone)).toContainEqual(
      expect.stringMatching(
        /«سلة غذائية».*المتبقي من الدفعات المقررة: دفعتان، وموعد القادمة منها يوم .*١٤٤٨ هـ.*٢٨ فبراير ٢٠٢٧م/,
      ),
    );
    await t.runtime.settled();
    expect(surveyTexts(phone)).toHaveLength(1);

    // Told "سُلّم لكم", the beneficiary's status page says the service is under way: one of three, and when (the
    // counts and the date only: not what was handed over, nor who handed it).
    const status = await publicStatus(reference, phone);
    const firstAt = (first.body as unknown as Deliveries).supportCase.deliveries[0]?.delivered as {
      at: string;
    };
    expect(status).toMatchObject({
      step: 'registered',
      deliveries: { delivered: 1, planned: 3, lastDeliveredAt: firstAt.at },
    });
    expect(JSON.stringify(status)).not.toMatch(/سلة|u-agent/);

    expect((await deliver(id, deliveries[0]?.id as string, 'سلة غذائية')).status).toBe(409);
    const second = await deliver(id, deliveries[1]?.id as string, 'سلة غذائية وكسوة شتاء');
    expect(second.status).toBe(200);
    expect(texts(phone)).toContainEqual(
      expect.stringMatching(/«سلة غذائية وكسوة شتاء».*المتبقي من الدفعات المقررة: دفعة واحدة،/),
    );
    await t.runtime.settled();
    expect(surveyTexts(phone)).toHaveLength(1);

    // The last of the series completes the service: the case's own step, its notice naming what was given, the
    // ticket closed and the follow-up on the reminder agenda; no second survey.
    const before = texts(phone).length;
    const last = await deliver(id, deliveries[2]?.id as string, 'سلة غذائية');
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({
      status: 'closed',
      supportCase: { step: 'service_delivered', serviceDelivered: { service: 'سلة غذائية', by: 'u-agent' } },
    });
    await t.runtime.settled();
    expect(texts(phone).slice(before)).toEqual([expect.stringContaining('تم تقديم الخدمة لطلبكم')]);
    expect(surveyTexts(phone)).toHaveLength(1);
    const deliveredAt = (last.body as { supportCase: { serviceDelivered: { at: string } } }).supportCase
      .serviceDelivered.at;
    const followUpAt = new Date(Date.parse(deliveredAt) + 14 * 86_400_000).toISOString();
    expect(await t.runtime.deps.reminderAgenda.due(followUpAt, 100)).toContainEqual({
      ticketId: id,
      at: followUpAt,
    });
    expect((await deliver(id, deliveries[2]?.id as string, 'سلة غذائية')).status).toBe(409);

    const thread = await t.runtime.deps.store.getTicketWithThread(id);
    expect(
      thread?.events
        .filter((event) => event.type.startsWith('deliver') || event.data.action === 'deliver_service')
        .map((event) => event.type),
    ).toEqual(['deliveries_planned', 'delivery_made', 'delivery_made', 'delivery_made', 'case_step']);
  });

  it('takes a one-off delivery, and refuses before registration, bad plans, an unknown delivery and the wrong roles', async () => {
    const { id: early } = await applyOnTheForm(t.runtime);
    expect((await plan(early, { kind: 'one_off', firstOn: '2027-01-10', item: 'كرسي متحرك' })).status).toBe(
      409,
    );

    const { id } = await registeredCase();
    expect((await plan(id, { kind: 'monthly', firstOn: '2027-01-10', item: 'سلة' })).status).toBe(400);
    expect((await plan(id, { kind: 'monthly', months: 25, firstOn: '2027-01-10', item: 'سلة' })).status).toBe(
      400,
    );
    expect((await plan(id, { kind: 'one_off', firstOn: '10/01/2027', item: 'سلة' })).status).toBe(400);
    expect((await plan(id, { kind: 'one_off', firstOn: '2027-01-10', item: 'كرسي' }, 'manager')).status).toBe(
      403,
    );
    const once = await plan(id, { kind: 'one_off', firstOn: '2027-01-10', item: 'كرسي متحرك' });
    const deliveries = (once.body as unknown as Deliveries).supportCase.deliveries;
    expect(deliveries).toHaveLength(1);
    expect((await deliver(id, 'no-such-delivery', 'كرسي متحرك')).status).toBe(404);
    expect((await deliver(id, deliveries[0]?.id as string, '')).status).toBe(400);
    const handed = await deliver(id, deliveries[0]?.id as string, 'كرسي متحرك');
    expect(handed.body).toMatchObject({ status: 'closed', supportCase: { step: 'service_delivered' } });
  });
});

describe('monthly dates', () => {
  it('keep the day of the month inside short months and across years', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2027-11-15', 3)).toBe('2028-02-15');
  });
});
