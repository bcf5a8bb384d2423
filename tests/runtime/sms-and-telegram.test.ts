import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_TELEGRAM_SECRET } from '../../infra/local/local-secrets.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { postJson, signIn, startTestRuntime } from '../support/runtime.ts';

const fixture = (path: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures', path), 'utf8'));

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

const telegram = (update: unknown, secret: string | null = LOCAL_TELEGRAM_SECRET) =>
  postJson(
    `${runtime.url}/webhooks/telegram`,
    update,
    secret ? { 'x-telegram-bot-api-secret-token': secret } : {},
  );

const sms = (record: unknown) => postJson(`${runtime.url}/local/sms`, record);

async function messagesOf(ticketId: string) {
  return (await runtime.deps.store.getTicketWithThread(ticketId))?.messages ?? [];
}

describe('the Telegram webhook', () => {
  it('refuses an update without the secret token, or with a wrong one, and stores nothing', async () => {
    const update = { ...fixture('telegram/private-text.json'), update_id: 1 };
    expect((await telegram(update, null)).status).toBe(401);
    expect((await telegram(update, 'guess')).status).toBe(401);
    const lookup = await runtime.deps.store.lookupInbound('telegram', '700112233:1721', []);
    expect(lookup.guard).toBeUndefined();
  });

  it('turns a private message into a ticket, once however often Telegram redelivers it', async () => {
    const update = fixture('telegram/private-text.json');
    const first = await telegram(update);
    expect(first.status).toBe(200);
    expect(first.body.outcome).toBe('created');
    const again = await Promise.all([telegram(update), telegram(update), telegram(update)]);
    expect(again.map((result) => result.body.ticketId)).toEqual([1, 2, 3].map(() => first.body.ticketId));
    expect(await messagesOf(first.body.ticketId as string)).toHaveLength(1);
  });

  it('keeps half an emoji as U+FFFD: a lone surrogate is no character, and stores read it each their own way', async () => {
    const update = fixture('telegram/private-text.json');
    const cut = {
      ...update,
      update_id: 77,
      message: { ...update.message, message_id: 77, text: 'شكرا \uD83D' },
    };
    const created = await telegram(cut);
    expect(created.status).toBe(200);
    const [message] = await messagesOf(created.body.ticketId as string);
    expect(message?.text).toBe('شكرا \uFFFD');
  });

  it('answers a reply through the Bot API request (in the local outbox)', async () => {
    const created = await telegram({ ...fixture('telegram/private-text.json'), update_id: 99 });
    const ticket = await runtime.deps.store.getTicket(created.body.ticketId as string);
    const token = await signIn(runtime, 'agent@sanad.local');
    const reply = await postJson(
      `${runtime.url}/api/tickets/${ticket?.id}/messages`,
      { kind: 'reply', text: 'الدورة القادمة يوم الأحد' },
      { authorization: `Bearer ${token}` },
    );
    expect(reply.body).toMatchObject({ channel: 'telegram', deliveryStatus: 'sent' });
    expect(JSON.parse(runtime.outbox.list('telegram').at(-1)?.payload ?? '{}')).toEqual({
      chat_id: '700112233',
      text: 'الدورة القادمة يوم الأحد',
    });
  });

  it('keeps a body that is not an update as a dead letter and acknowledges it, so Telegram stops resending it', async () => {
    const result = await telegram({ hello: 'world' });
    expect(result).toMatchObject({ status: 200, body: { outcome: 'dead-lettered' } });
    expect(runtime.deadLetters.letters.at(-1)).toMatchObject({ source: 'webhook-telegram' });
  });
});

describe('two-way SMS (the SNS topic, locally POST /local/sms)', () => {
  it("makes one ticket from a received SMS delivered three times, on the sender's contact", async () => {
    const record = { ...fixture('sms/two-way-sms.json'), inboundMessageId: 'sms-dup-1' };
    await Promise.all([sms(record), sms(record)]);
    await sms(record);
    const lookup = await runtime.deps.store.lookupInbound('sms', 'sms-dup-1', []);
    expect(lookup.guard).toBeDefined();
    expect(await messagesOf(lookup.guard?.outcome?.ticketId as string)).toHaveLength(1);
  });

  it('never joins a web form to the SMS sender whose phone it names: its own contact, suggested as the same person', async () => {
    await sms({
      ...fixture('sms/two-way-sms.json'),
      originationNumber: '+966557771234',
      inboundMessageId: 'sms-x',
    });
    const form = await postJson(`${runtime.url}/public/contact`, {
      name: 'أبو علي',
      phone: '٠٥٥٧٧٧١٢٣٤',
      subject: 'متابعة',
      message: 'أرسلت رسالة نصية أمس',
    });
    const viaSms = await runtime.deps.store.lookupInbound('sms', 'sms-x', []);
    const smsTicket = await runtime.deps.store.getTicket(viaSms.guard?.outcome?.ticketId as string);
    const formTicket = await runtime.deps.store.getTicket(form.body.ticketId as string);
    expect(form.body).toMatchObject({ outcome: 'created' });
    expect(formTicket?.contactId).not.toBe(smsTicket?.contactId);
    expect(formTicket?.tags).toContain('sender_not_verified');
    const formContact = await runtime.deps.store.getContact(formTicket?.contactId as string);
    expect(formContact?.possibleDuplicateOf).toEqual([smsTicket?.contactId]);
    // The SMS sender keeps the phone: their next text joins their own ticket.
    await sms({
      ...fixture('sms/two-way-sms.json'),
      originationNumber: '+966557771234',
      inboundMessageId: 'sms-x-2',
    });
    const again = await runtime.deps.store.lookupInbound('sms', 'sms-x-2', []);
    expect(again.guard?.outcome?.ticketId).toBe(smsTicket?.id);
  });

  it('dead-letters an unreadable record instead of losing it, and the local stand-in says so', async () => {
    const unreadable = await sms({ messageBody: 'no sender' });
    expect(runtime.deadLetters.letters.at(-1)).toMatchObject({ source: 'sms-inbound' });
    expect(unreadable).toMatchObject({ status: 400, body: { accepted: false, deadLettered: true } });
    const notPhone = await sms({
      ...fixture('sms/two-way-sms.json'),
      originationNumber: 'Sanad',
      inboundMessageId: 'sms-x',
    });
    expect(notPhone).toMatchObject({ status: 400, body: { deadLettered: true } });
    const read = await sms({ ...fixture('sms/two-way-sms.json'), inboundMessageId: 'sms-read-1' });
    expect(read).toMatchObject({ status: 202, body: { accepted: true } });
  });
});

describe('live channels (SANAD_LIVE_CHANNELS=true)', () => {
  it('send through the real provider API instead of the outbox, failing visibly without credentials', async () => {
    const live = await startTestRuntime({ liveChannels: true });
    try {
      const created = await postJson(`${live.url}/webhooks/telegram`, fixture('telegram/private-text.json'), {
        'x-telegram-bot-api-secret-token': LOCAL_TELEGRAM_SECRET,
      });
      const token = await signIn(live, 'agent@sanad.local');
      const reply = await postJson(
        `${live.url}/api/tickets/${created.body.ticketId}/messages`,
        { kind: 'reply', text: 'أهلاً' },
        { authorization: `Bearer ${token}` },
      );
      expect(reply.body).toMatchObject({
        deliveryStatus: 'failed',
        failureReason: 'The Telegram bot token is not configured',
      });
      expect(live.outbox.list('telegram')).toHaveLength(0);
    } finally {
      await live.close();
    }
  });
});
