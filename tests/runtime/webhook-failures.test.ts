import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmsInboundHandler } from '../../functions/handlers/sms-inbound.ts';
import { localLambdaContext, localSnsEvent } from '../../infra/local/api-gateway-event.ts';
import { LOCAL_META_APP_SECRET, LOCAL_TELEGRAM_SECRET } from '../../infra/local/local-secrets.ts';
import { messengerWebhook, metaSignature, whatsappWebhook } from '../../infra/local/provider-payloads.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';

/**
 * The three webhooks answer the same classes of failure the same way: a part that can never be read is kept as a
 * dead letter and acknowledged (the rest of the delivery is stored); a store failure makes the provider deliver
 * again; a delivery without the provider's signature is refused with 401.
 */
let runtime: LocalRuntime;
let storeDown = false;

beforeAll(async () => {
  runtime = await startTestRuntime({
    instrumentClient: (client) =>
      client.middlewareStack.add(
        (next) => async (args) => {
          if (storeDown)
            throw Object.assign(new Error('Injected: the table is unavailable'), {
              name: 'InternalServerError',
            });
          return next(args);
        },
        { step: 'initialize', name: 'storeDown' },
      ),
  });
});
afterAll(async () => {
  await runtime.close();
});

const fixture = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures', name), 'utf8')) as Record<string, unknown>;

async function post(path: string, body: string, headers: Record<string, string>) {
  const response = await fetch(`${runtime.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const meta = (channel: string, payload: unknown, secret = LOCAL_META_APP_SECRET) => {
  const raw = JSON.stringify(payload);
  return post(`/webhooks/${channel}`, raw, metaSignature(raw, secret));
};
const telegram = (update: unknown, secret = LOCAL_TELEGRAM_SECRET) =>
  post('/webhooks/telegram', JSON.stringify(update), { 'x-telegram-bot-api-secret-token': secret });
const sms = (record: unknown) => post('/local/sms', JSON.stringify(record), {});

const whatsappText = (id: string, from: string, body: string) => ({
  from,
  id,
  timestamp: '1795570000',
  type: 'text',
  text: { body },
});
const telegramText = (updateId: number, messageId: number, text: string) => {
  const update = fixture('telegram/private-text.json') as { message: Record<string, unknown> };
  return { ...update, update_id: updateId, message: { ...update.message, message_id: messageId, text } };
};
const smsText = (inboundMessageId: string, messageBody: string) => ({
  ...fixture('sms/two-way-sms.json'),
  inboundMessageId,
  messageBody,
});

const stored = async (channel: 'whatsapp' | 'messenger' | 'telegram' | 'sms', providerMessageId: string) =>
  (await runtime.deps.store.lookupInbound(channel, providerMessageId, [])).guard?.outcome?.ticketId;
const lettersSince = (before: number) => runtime.deadLetters.letters.slice(before);

describe('an entry that can never be read', () => {
  it('on WhatsApp is dead-lettered and acknowledged, and the batch’s other messages are stored', async () => {
    const before = runtime.deadLetters.letters.length;
    const result = await meta(
      'whatsapp',
      whatsappWebhook({ waId: '966551230077', name: 'نورة' }, [
        whatsappText('wamid.FAIL-BAD', 'not-a-phone', 'من لا رقم له'),
        whatsappText('wamid.FAIL-GOOD', '966551230077', 'أرغب في التسجيل'),
      ]),
    );
    expect(result).toMatchObject({ status: 200, body: { outcomes: ['dead-lettered', 'created'] } });
    expect(await stored('whatsapp', 'wamid.FAIL-GOOD')).toBeDefined();
    expect(lettersSince(before)).toEqual([
      expect.objectContaining({ source: 'webhook-whatsapp', payload: expect.stringContaining('FAIL-BAD') }),
    ]);
  });

  it('on Messenger is dead-lettered and acknowledged, and the other events are stored', async () => {
    const before = runtime.deadLetters.letters.length;
    const good = messengerWebhook('PSID-FAIL-1', 1795570000000, { mid: 'm_FAIL-GOOD', text: 'مرحبا' });
    const payload = {
      ...good,
      entry: [{ ...good.entry[0], messaging: [{ sender: 'nobody' }, ...(good.entry[0]?.messaging ?? [])] }],
    };
    const result = await meta('messenger', payload);
    expect(result).toMatchObject({ status: 200, body: { outcomes: ['dead-lettered', 'created'] } });
    expect(await stored('messenger', 'm_FAIL-GOOD')).toBeDefined();
    expect(lettersSince(before)).toEqual([expect.objectContaining({ source: 'webhook-messenger' })]);
  });

  it('on Telegram (one update a request) is dead-lettered and acknowledged, and the next update is stored', async () => {
    const before = runtime.deadLetters.letters.length;
    const unreadable = await telegram({ update_id: 'x', message: 'not an update' });
    expect(unreadable).toMatchObject({ status: 200, body: { outcome: 'dead-lettered' } });
    expect(lettersSince(before)).toEqual([expect.objectContaining({ source: 'webhook-telegram' })]);
    expect((await telegram(telegramText(810400001, 4001, 'سؤال عن الدورة'))).body).toMatchObject({
      outcome: 'created',
    });
  });

  it('on SMS is dead-lettered (the local stand-in answers 400), and the other records of the same SNS event are stored', async () => {
    const before = runtime.deadLetters.letters.length;
    expect((await sms({ messageBody: 'no sender' })).status).toBe(400);
    const event = localSnsEvent(JSON.stringify(smsText('sms-fail-good', 'أرغب في معرفة حالة طلبي')));
    const [goodRecord] = event.Records;
    const unreadable = localSnsEvent('{"originationNumber":"not json"').Records[0];
    if (!goodRecord || !unreadable) throw new Error('no records');
    await createSmsInboundHandler(() => runtime.deps)(
      { Records: [unreadable, goodRecord] },
      localLambdaContext('smsInbound'),
    );
    expect(await stored('sms', 'sms-fail-good')).toBeDefined();
    expect(lettersSince(before)).toEqual([
      expect.objectContaining({
        source: 'sms-inbound',
        payload: JSON.stringify({ messageBody: 'no sender' }),
      }),
      expect.objectContaining({ source: 'sms-inbound', payload: '{"originationNumber":"not json"' }),
    ]);
  });
});

describe('an entry with a field no provider sends', () => {
  it.each([
    ['a timestamp that is no number', { timestamp: 'not-a-number' }],
    ['a timestamp past any date', { timestamp: '999999999999999' }],
    ['an empty id', { id: '' }],
    ['an id longer than any key', { id: `wamid.${'x'.repeat(3_000)}` }],
    ['a text longer than WhatsApp allows', { text: { body: 'ن'.repeat(20_000) } }],
  ])('on WhatsApp (%s) is dead-lettered, and the batch’s other message is stored', async (_, fields) => {
    const before = runtime.deadLetters.letters.length;
    const good = `wamid.FIELD-GOOD-${crypto.randomUUID()}`;
    const result = await meta(
      'whatsapp',
      whatsappWebhook({ waId: '966551230070', name: 'نورة' }, [
        { ...whatsappText(`wamid.FIELD-BAD-${crypto.randomUUID()}`, '966551230070', 'غريبة'), ...fields },
        whatsappText(good, '966551230070', 'أرغب في التسجيل'),
      ]),
    );
    expect(result).toMatchObject({ status: 200, body: { outcomes: ['dead-lettered', expect.any(String)] } });
    expect(await stored('whatsapp', good)).toBeDefined();
    expect(lettersSince(before)).toEqual([expect.objectContaining({ source: 'webhook-whatsapp' })]);
  });

  it('never takes a second message with an empty id for a duplicate of the first', async () => {
    const before = runtime.deadLetters.letters.length;
    for (const [sender, mid] of [
      ['PSID-EMPTY-1', ''],
      ['PSID-EMPTY-2', ''],
    ] as const) {
      const result = await meta(
        'messenger',
        messengerWebhook(sender, Date.now(), { mid, text: `من ${sender}` }),
      );
      expect(result).toMatchObject({ status: 200, body: { outcomes: ['dead-lettered'] } });
    }
    // Both are kept whole, for replay once understood.
    expect(lettersSince(before).map((letter) => letter.payload)).toEqual([
      expect.stringContaining('PSID-EMPTY-1'),
      expect.stringContaining('PSID-EMPTY-2'),
    ]);
  });

  it('on Messenger and Telegram, a time no Date holds is dead-lettered, not answered 500', async () => {
    const before = runtime.deadLetters.letters.length;
    const messenger = await meta(
      'messenger',
      messengerWebhook('PSID-TIME-1', 1e17, { mid: 'm_TIME-1', text: 'x' }),
    );
    expect(messenger).toMatchObject({ status: 200, body: { outcomes: ['dead-lettered'] } });
    const update = telegramText(810400009, 4009, 'سؤال');
    const late = await telegram({ ...update, message: { ...update.message, date: 1e15 } });
    expect(late).toMatchObject({ status: 200, body: { outcome: 'dead-lettered' } });
    expect(lettersSince(before)).toHaveLength(2);
  });
});

describe('a store failure', () => {
  const whatsapp = whatsappWebhook({ waId: '966551230078', name: 'هند' }, [
    whatsappText('wamid.DOWN-1', '966551230078', 'السلام عليكم'),
  ]);
  const update = telegramText(810400002, 4002, 'هل وصل طلبي؟');
  const text = smsText('sms-down-1', 'متى موعد الصرف؟');

  it('makes every provider deliver again, and the redelivery is stored once', async () => {
    const before = runtime.deadLetters.letters.length;
    storeDown = true;
    try {
      // Meta retries anything but a 200 and Telegram anything but a 2xx; SNS→Lambda retries a failed invocation.
      expect(await meta('whatsapp', whatsapp)).toMatchObject({ status: 503 });
      expect(await telegram(update)).toMatchObject({ status: 503 });
      expect((await sms(text)).status).toBe(500);
      await expect(
        createSmsInboundHandler(() => runtime.deps)(
          localSnsEvent(JSON.stringify(text)),
          localLambdaContext('smsInbound'),
        ),
      ).rejects.toThrow(/retries/);
    } finally {
      storeDown = false;
    }
    // Nothing was dead-lettered: the provider's redelivery is the retry.
    expect(lettersSince(before)).toEqual([]);
    expect(await meta('whatsapp', whatsapp)).toMatchObject({ status: 200, body: { outcomes: ['created'] } });
    expect(await meta('whatsapp', whatsapp)).toMatchObject({
      status: 200,
      body: { outcomes: ['duplicate'] },
    });
    // The chat already has an open ticket from the test above: the update joins it.
    expect(await telegram(update)).toMatchObject({ status: 200, body: { outcome: 'appended' } });
    expect((await sms(text)).status).toBe(202);
    expect(await stored('sms', 'sms-down-1')).toBeDefined();
  });
});

describe('a delivery without the provider’s signature', () => {
  it.each(['whatsapp', 'messenger', 'instagram'])(
    'is refused with 401 on %s, storing nothing',
    async (channel) => {
      const payload = whatsappWebhook({ waId: '966551230079', name: 'سارة' }, [
        whatsappText(`wamid.UNSIGNED-${channel}`, '966551230079', 'مرحبا'),
      ]);
      expect(await meta(channel, payload, 'not-the-app-secret')).toMatchObject({
        status: 401,
        body: { error: 'unauthorized' },
      });
      expect(await stored('whatsapp', `wamid.UNSIGNED-${channel}`)).toBeUndefined();
    },
  );

  it('is refused with 401 on Telegram, storing nothing', async () => {
    expect(await telegram(telegramText(810400003, 4003, 'مرحبا'), 'guess')).toMatchObject({
      status: 401,
      body: { error: 'unauthorized' },
    });
    expect(await stored('telegram', '700112233:4003')).toBeUndefined();
  });

  // SMS has no signature of its own: SNS invokes the function under IAM, so there is nothing to refuse.
});
