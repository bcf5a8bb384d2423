import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_META_APP_SECRET, LOCAL_META_VERIFY_TOKEN } from '../../infra/local/local-secrets.ts';
import { whatsappChange as whatsappValue } from '../../infra/local/provider-payloads.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { postJson, signIn, startTestRuntime } from '../support/runtime.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/meta', name), 'utf8');
const sign = (body: string, secret = LOCAL_META_APP_SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

let runtime: LocalRuntime;
let now = new Date('2026-11-25T10:00:00Z');
beforeAll(async () => {
  runtime = await startTestRuntime({ clock: { now: () => now } });
});
afterAll(async () => {
  await runtime.close();
});

async function deliver(channel: string, body: string, signature: string | null = sign(body)) {
  const response = await fetch(`${runtime.url}/webhooks/${channel}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature ? { 'x-hub-signature-256': signature } : {}),
    },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('Meta webhook verification (GET)', () => {
  it('echoes the challenge exactly for our verify token, and refuses any other with 403', async () => {
    const ok = await fetch(
      `${runtime.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${LOCAL_META_VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await fetch(
      `${runtime.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1`,
    );
    expect(wrong.status).toBe(403);
  });
});

describe('Meta webhook deliveries (POST)', () => {
  it('refuse a missing, wrong or tampered signature and store nothing', async () => {
    const body = fixture('whatsapp-text.json');
    expect((await deliver('whatsapp', body, null)).status).toBe(401);
    expect((await deliver('whatsapp', body, sign(body, 'other-secret'))).status).toBe(401);
    expect((await deliver('whatsapp', body.replace('أحتاج', 'أريد'), sign(body))).status).toBe(401);
    const lookup = await runtime.deps.store.lookupInbound(
      'whatsapp',
      'wamid.HBgMOTY2NTUxMjMwMDAxFQIAEhggQjQ1QjM3RkE5QzM4',
      [],
    );
    expect(lookup.guard).toBeUndefined();
  });

  it("turn a WhatsApp message into one ticket however often Meta redelivers it, on the sender's phone", async () => {
    const body = fixture('whatsapp-text.json');
    const first = await deliver('whatsapp', body);
    expect(first.body.outcomes).toEqual(['created']);
    await Promise.all([deliver('whatsapp', body), deliver('whatsapp', body)]);
    await deliver('whatsapp', body);
    const lookup = await runtime.deps.store.lookupInbound(
      'whatsapp',
      'wamid.HBgMOTY2NTUxMjMwMDAxFQIAEhggQjQ1QjM3RkE5QzM4',
      [{ kind: 'phone', value: '+966551230001' }],
    );
    const thread = await runtime.deps.store.getTicketWithThread(lookup.guard?.outcome?.ticketId as string);
    expect(thread?.messages).toHaveLength(1);
    expect(thread?.ticket.contactName).toBe('نوف السبيعي');
    expect(lookup.contactIdsByIdentity.size).toBe(1);
  });

  it('read a location, an image (kept as a media reference) and a button reply onto the same ticket', async () => {
    const result = await deliver('whatsapp', fixture('whatsapp-location-and-image.json'));
    expect(result.body.outcomes).toEqual(['appended', 'appended', 'appended']);
    const lookup = await runtime.deps.store.lookupInbound('whatsapp', 'wamid.IMAGE0001', []);
    const thread = await runtime.deps.store.getTicketWithThread(lookup.guard?.outcome?.ticketId as string);
    const texts = thread?.messages.map((message) => message.text) ?? [];
    expect(texts.some((text) => text.includes('الرياض') && text.includes('24.7136'))).toBe(true);
    expect(texts).toContain('نعم، أؤكد');
    const image = thread?.messages.find((message) => message.providerMessageId === 'wamid.IMAGE0001');
    expect(image?.attachments[0]).toMatchObject({
      objectKey: 'whatsapp-media:1003383421387256',
      contentType: 'image/jpeg',
    });
  });

  it('answers on WhatsApp inside the 24-hour window, requires a template outside it, and maps status callbacks', async () => {
    const lookup = await runtime.deps.store.lookupInbound('whatsapp', 'wamid.IMAGE0001', []);
    const ticketId = lookup.guard?.outcome?.ticketId as string;
    const token = await signIn(runtime, 'agent@sanad.local');
    now = new Date('2026-11-25T12:00:00Z');
    const inside = await postJson(
      `${runtime.url}/api/tickets/${ticketId}/messages`,
      { kind: 'reply', text: 'أهلاً بك، سنرسل لك التفاصيل' },
      { authorization: `Bearer ${token}` },
    );
    expect(inside.body).toMatchObject({ channel: 'whatsapp', deliveryStatus: 'sent' });
    expect(JSON.parse(runtime.outbox.list('whatsapp').at(-1)?.payload ?? '{}')).toMatchObject({
      messaging_product: 'whatsapp',
      to: '966551230001',
      type: 'text',
    });

    const open = await fetch(`${runtime.url}/api/tickets/${ticketId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await open.json()) as { whatsappWindow: unknown }).whatsappWindow).toMatchObject({ open: true });
    now = new Date('2026-11-27T12:00:00Z');
    const closed = await fetch(`${runtime.url}/api/tickets/${ticketId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await closed.json()) as { whatsappWindow: unknown }).whatsappWindow).toMatchObject({
      open: false,
    });
    const outside = await postJson(
      `${runtime.url}/api/tickets/${ticketId}/messages`,
      { kind: 'reply', text: 'هل ما زلت بحاجة للمساعدة؟' },
      { authorization: `Bearer ${token}` },
    );
    expect(outside.status).toBe(409);
    const templateReply = (template: unknown) =>
      postJson(
        `${runtime.url}/api/tickets/${ticketId}/messages`,
        { kind: 'reply', text: 'تذكير بطلبك', template },
        { authorization: `Bearer ${token}` },
      );
    expect((await templateReply({ name: 'made_up', language: 'ar', parameters: [] })).status).toBe(400);
    expect(
      (await templateReply({ name: 'case_update', language: 'ar', parameters: ['SND-2026-000001'] })).status,
    ).toBe(400);
    const template = await templateReply({
      name: 'case_update',
      language: 'ar',
      parameters: ['SND-2026-000001', 'وصلت المستندات وسنراجعها'],
    });
    expect(template.status).toBe(201);
    // The ticket records what the beneficiary reads: the approved body with its parameters.
    expect(template.body.text).toBe('تحديث بخصوص طلبكم رقم SND-2026-000001: وصلت المستندات وسنراجعها');
    expect(JSON.parse(runtime.outbox.list('whatsapp').at(-1)?.payload ?? '{}')).toMatchObject({
      type: 'template',
      template: { name: 'case_update' },
    });

    const providerId = inside.body.providerMessageId as string;
    const status = (value: string) =>
      JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '1',
            changes: [
              {
                field: 'messages',
                value: {
                  statuses: [{ id: providerId, status: value, timestamp: '1', recipient_id: '966551230001' }],
                },
              },
            ],
          },
        ],
      });
    await deliver('whatsapp', status('delivered'));
    await deliver('whatsapp', status('read'));
    await deliver('whatsapp', status('sent'));
    const thread = await runtime.deps.store.getTicketWithThread(ticketId);
    expect(thread?.messages.find((message) => message.providerMessageId === providerId)?.deliveryStatus).toBe(
      'read',
    );
  });

  it.each(['messenger', 'instagram'])(
    'make one message of a %s delivery sent three times, sequentially and at once',
    async (channel) => {
      const raw = fixture('messenger-text.json')
        .replace('"object": "page"', `"object": "${channel === 'messenger' ? 'page' : 'instagram'}"`)
        .replace('"mid": "m_', `"mid": "${channel}_dup_`);
      await Promise.all([deliver(channel, raw), deliver(channel, raw)]);
      await deliver(channel, raw);
      const mid = JSON.parse(raw).entry[0].messaging[0].message.mid as string;
      const lookup = await runtime.deps.store.lookupInbound(channel as 'messenger', mid, []);
      const thread = await runtime.deps.store.getTicketWithThread(lookup.guard?.outcome?.ticketId as string);
      expect(thread?.messages.filter((message) => message.providerMessageId === mid)).toHaveLength(1);
    },
  );

  it('turn a Messenger message into a ticket on the page-scoped id, and dead-letter a signed body it cannot read', async () => {
    const result = await deliver('messenger', fixture('messenger-text.json'));
    // The same person wrote before (the redelivery test above), so the message joins their open ticket.
    expect(result.body.outcomes).toEqual(['appended']);
    const odd = JSON.stringify({ object: 'page', entry: 'nope' });
    const dead = await deliver('messenger', odd);
    expect(dead).toMatchObject({ status: 200, body: { outcome: 'dead-lettered' } });
    expect(runtime.deadLetters.letters.at(-1)).toMatchObject({ source: 'webhook-messenger', payload: odd });
  });

  it('mark our Messenger replies delivered and read by the watermarks Messenger reports, and Instagram by the message read', async () => {
    const token = await signIn(runtime, 'agent@sanad.local');
    const event = (channel: string, senderId: string, fields: Record<string, unknown>) =>
      JSON.stringify({
        object: channel === 'instagram' ? 'instagram' : 'page',
        entry: [
          {
            id: 'PAGE_ID_1',
            time: now.getTime(),
            messaging: [
              {
                sender: { id: senderId },
                recipient: { id: 'PAGE_ID_1' },
                timestamp: now.getTime(),
                ...fields,
              },
            ],
          },
        ],
      });
    const written = await deliver(
      'messenger',
      event('messenger', '6241234567890777', { message: { mid: 'm_WATERMARK_1', text: 'هل وصل طلبي؟' } }),
    );
    expect(written.body.outcomes).toEqual(['created']);
    const lookup = await runtime.deps.store.lookupInbound('messenger', 'm_WATERMARK_1', []);
    const ticketId = lookup.guard?.outcome?.ticketId as string;
    const reply = async (text: string) => {
      now = new Date(now.getTime() + 60_000);
      const answer = await postJson(
        `${runtime.url}/api/tickets/${ticketId}/messages`,
        { kind: 'reply', text },
        { authorization: `Bearer ${token}` },
      );
      expect(answer.body).toMatchObject({ channel: 'messenger', deliveryStatus: 'sent' });
      return answer.body as { id: string; createdAt: string };
    };
    const first = await reply('نعم، وصل طلبك');
    const second = await reply('وسنتصل بك غدًا');
    const statuses = async () => {
      const thread = await runtime.deps.store.getTicketWithThread(ticketId);
      return [first.id, second.id].map(
        (id) => thread?.messages.find((message) => message.id === id)?.deliveryStatus,
      );
    };
    // Delivered up to the second reply, read up to the first only; an older watermark moves nothing back.
    await deliver(
      'messenger',
      // As Meta's reference shows a delivery: no timestamp of its own.
      event('messenger', '6241234567890777', {
        delivery: { watermark: Date.parse(second.createdAt) + 500 },
      }).replace(/,"timestamp":\d+/, ''),
    );
    await deliver(
      'messenger',
      event('messenger', '6241234567890777', { read: { watermark: Date.parse(first.createdAt) + 500 } }),
    );
    expect(await statuses()).toEqual(['read', 'delivered']);
    await deliver(
      'messenger',
      event('messenger', '6241234567890777', { delivery: { watermark: Date.parse(first.createdAt) } }),
    );
    expect(await statuses()).toEqual(['read', 'delivered']);
    // Another person's watermark marks nothing of this conversation.
    await deliver(
      'messenger',
      event('messenger', '6241234567890888', { read: { watermark: now.getTime() + 1000 } }),
    );
    expect(await statuses()).toEqual(['read', 'delivered']);
    await deliver(
      'messenger',
      event('messenger', '6241234567890777', { read: { watermark: now.getTime() + 1000 } }),
    );
    expect(await statuses()).toEqual(['read', 'read']);

    const instagram = await deliver(
      'instagram',
      event('instagram', '17841400000000777', { message: { mid: 'ig_WATERMARK_1', text: 'السلام عليكم' } }),
    );
    expect(instagram.body.outcomes).toEqual(['created']);
    const igTicket = (await runtime.deps.store.lookupInbound('instagram', 'ig_WATERMARK_1', [])).guard
      ?.outcome?.ticketId as string;
    now = new Date(now.getTime() + 60_000);
    const igReply = await postJson(
      `${runtime.url}/api/tickets/${igTicket}/messages`,
      { kind: 'reply', text: 'وعليكم السلام' },
      { authorization: `Bearer ${token}` },
    );
    const mid = igReply.body.providerMessageId as string;
    await deliver('instagram', event('instagram', '17841400000000777', { read: { mid } }));
    const igThread = await runtime.deps.store.getTicketWithThread(igTicket);
    expect(igThread?.messages.find((message) => message.providerMessageId === mid)?.deliveryStatus).toBe(
      'read',
    );
  });
});

/** A WhatsApp webhook as Meta's reference shapes it, around one change's value, as the body posted. */
const whatsappChange = (value: Record<string, unknown>) => JSON.stringify(whatsappValue(value));
const seconds = (date: Date) => String(Math.floor(date.getTime() / 1000));

describe('WhatsApp senders and kinds beyond a phone and plain text', () => {
  it('open a ticket for a user known only by their business-scoped id, and answer them on it', async () => {
    now = new Date('2026-11-28T10:00:00Z');
    const result = await deliver(
      'whatsapp',
      whatsappChange({
        contacts: [{ profile: { name: 'سارة', username: '@sara' }, user_id: 'SA.1502576394655843' }],
        messages: [
          {
            from_user_id: 'SA.1502576394655843',
            id: 'wamid.BSUID-ONLY',
            timestamp: seconds(now),
            type: 'text',
            text: { body: 'أحتاج مساعدة في فاتورة الكهرباء' },
          },
        ],
      }),
    );
    expect(result).toMatchObject({ status: 200, body: { outcomes: ['created'] } });
    const lookup = await runtime.deps.store.lookupInbound('whatsapp', 'wamid.BSUID-ONLY', []);
    const ticketId = lookup.guard?.outcome?.ticketId as string;
    expect((await runtime.deps.store.getTicketWithThread(ticketId))?.ticket.contactName).toBe('سارة');
    const token = await signIn(runtime, 'agent@sanad.local');
    const reply = await postJson(
      `${runtime.url}/api/tickets/${ticketId}/messages`,
      { kind: 'reply', text: 'أهلاً سارة، أرسلي صورة الفاتورة' },
      { authorization: `Bearer ${token}` },
    );
    expect(reply.body).toMatchObject({ channel: 'whatsapp', deliveryStatus: 'sent' });
    expect(JSON.parse(runtime.outbox.list('whatsapp').at(-1)?.payload ?? '{}')).toMatchObject({
      recipient: 'SA.1502576394655843',
      type: 'text',
    });
  });

  it('show a number change WhatsApp reports, and point the new number at the contact that changed it', async () => {
    now = new Date('2026-11-28T11:00:00Z');
    const message = (from: string, id: string, body: string) =>
      whatsappChange({
        contacts: [{ profile: { name: 'نجلاء' }, wa_id: from }],
        messages: [{ from, id, timestamp: seconds(now), type: 'text', text: { body } }],
      });
    await deliver('whatsapp', message('966551230301', 'wamid.BEFORE-CHANGE', 'قبل تغيير الرقم'));
    const change = await deliver(
      'whatsapp',
      whatsappChange({
        messages: [
          {
            from: '966551230301',
            id: 'wamid.CHANGE',
            timestamp: seconds(now),
            type: 'system',
            system: {
              body: 'User نجلاء changed from 966551230301 to 966551230302',
              wa_id: '966551230302',
              type: 'user_changed_number',
            },
          },
        ],
      }),
    );
    expect(change.body.outcomes).toEqual(['appended']);
    await deliver('whatsapp', message('966551230302', 'wamid.AFTER-CHANGE', 'بعد تغيير الرقم'));
    const ticketOf = async (id: string) => {
      const lookup = await runtime.deps.store.lookupInbound('whatsapp', id, []);
      return (await runtime.deps.store.getTicketWithThread(lookup.guard?.outcome?.ticketId as string))
        ?.ticket;
    };
    const before = await ticketOf('wamid.BEFORE-CHANGE');
    const thread = await runtime.deps.store.getTicketWithThread(before?.id as string);
    expect(thread?.messages.map((item) => item.text)).toContain(
      '📱 غيّر المستفيد رقم واتساب من +966551230301 إلى +966551230302 (أبلغت به واتساب)',
    );
    // The new number's first message makes a contact of its own (ingest joins a known contact only on an identity
    // the contact lists), marked as a possible duplicate of the one that changed number, for staff to merge.
    const after = await ticketOf('wamid.AFTER-CHANGE');
    const contact = await runtime.deps.store.getContact(after?.contactId as string);
    expect(contact?.possibleDuplicateOf).toEqual([before?.contactId]);
  });

  it('show a user id change WhatsApp reports for a username-only user, and point the new id at the contact', async () => {
    now = new Date('2026-11-28T11:30:00Z');
    const fromUser = (userId: string, id: string, body: string) =>
      whatsappChange({
        contacts: [{ profile: { name: 'هند', username: 'hind.sa' }, user_id: userId }],
        messages: [{ from_user_id: userId, id, timestamp: seconds(now), type: 'text', text: { body } }],
      });
    await deliver('whatsapp', fromUser('SA.1111222233334444', 'wamid.BSUID-BEFORE', 'قبل تغيير المعرّف'));
    const change = await deliver(
      'whatsapp',
      whatsappChange({
        contacts: [{ profile: { name: 'هند' }, user_id: 'SA.1111222233334444' }],
        messages: [
          {
            from_user_id: 'SA.1111222233334444',
            id: 'wamid.BSUID-CHANGE',
            timestamp: seconds(now),
            type: 'system',
            system: {
              body: 'User هند changed their user id',
              type: 'user_changed_user_id',
              user_id: 'SA.5555666677778888',
              previous_user_id: 'SA.1111222233334444',
            },
          },
        ],
      }),
    );
    expect(change.body.outcomes).toEqual(['appended']);
    await deliver('whatsapp', fromUser('SA.5555666677778888', 'wamid.BSUID-AFTER', 'بعد تغيير المعرّف'));
    const ticketOf = async (id: string) => {
      const lookup = await runtime.deps.store.lookupInbound('whatsapp', id, []);
      return (await runtime.deps.store.getTicketWithThread(lookup.guard?.outcome?.ticketId as string))
        ?.ticket;
    };
    const before = await ticketOf('wamid.BSUID-BEFORE');
    const thread = await runtime.deps.store.getTicketWithThread(before?.id as string);
    expect(thread?.messages.find((item) => item.kind === 'user_id_changed')?.text).toContain(
      'تغيّر معرّف المستفيد في واتساب',
    );
    // As with a new number: a contact of its own, marked as a possible duplicate, for staff to merge.
    const after = await ticketOf('wamid.BSUID-AFTER');
    const contact = await runtime.deps.store.getContact(after?.contactId as string);
    expect(contact?.possibleDuplicateOf).toEqual([before?.contactId]);
  });

  it('greet a user who opened the chat (request_welcome) without opening a ticket', async () => {
    const sent = runtime.outbox.list('whatsapp').length;
    const result = await deliver(
      'whatsapp',
      whatsappChange({
        contacts: [{ profile: { name: 'زائر' }, wa_id: '966551230401' }],
        messages: [
          { from: '966551230401', id: 'wamid.WELCOME', timestamp: seconds(now), type: 'request_welcome' },
        ],
      }),
    );
    expect(result.body.outcomes).toEqual(['greeted']);
    expect(runtime.outbox.list('whatsapp')).toHaveLength(sent + 1);
    const greeting = JSON.parse(runtime.outbox.list('whatsapp').at(-1)?.payload ?? '{}');
    expect(greeting).toMatchObject({ to: '966551230401', type: 'text' });
    expect(greeting.text.body).toContain('كيف نستطيع مساعدتك');
    expect((await runtime.deps.store.lookupInbound('whatsapp', 'wamid.WELCOME', [])).guard).toBeUndefined();
  });

  it('ask Meta to deliver again a recent report of a message not recorded yet, and drop an old one', async () => {
    now = new Date('2026-11-28T12:00:00Z');
    const report = (at: Date) =>
      whatsappChange({
        statuses: [
          { id: 'wamid.NOT-RECORDED', status: 'sent', timestamp: seconds(at), recipient_id: '966551230001' },
        ],
      });
    expect((await deliver('whatsapp', report(new Date(now.getTime() - 5_000)))).status).toBe(503);
    expect((await deliver('whatsapp', report(new Date(now.getTime() - 3_600_000)))).status).toBe(200);
  });
});
