import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { postJson, signIn, startTestRuntime } from '../support/runtime.ts';

let runtime: LocalRuntime;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  runtime = await startTestRuntime();
  for (const name of ['agent', 'researcher', 'committee', 'supervisor'])
    tokens[name] = await signIn(runtime, `${name}@sanad.local`);
});
afterAll(async () => {
  await runtime.close();
});

const step = (ticketId: string, action: string, body: unknown, who: string) =>
  postJson(`${runtime.url}/api/tickets/${ticketId}/case/${action}`, body, {
    authorization: `Bearer ${tokens[who]}`,
  });

describe('a support request through the procedure', () => {
  it('goes from intake to service delivered, each step by the right role, announced to the applicant by SMS', async () => {
    const created = await postJson(`${runtime.url}/public/contact`, {
      name: 'أم عبدالله',
      phone: '0554440001',
      subject: 'طلب دعم لمشروع منزلي',
      message: 'أحتاج دعماً لشراء أدوات الخياطة',
      type: 'support_request',
    });
    const id = created.body.ticketId as string;
    const sms = () => runtime.outbox.list('sms').filter((entry) => entry.to === '+966554440001');

    const incomplete = await step(
      id,
      'record_verification',
      {
        checklist: {
          identityMatches: true,
          documentsPresent: false,
          dataConsistent: true,
          missing: 'إثبات الدخل',
        },
      },
      'researcher',
    );
    expect(incomplete.body).toMatchObject({
      status: 'pending_beneficiary',
      supportCase: { step: 'returned_to_applicant' },
    });
    expect(JSON.parse(sms().at(-1)?.payload ?? '{}').text).toContain('إثبات الدخل');

    const complete = await step(
      id,
      'record_verification',
      { checklist: { identityMatches: true, documentsPresent: true, dataConsistent: true } },
      'researcher',
    );
    expect(complete.body).toMatchObject({
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
    const approved = await step(
      id,
      'decide',
      { outcome: 'approved', reason: 'الأسرة مستحقة', service: 'ماكينة خياطة' },
      'committee',
    );
    expect(approved.body).toMatchObject({
      queueId: 'beneficiary-relations',
      supportCase: { step: 'approved', decision: { by: 'u-committee' } },
    });
    expect(approved.body.committeeDecision).toMatchObject({ decidedAt: expect.any(String) });
    expect(JSON.parse(sms().at(-1)?.payload ?? '{}').text).toContain('ماكينة خياطة');

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
    const contact = await runtime.deps.store.getContact(registered.body.contactId as string);
    expect(contact?.beneficiary).toMatchObject({ householdMembers: 6, monthlyIncome: 2500 });

    const delivered = await step(id, 'deliver_service', { service: 'سُلّمت ماكينة خياطة' }, 'agent');
    expect(delivered.body).toMatchObject({ status: 'closed', supportCase: { step: 'service_delivered' } });
    expect((await step(id, 'deliver_service', { service: 'مرة أخرى' }, 'agent')).status).toBe(409);

    const thread = await runtime.deps.store.getTicketWithThread(id);
    expect(
      thread?.events.filter((event) => event.type === 'case_step').map((event) => event.data.to),
    ).toEqual([
      'returned_to_applicant',
      'verified',
      'committee_review',
      'approved',
      'registered',
      'service_delivered',
    ]);
    expect(sms().length).toBeGreaterThanOrEqual(5);
  });

  it('refuses a step out of order, a bad body, and a ticket that is not a support request', async () => {
    const created = await postJson(`${runtime.url}/public/contact`, {
      name: 'سالم',
      phone: '0554440002',
      subject: 'دعم',
      message: 'طلب',
      type: 'support_request',
    });
    const id = created.body.ticketId as string;
    expect(
      (await step(id, 'register', { household: { members: 2, monthlyIncome: 0 } }, 'researcher')).status,
    ).toBe(409);
    expect(
      (await step(id, 'record_verification', { checklist: { identityMatches: 'yes' } }, 'researcher')).status,
    ).toBe(400);
    expect((await step(id, 'unknown_step', {}, 'researcher')).status).toBe(404);
    const inquiry = await postJson(`${runtime.url}/public/contact`, {
      name: 'سالم',
      phone: '0554440003',
      subject: 'سؤال',
      message: 'سؤال',
    });
    expect((await step(inquiry.body.ticketId as string, 'refer_to_researcher', {}, 'agent')).status).toBe(
      409,
    );
  });
});

describe('editable message templates', () => {
  const templates = (method: string, path: string, who: string, body?: unknown) =>
    fetch(`${runtime.url}/api/message-templates${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, body: await response.json() }));

  it('a supervisor rewords an announcement; the applicant receives the new words; a reset brings back the default', async () => {
    const listed = await templates('GET', '', 'supervisor');
    expect(listed.status).toBe(200);
    const verified = listed.body.templates.find(
      (template: { id: string }) => template.id === 'case_verified',
    );
    expect(verified).toMatchObject({ placeholders: ['reference', 'statusLink'], updatedBy: null });

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

    const created = await postJson(`${runtime.url}/public/contact`, {
      name: 'نورة',
      phone: '0554440009',
      subject: 'طلب دعم',
      message: 'أرجو دعم مشروع الطبخ المنزلي',
      type: 'support_request',
    });
    const id = created.body.ticketId as string;
    await step(
      id,
      'record_verification',
      { checklist: { identityMatches: true, documentsPresent: true, dataConsistent: true } },
      'researcher',
    );
    const sent = runtime.outbox.list('sms').filter((entry) => entry.to === '+966554440009');
    expect(JSON.parse(sent.at(-1)?.payload ?? '{}').text).toBe(
      `أهلاً، راجعنا طلبكم ${created.body.reference} ووجدناه مكتملاً.`,
    );

    const reset = await templates('DELETE', '/case_verified', 'supervisor');
    expect(reset.body.text).toContain('تم التحقق من بيانات طلبكم');
    const after = await templates('GET', '', 'supervisor');
    expect(
      after.body.templates.find((template: { id: string }) => template.id === 'case_verified').updatedBy,
    ).toBeNull();
  });
});

describe('announcements on the applicant’s own channel', () => {
  it.each([
    {
      channel: 'email',
      identity: { kind: 'email', value: 'um.salem@example.org' },
      to: 'um.salem@example.org',
    },
    { channel: 'whatsapp', identity: { kind: 'phone', value: '+966554440021' }, to: '+966554440021' },
    { channel: 'telegram', identity: { kind: 'telegram', value: '700100200' }, to: '700100200' },
  ] as const)('a case that came by $channel is announced by $channel', async ({ channel, identity, to }) => {
    const created = await ingestContact(runtime.deps, {
      channel,
      providerMessageId: `case-announce-${channel}`,
      identities: [identity],
      displayName: 'أم سالم',
      subject: channel === 'email' ? 'طلب دعم' : undefined,
      text: 'أرجو دعمي لشراء أدوات مشروع الحلويات',
      attachments: [],
      receivedAt: new Date().toISOString(),
      type: 'support_request',
    });
    const before = runtime.outbox.list(channel).length;
    const verified = await step(
      created.ticketId,
      'record_verification',
      {
        checklist: {
          identityMatches: true,
          documentsPresent: false,
          dataConsistent: true,
          missing: 'صورة صك الإعالة',
        },
      },
      'researcher',
    );
    expect(verified.status).toBe(200);
    const sent = runtime.outbox.list(channel).slice(before);
    expect(sent.map((entry) => entry.to)).toEqual([to]);
    const entry = sent[0];
    const readable =
      entry?.payloadType === 'message/rfc822' ? (await simpleParser(entry.payload)).text : entry?.payload;
    expect(readable).toContain('صورة صك الإعالة');
    expect(readable).toContain(created.reference);
  });
});
