import { describe, expect, it } from 'vitest';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { smsTextsTo } from '../support/local-sms.ts';
import { getJson, postJson } from '../support/runtime.ts';
import { logContact, useStaffRuntime } from '../support/staff-runtime.ts';
import { askForSupportOnContactForm, expectOpenedAtIntake } from '../support/support-case-intake.ts';
import { applyOnTheForm } from '../support/support-request.ts';

const t = useStaffRuntime(['agent', 'agent2', 'researcher', 'committee', 'supervisor']);
type Staff = keyof typeof t.tokens;

const step = (ticketId: string, action: string, body: unknown, who: Staff) =>
  postJson(`${t.runtime.url}/api/tickets/${ticketId}/case/${action}`, body, {
    authorization: `Bearer ${t.tokens[who]}`,
  });

const sms = (phone: string) => smsTextsTo(t.runtime, phone);
const lastSms = (phone: string) => sms(phone).at(-1);
const complete = { identityMatches: true, documentsPresent: true, dataConsistent: true };

describe('a support request through the procedure', () => {
  it('is received by beneficiary relations, referred to a researcher during verification, studied, verified, then goes to the committee, registration and service', async () => {
    const { id, phone } = await applyOnTheForm(t.runtime);
    await expectOpenedAtIntake(t.runtime, id, t.tokens.agent);
    // Not before verification: the researcher cannot see it, and the committee never gets an unverified case.
    expect((await getJson(`${t.runtime.url}/api/tickets/${id}`, t.tokens.researcher)).status).toBe(404);

    expect((await step(id, 'refer_to_researcher', {}, 'agent')).status).toBe(400);
    const referred = await step(
      id,
      'refer_to_researcher',
      { reason: 'المتقدمة لا تعرف المستندات المطلوبة لمشروعها' },
      'agent',
    );
    expect(referred.status).toBe(200);
    expect(referred.body).toMatchObject({
      queueId: 'social-research',
      supportCase: {
        step: 'social_research',
        referral: { reason: 'المتقدمة لا تعرف المستندات المطلوبة لمشروعها', from: 'intake', by: 'u-agent' },
      },
    });
    expect(lastSms(phone)).toContain('الباحث الاجتماعي');

    expect((await step(id, 'send_to_committee', {}, 'researcher')).status).toBe(409);
    const noticesBeforeStudy = sms(phone).length;
    const studied = await step(
      id,
      'record_study',
      { study: { method: 'home_visit', findings: 'الأسرة في منزل مستأجر والمشروع قائم' } },
      'researcher',
    );
    expect(studied.body).toMatchObject({
      supportCase: { step: 'social_research', study: { method: 'home_visit', by: 'u-researcher' } },
    });
    expect(sms(phone)).toHaveLength(noticesBeforeStudy);
    expect(
      (await step(id, 'record_study', { study: { method: 'letter', findings: 'x' } }, 'researcher')).status,
    ).toBe(400);

    const incomplete = await step(
      id,
      'record_verification',
      { checklist: { ...complete, documentsPresent: false, missing: 'إثبات الدخل' } },
      'researcher',
    );
    expect(incomplete.body).toMatchObject({
      status: 'pending_beneficiary',
      supportCase: { step: 'returned_to_applicant' },
    });
    expect(lastSms(phone)).toContain('إثبات الدخل');

    const verified = await step(id, 'record_verification', { checklist: complete }, 'researcher');
    expect(verified.body).toMatchObject({
      status: 'open',
      supportCase: { step: 'verified', verification: { by: 'u-researcher' } },
    });

    expect((await step(id, 'decide', { outcome: 'approved', reason: 'مستحق' }, 'committee')).status).toBe(
      404,
    );
    const toCommittee = await step(id, 'send_to_committee', { notes: 'الملف مكتمل' }, 'researcher');
    expect(toCommittee.body).toMatchObject({
      queueId: 'research-committee',
      supportCase: { step: 'committee_review' },
    });
    const referredAt = Date.parse((toCommittee.body.supportCase as { referredAt: string }).referredAt);
    const dueAt = Date.parse((toCommittee.body.supportCase as { committeeDueAt: string }).committeeDueAt);
    expect(dueAt - referredAt).toBe(14 * 86_400_000);

    expect((await step(id, 'decide', { outcome: 'approved', reason: 'مستحق' }, 'supervisor')).status).toBe(
      403,
    );
    // Read from the store: the agent's centre hides them while the case is in queues the agent does not work.
    const assignedNotices = async (ticketId: string) =>
      (await t.runtime.deps.notifications.listFor('u-agent', 50)).filter(
        (notice) => notice.ticketId === ticketId && notice.kind === 'assigned',
      ).length;
    const noticesBeforeDecision = await assignedNotices(id);
    const approved = await step(
      id,
      'decide',
      { outcome: 'approved', reason: 'الأسرة مستحقة', service: 'ماكينة خياطة' },
      'committee',
    );
    // Back with beneficiary relations, with the agent who referred it, who is told.
    expect(approved.body).toMatchObject({
      queueId: 'beneficiary-relations',
      assigneeId: 'u-agent',
      supportCase: { step: 'approved', decision: { by: 'u-committee' } },
    });
    expect(await assignedNotices(id)).toBe(noticesBeforeDecision + 1);
    expect(approved.body.committeeDecision).toMatchObject({ decidedAt: expect.any(String) });
    expect(lastSms(phone)).toContain('ماكينة خياطة');

    expect((await step(id, 'decide', { outcome: 'rejected', reason: 'سبب آخر' }, 'committee')).status).toBe(
      404,
    );
    const registered = await step(
      id,
      'register',
      { household: { members: 6, monthlyIncome: 2500 } },
      'agent',
    );
    expect(registered.body).toMatchObject({ supportCase: { step: 'registered' } });
    const contact = await t.runtime.deps.store.getContact(registered.body.contactId as string);
    expect(contact?.beneficiary).toMatchObject({ householdMembers: 6, monthlyIncome: 2500 });

    const delivered = await step(id, 'deliver_service', { service: 'سُلّمت ماكينة خياطة' }, 'agent');
    expect(delivered.body).toMatchObject({ status: 'closed', supportCase: { step: 'service_delivered' } });
    expect((await step(id, 'deliver_service', { service: 'مرة أخرى' }, 'agent')).status).toBe(409);

    const thread = await t.runtime.deps.store.getTicketWithThread(id);
    expect(
      thread?.events.filter((event) => event.type === 'case_step').map((event) => event.data.to),
    ).toEqual([
      // The applicant's phone confirmed on the form.
      'intake',
      'social_research',
      'social_research',
      'returned_to_applicant',
      'verified',
      'committee_review',
      'approved',
      'registered',
      'service_delivered',
    ]);
  });

  it('lands a northern application with the north branch’s relations officer, who may send a verified case straight to the committee', async () => {
    const { id } = await applyOnTheForm(t.runtime, { branch: 'north' });
    expect((await getJson(`${t.runtime.url}/api/tickets/${id}`, t.tokens.agent)).status).toBe(404);
    const own = await getJson(`${t.runtime.url}/api/tickets/${id}`, t.tokens.agent2);
    expect(own.body.ticket).toMatchObject({ queueId: 'branch-north', supportCase: { step: 'intake' } });
    expect((await step(id, 'send_to_committee', {}, 'agent2')).status).toBe(409);
    const verified = await step(id, 'record_verification', { checklist: complete }, 'agent2');
    expect(verified.body).toMatchObject({ queueId: 'branch-north', supportCase: { step: 'verified' } });
    const toCommittee = await step(id, 'send_to_committee', {}, 'agent2');
    expect(toCommittee.body).toMatchObject({
      queueId: 'research-committee',
      supportCase: { step: 'committee_review' },
    });
  });

  it('refuses a step out of order, a bad body, and a ticket that is not a support request', async () => {
    const { id } = await applyOnTheForm(t.runtime);
    expect(
      (await step(id, 'register', { household: { members: 2, monthlyIncome: 0 } }, 'agent')).status,
    ).toBe(409);
    expect(
      (await step(id, 'record_verification', { checklist: { identityMatches: 'yes' } }, 'agent')).status,
    ).toBe(400);
    expect(
      (await step(id, 'record_study', { study: { method: 'call', findings: 'x y' } }, 'agent')).status,
    ).toBe(403);
    expect((await step(id, 'unknown_step', {}, 'agent')).status).toBe(404);
    const inquiry = await postJson(`${t.runtime.url}/public/contact`, {
      name: 'سالم',
      phone: '0554440003',
      subject: 'سؤال',
      message: 'سؤال',
    });
    expect(
      (await step(inquiry.body.ticketId as string, 'refer_to_researcher', { reason: 'غير واضح' }, 'agent'))
        .status,
    ).toBe(409);
  });
});

describe('only the application form opens a support case', () => {
  it('keeps the contact form’s “support request” an inquiry, answered with the form’s link; no step applies to it', async () => {
    const created = await askForSupportOnContactForm(t.runtime, {
      name: 'أم عبدالله',
      phone: '0554440001',
      subject: 'طلب دعم لمشروع منزلي',
      message: 'أحتاج دعماً لشراء أدوات الخياطة',
    });
    expect(created.body.applicationForm).toMatchObject({
      message: expect.stringContaining('نموذج طلب الدعم'),
    });
    const ticket = await t.runtime.deps.store.getTicket(created.body.ticketId as string);
    expect(ticket).toMatchObject({ type: 'inquiry', queueId: 'beneficiary-relations' });
    expect(ticket?.tags).toContain('طلب دعم');
    expect(ticket?.supportCase).toBeUndefined();
    const refused = await step(ticket?.id ?? '', 'record_verification', { checklist: complete }, 'agent');
    expect(refused.status).toBe(409);

    const plain = await postJson(`${t.runtime.url}/public/contact`, {
      name: 'سالم',
      phone: '0554440004',
      subject: 'سؤال',
      message: 'متى الدوام؟',
    });
    expect(plain.body.applicationForm).toBeUndefined();
  });

  it('keeps a contact staff log as a support request an inquiry: a case needs the applicant’s declaration', async () => {
    const logged = await logContact(t.runtime, t.tokens.agent, 'walk_in', 'walk-in-support-1', {
      name: 'أبو فهد',
      phone: '0554440005',
      text: 'حضر يطلب دعماً لأسرته',
      type: 'support_request',
    });
    expect(logged.status).toBe(201);
    const ticket = await t.runtime.deps.store.getTicket(logged.body.ticketId as string);
    expect(ticket).toMatchObject({ type: 'inquiry' });
    expect(ticket?.supportCase).toBeUndefined();
  });

  it.each(['whatsapp', 'telegram'] as const)(
    'keeps a support request arriving by %s an inquiry',
    async (channel) => {
      const created = await ingestContact(t.runtime.deps, {
        channel,
        providerMessageId: `asks-support-${channel}`,
        identities: [
          {
            kind: channel === 'telegram' ? 'telegram' : 'phone',
            value: channel === 'telegram' ? '700100200' : '+966554440021',
            assurance: 'verified',
          },
        ],
        displayName: 'أم سالم',
        text: 'أرجو دعمي لشراء أدوات مشروع الحلويات',
        attachments: [],
        receivedAt: new Date().toISOString(),
        type: 'support_request',
      });
      expect(await t.runtime.deps.store.getTicket(created.ticketId)).toMatchObject({ type: 'inquiry' });
    },
  );
});

describe('editable message templates', () => {
  const templates = (method: string, path: string, who: Staff, body?: unknown) =>
    fetch(`${t.runtime.url}/api/message-templates${path}`, {
      method,
      headers: { authorization: `Bearer ${t.tokens[who]}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, body: await response.json() }));

  it('a supervisor rewords an announcement; the applicant receives the new words; a reset brings back the default', async () => {
    const listed = await templates('GET', '', 'supervisor');
    expect(listed.status).toBe(200);
    const verified = listed.body.templates.find(
      (template: { id: string }) => template.id === 'case_verified',
    );
    expect(verified).toMatchObject({
      placeholders: ['societyName', 'reference', 'statusLink'],
      updatedBy: null,
    });

    const text = 'أهلاً، راجعنا طلبكم {reference} ووجدناه مكتملاً.';
    expect((await templates('PUT', '/case_verified', 'agent', { text })).status).toBe(403);
    const refused = await templates('PUT', '/case_verified', 'supervisor', {
      text: 'طلبكم {reference} {due}',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('{due}');
    expect((await templates('PUT', '/no_such_template', 'supervisor', { text })).status).toBe(404);
    expect((await templates('PUT', '/case_verified', 'supervisor', { text })).body).toMatchObject({
      updatedBy: 'u-supervisor',
    });

    const { id, reference, phone } = await applyOnTheForm(t.runtime);
    await step(id, 'record_verification', { checklist: complete }, 'agent');
    expect(lastSms(phone)).toBe(`أهلاً، راجعنا طلبكم ${reference} ووجدناه مكتملاً.`);

    const reset = await templates('DELETE', '/case_verified', 'supervisor');
    expect(reset.body.text).toContain('تم التحقق من بيانات طلبكم');
    const after = await templates('GET', '', 'supervisor');
    expect(
      after.body.templates.find((template: { id: string }) => template.id === 'case_verified').updatedBy,
    ).toBeNull();
  });
});
