import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LOCAL_META_APP_SECRET } from '../../infra/local/local-secrets.ts';
import { whatsappChange } from '../../infra/local/provider-payloads.ts';
import { receiveSms, smsTextsTo } from '../support/local-sms.ts';
import { postAggregatorSms } from '../support/provider-stand-in.ts';
import { getJson, postJson } from '../support/runtime.ts';
import { useStaffRuntime } from '../support/staff-runtime.ts';
import { applyOnTheForm } from '../support/support-request.ts';

let now = new Date();
const t = useStaffRuntime<string>(['agent', 'supervisor', 'committee', 'admin'], {
  clock: { now: () => now },
});

const as = (who: string) => ({ authorization: `Bearer ${t.tokens[who]}` });
const complete = { identityMatches: true, documentsPresent: true, dataConsistent: true };

/** A family taken through the whole procedure to registration. */
async function registeredFamily(form: Record<string, unknown>, members: number) {
  const { id, phone } = await applyOnTheForm(t.runtime, form);
  const step = async (action: string, body: unknown, who: string) => {
    const response = await postJson(`${t.runtime.url}/api/tickets/${id}/case/${action}`, body, as(who));
    expect(response.status, `${action}: ${JSON.stringify(response.body)}`).toBe(200);
  };
  await step('record_verification', { checklist: complete }, 'supervisor');
  await step('send_to_committee', {}, 'supervisor');
  await step('decide', { outcome: 'approved', reason: 'مستحقة', service: 'سلة غذائية' }, 'committee');
  await step('register', { household: { members, monthlyIncome: 1500 } }, 'supervisor');
  return { id, phone };
}

/** The family's latest message: a WhatsApp one joining their registration ticket a minute later. */
const wroteOnWhatsApp = async (ticketId: string) => {
  now = new Date(now.getTime() + 60_000);
  const thread = await t.runtime.deps.store.getTicketWithThread(ticketId);
  if (!thread) throw new Error('no registration ticket');
  const createdAt = now.toISOString();
  await t.runtime.deps.store.addMessage(
    thread.ticket,
    {
      id: t.runtime.deps.ids.next(now),
      ticketId,
      direction: 'inbound',
      channel: 'whatsapp',
      authorId: thread.ticket.contactId,
      authorName: 'أم سعد',
      text: 'السلام عليكم',
      attachments: [],
      createdAt,
    },
    [],
  );
};

const announce = (body: unknown, who = 'supervisor') =>
  postJson(`${t.runtime.url}/api/campaigns`, body, as(who));
const received = (phone: string, text: string) =>
  smsTextsTo(t.runtime, phone).filter((sent) => sent === text);

describe('announcements to registered beneficiaries', () => {
  it('reach each family of the segment exactly once on their channel, honour opt-outs, and are a supervisor’s to send', async () => {
    const riyadh = await registeredFamily({ branch: 'riyadh', nationalId: '1000000016' }, 6);
    const north = await registeredFamily({ branch: 'north', nationalId: '1000000024' }, 3);
    const optedOut = await registeredFamily({ branch: 'riyadh', nationalId: '1000000032' }, 8);
    await receiveSms(t.runtime, optedOut.phone, 'إيقاف', 'announcement-stop-1');
    await t.runtime.settled();

    const text = 'يسر الجمعية دعوتكم لاستلام السلال الرمضانية من فرع الرياض يوم الأحد.';
    const body = { name: 'السلال الرمضانية', audience: { branches: ['riyadh'] }, text };
    expect((await announce(body, 'agent')).status).toBe(403);
    expect((await announce({ ...body, text: '' })).status).toBe(400);
    expect((await announce({ ...body, audience: { branches: ['mars'] } })).status).toBe(400);

    const sent = await announce(body);
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ id: expect.any(String), recipients: 2 });
    await t.runtime.drainOutbox();
    await t.runtime.drainOutbox();
    expect(received(riyadh.phone, text)).toHaveLength(1);
    expect(received(optedOut.phone, text)).toHaveLength(0);
    expect(received(north.phone, text)).toHaveLength(0);
    const thread = await t.runtime.deps.store.getTicketWithThread(riyadh.id);
    expect(thread?.messages.filter((message) => message.text === text)).toHaveLength(1);

    const large = 'اجتماع الأسر الكبيرة يوم الخميس.';
    const bySize = await announce(
      { name: 'الأسر الكبيرة', audience: { householdMembers: { min: 5 } }, text: large },
      'admin',
    );
    expect(bySize.body).toMatchObject({ recipients: 2 });
    const everyone = await announce({ name: 'للجميع', text: 'تحية من الجمعية للجميع.' });
    expect(everyone.body).toMatchObject({ recipients: 3 });
    const later = await announce({
      name: 'المسجلون بعد الغد',
      audience: { registeredSince: new Date(Date.now() + 2 * 86_400_000).toISOString() },
      text: 'لن تصل',
    });
    expect(later.body).toMatchObject({ recipients: 0 });
    await t.runtime.drainOutbox();
    expect(received(north.phone, 'تحية من الجمعية للجميع.')).toHaveLength(1);
    expect(received(riyadh.phone, large)).toHaveLength(1);
    expect(received(north.phone, large)).toHaveLength(0);

    // The riyadh family answers the first announcement by text: it joins their case and counts as a reply.
    await receiveSms(t.runtime, riyadh.phone, 'سنحضر بإذن الله', 'announcement-reply-1');
    await t.runtime.settled();

    expect((await getJson(`${t.runtime.url}/api/campaigns`, t.tokens.agent)).status).toBe(403);
    const listed = await getJson(`${t.runtime.url}/api/campaigns`, t.tokens.supervisor);
    expect(listed.status).toBe(200);
    const announcements = (listed.body as { announcements: Record<string, unknown>[] }).announcements;
    expect(announcements.map((announcement) => announcement.name)).toEqual([
      'المسجلون بعد الغد',
      'للجميع',
      'الأسر الكبيرة',
      'السلال الرمضانية',
    ]);
    // Sent, skipped (the family who texted STOP) and replied, each counted once per family.
    expect(announcements[3]).toMatchObject({
      recipients: 2,
      sent: 1,
      skipped: 1,
      failed: 0,
      pending: 0,
      replied: 1,
    });
    expect(announcements[1]).toMatchObject({ recipients: 3, sent: 2, skipped: 1, replied: 1 });
    expect(announcements[0]).toMatchObject({ recipients: 0, sent: 0, replied: 0 });
  });

  it('reach a family who last wrote on WhatsApp there: as text in the window, past it by SMS until the announcement template is approved, then as that template', async () => {
    const inWindow = await registeredFamily({ branch: 'south', nationalId: '1000000040' }, 4);
    const pastWindow = await registeredFamily({ branch: 'south', nationalId: '1000000057' }, 4);
    await wroteOnWhatsApp(pastWindow.id);
    now = new Date(now.getTime() + 72 * 3_600_000);
    await wroteOnWhatsApp(inWindow.id);
    const onWhatsApp = (phone: string) =>
      t.runtime.outbox
        .list('whatsapp')
        .filter((entry) => entry.to === phone)
        .map((entry) => JSON.parse(entry.payload));

    // The announcement template is pending at first: past the window the family gets an SMS instead.
    const first = 'توزيع الكسوة يوم الاثنين.';
    expect((await announce({ name: 'الكسوة', audience: { branches: ['south'] }, text: first })).status).toBe(
      201,
    );
    await t.runtime.drainOutbox();

    expect(onWhatsApp(inWindow.phone)).toEqual([
      expect.objectContaining({ type: 'text', text: expect.objectContaining({ body: first }) }),
    ]);
    expect(received(inWindow.phone, first)).toHaveLength(0);
    expect(onWhatsApp(pastWindow.phone)).toHaveLength(0);
    expect(received(pastWindow.phone, first)).toHaveLength(1);

    // Meta approves the template and an admin records it: the next announcement goes as that template.
    const approval = await fetch(`${t.runtime.url}/api/whatsapp-templates/announcement/ar`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...as('admin') },
      body: JSON.stringify({
        category: 'utility',
        body: 'إعلان من الجمعية: {{1}}',
        parameters: [{ ar: 'نص الإعلان', en: 'Announcement text' }],
        approval: 'approved',
      }),
    });
    expect(approval.status, await approval.text()).toBe(200);
    const smsBefore = smsTextsTo(t.runtime, pastWindow.phone).length;
    const second = 'توزيع الحقائب المدرسية يوم الثلاثاء.';
    expect(
      (await announce({ name: 'الحقائب', audience: { branches: ['south'] }, text: second })).status,
    ).toBe(201);
    await t.runtime.drainOutbox();

    expect(onWhatsApp(pastWindow.phone)).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: pastWindow.phone.replace(/^\+/, ''),
        type: 'template',
        template: {
          name: 'announcement',
          language: { code: 'ar' },
          components: [{ type: 'body', parameters: [{ type: 'text', text: second }] }],
        },
      },
    ]);
    expect(smsTextsTo(t.runtime, pastWindow.phone)).toHaveLength(smsBefore);
    const thread = await t.runtime.deps.store.getTicketWithThread(pastWindow.id);
    expect(thread?.messages.filter((message) => message.text === `إعلان من الجمعية: ${second}`)).toHaveLength(
      1,
    );
  });

  it('count what the providers report afterwards: delivered (or read) and failed, from signed WhatsApp status webhooks and SMS delivery reports', async () => {
    now = new Date(now.getTime() + 86_400_000);
    const since = now.toISOString();
    const reads = await registeredFamily({ branch: 'riyadh', nationalId: '1000000065' }, 5);
    const unreachable = await registeredFamily({ branch: 'riyadh', nationalId: '1000000073' }, 5);
    const bySms = await registeredFamily({ branch: 'riyadh', nationalId: '1000000081' }, 5);
    await wroteOnWhatsApp(reads.id);
    await wroteOnWhatsApp(unreachable.id);
    const text = 'موعد استلام المير الشهري يوم الأربعاء.';
    const sent = await announce({ name: 'المير الشهري', audience: { registeredSince: since }, text });
    expect(sent.body).toMatchObject({ recipients: 3 });
    await t.runtime.drainOutbox();

    /** The id the (local) provider gave the family's copy of the announcement. */
    const providerId = (channel: 'whatsapp' | 'sms', phone: string) => {
      const entries = t.runtime.outbox
        .list(channel)
        .filter((entry) => entry.to === phone && entry.payload.includes(text));
      expect(entries).toHaveLength(1);
      return `local-${entries[0]?.id}`;
    };
    const status = (id: string, state: string, extra: Record<string, unknown> = {}) => ({
      id,
      status: state,
      timestamp: String(Math.floor(now.getTime() / 1000)),
      recipient_id: '9665',
      ...extra,
    });
    // Meta's status webhook: statuses only, no messages or contacts, out of order, signed with the app secret.
    const webhook = JSON.stringify(
      whatsappChange({
        statuses: [
          status(providerId('whatsapp', reads.phone), 'read'),
          status(providerId('whatsapp', reads.phone), 'delivered'),
          status(providerId('whatsapp', unreachable.phone), 'failed', {
            errors: [{ code: 131026, title: 'Message undeliverable' }],
          }),
        ],
      }),
    );
    const post = (signature: string) =>
      fetch(`${t.runtime.url}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        body: webhook,
      });
    expect((await post('sha256=00')).status).toBe(401);
    const signed = `sha256=${createHmac('sha256', LOCAL_META_APP_SECRET).update(webhook).digest('hex')}`;
    expect((await post(signed)).status).toBe(200);
    const report = await postAggregatorSms(
      t.runtime,
      {
        type: 'delivery_report',
        messageId: providerId('sms', bySms.phone),
        status: 'delivered',
      },
      { at: now },
    );
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body).toMatchObject({ outcome: 'delivery_report' });
    await t.runtime.settled();

    const listed = await getJson(`${t.runtime.url}/api/campaigns`, t.tokens.supervisor);
    const announcements = (listed.body as { announcements: Record<string, unknown>[] }).announcements;
    expect(announcements[0]).toMatchObject({
      name: 'المير الشهري',
      recipients: 3,
      delivered: 2,
      failed: 1,
      sent: 0,
      skipped: 0,
      pending: 0,
    });
    const thread = await t.runtime.deps.store.getTicketWithThread(unreachable.id);
    expect(thread?.messages.find((message) => message.text === text)).toMatchObject({
      deliveryStatus: 'failed',
      failureReason: '131026 Message undeliverable',
    });
  });
});
