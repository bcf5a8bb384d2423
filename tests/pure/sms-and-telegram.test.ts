import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckIfPhoneNumberIsOptedOutCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { UnreadablePayloadError } from '../../functions/channels/delivery-contents.ts';
import { MessagingSender, WhatsAppSender } from '../../functions/channels/meta/graph-senders.ts';
import { smsToInbound } from '../../functions/channels/sms/parse.ts';
import { SmsSender } from '../../functions/channels/sms/sms-sender.ts';
import { SnsSmsProvider } from '../../functions/channels/sms/sns-sms-sender.ts';
import { TelegramBotSender } from '../../functions/channels/telegram/bot-api-sender.ts';
import { telegramToItem, telegramUpdateSchema } from '../../functions/channels/telegram/parse.ts';
import { optOutCommand } from '../../shared/domain/sms-opt-out.ts';
import { smsSegments } from '../../shared/domain/sms-segments.ts';
import type { OutboundMessage } from '../../shared/ports/outbound.ts';

const fixture = (path: string) => readFileSync(join(import.meta.dirname, '../fixtures', path), 'utf8');
const reply = (to: string, text: string): OutboundMessage => ({
  channel: 'sms',
  to,
  text,
  attachments: [],
  ticketReference: 'SND-2026-000001',
});

describe('SMS segments', () => {
  it('fit 70 Arabic characters in one SMS and 67 per part beyond', () => {
    expect(smsSegments('ا'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsSegments('ا'.repeat(71)).segments).toBe(2);
    expect(smsSegments('ا'.repeat(134)).segments).toBe(2);
    expect(smsSegments('ا'.repeat(135)).segments).toBe(3);
  });

  it('fit 160 Latin characters in one SMS and 153 per part, extension characters counting twice', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('a'.repeat(161)).segments).toBe(2);
    expect(smsSegments('€'.repeat(80)).units).toBe(160);
  });
});

describe('SMS opt-out words', () => {
  it.each([
    'STOP',
    'stop',
    ' Stop! ',
    'STOPALL',
    'Unsubscribe',
    'CANCEL',
    'end.',
    'QUIT',
    'إيقاف',
    'ايقاف',
    'إِيقَاف',
    'الغاء',
    'إلغاء',
    'إلغاء الاشتراك',
    '«إيقاف»',
    '\u200Fإيقاف',
    'إيقاف\u200F',
    '\u202Bإيقاف\u202C',
    'إيقاف\u200B',
    'إلغاء\u2067 الاشتراك\u2069',
  ])('%s opts the number out', (text) => {
    expect(optOutCommand(text)).toBe('opt_out');
  });

  it.each([
    'START',
    'start',
    'UNSTOP',
    'اشتراك',
    'إشتراك',
    '\u200Fاشتراك',
    '\u202Bاشتراك\u202C',
    'اشتراك\u200B',
  ])('%s opts it back in', (text) => {
    expect(optOutCommand(text)).toBe('opt_in');
  });

  it.each(['please stop the visit', 'أريد إيقاف الزيارة', 'stopped', 'الاشتراك في الدورة', '1', ''])(
    '%s is an ordinary message',
    (text) => {
      expect(optOutCommand(text)).toBeUndefined();
    },
  );
});

describe('a received SMS', () => {
  it("becomes an inbound contact from the sender's phone, deduplicated by the inbound message id", () => {
    const inbound = smsToInbound(fixture('sms/two-way-sms.json'), new Date('2026-11-25T10:00:00Z'));
    expect(inbound).toMatchObject({
      channel: 'sms',
      providerMessageId: 'cae173d2-66b9-564c-8309-21f858e9fb84',
      identities: [{ kind: 'phone', value: '+966551239876' }],
      text: 'السلام عليكم، أرغب في معرفة حالة طلبي',
      language: 'ar',
    });
  });

  it.each([
    'not json',
    '{}',
    JSON.stringify({ ...JSON.parse(fixture('sms/two-way-sms.json')), originationNumber: 'SANAD' }),
  ])('is refused when unreadable: %s', (raw) => {
    expect(() => smsToInbound(raw, new Date())).toThrow(UnreadablePayloadError);
  });
});

describe('the SNS SMS sender', () => {
  it('publishes a transactional SMS from the sender id and returns the SNS message id', async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    const sent = await new SmsSender(new SnsSmsProvider('SANAD', new SNSClient({}))).send(
      reply('+966551239876', 'تم استلام طلبك'),
    );
    expect(sent).toEqual({ providerMessageId: 'sns-1' });
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toMatchObject({
      PhoneNumber: '+966551239876',
      Message: 'تم استلام طلبك',
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { StringValue: 'Transactional' },
        'AWS.SNS.SMS.SenderID': { StringValue: 'SANAD' },
      },
    });
  });

  it('refuses a reply longer than six parts without calling SNS', async () => {
    const sns = mockClient(SNSClient);
    await expect(
      new SmsSender(new SnsSmsProvider(undefined, new SNSClient({}))).send(
        reply('+966551239876', 'ا'.repeat(500)),
      ),
    ).rejects.toThrow(/parts/);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it("refuses a number on End User Messaging's opt-out list without publishing, so it is never 'sent'", async () => {
    const sns = mockClient(SNSClient);
    sns.on(CheckIfPhoneNumberIsOptedOutCommand).resolves({ isOptedOut: true });
    sns.on(PublishCommand).resolves({ MessageId: 'sns-2' });
    await expect(
      new SmsSender(new SnsSmsProvider(undefined, new SNSClient({}))).send(
        reply('+966551239876', 'تحديث طلبكم'),
      ),
    ).rejects.toThrow(/opted out/);
    expect(sns.commandCalls(CheckIfPhoneNumberIsOptedOutCommand)[0]?.args[0].input).toEqual({
      phoneNumber: '+966551239876',
    });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });
});

describe('a Telegram update', () => {
  const parse = (raw: unknown) => telegramToItem(telegramUpdateSchema.parse(raw), JSON.stringify(raw));
  const base = () => JSON.parse(fixture('telegram/private-text.json'));
  const withMessage = (fields: Record<string, unknown>) => {
    const update = base();
    const { text: _text, ...message } = update.message;
    return { ...update, message: { ...message, ...fields } };
  };

  it('from a private chat becomes an inbound contact keyed by chat and message id', () => {
    const update = base();
    expect(parse(update)).toMatchObject({
      kind: 'message',
      inbound: {
        channel: 'telegram',
        providerMessageId: `${update.message.chat.id}:${update.message.message_id}`,
        identities: [{ kind: 'telegram', value: '700112233' }],
        displayName: 'هيا الرشيدي',
        text: 'مرحباً، متى موعد الدورة التدريبية القادمة؟',
      },
    });
  });

  it('keeps the largest photo as a file to fetch from Telegram, with its caption as text', () => {
    expect(parse(JSON.parse(fixture('telegram/private-photo.json')))).toMatchObject({
      inbound: {
        text: 'صورة الهوية',
        kind: 'photo',
        attachments: [
          {
            source: 'telegram-file:AgACAgQAAxkBAAIBsmAAAQ-large',
            state: 'fetching',
            contentType: 'image/jpeg',
            size: 61234,
          },
        ],
      },
    });
  });

  it("keeps a Premium sender's long caption whole (Telegram allows 4,096 characters)", () => {
    const photo = JSON.parse(fixture('telegram/private-photo.json'));
    const caption = 'أرفقت صورة الهوية وصورة عقد الإيجار، '.repeat(110).slice(0, 4_096).trim();
    const item = parse({ ...photo, message: { ...photo.message, caption } });
    expect(item).toMatchObject({ inbound: { text: caption, kind: 'photo' } });
  });

  it('reads voice notes, locations as a map link, and shared contacts as name and phone', () => {
    expect(
      parse(withMessage({ voice: { file_id: 'VOICE1', duration: 4, mime_type: 'audio/ogg' } })),
    ).toMatchObject({
      inbound: { kind: 'voice', attachments: [{ source: 'telegram-file:VOICE1', contentType: 'audio/ogg' }] },
    });
    expect(parse(withMessage({ location: { latitude: 24.7136, longitude: 46.6753 } }))).toMatchObject({
      inbound: { kind: 'location', text: '📍 https://maps.google.com/?q=24.7136,46.6753' },
    });
    expect(
      parse(
        withMessage({ contact: { phone_number: '+966551112222', first_name: 'سارة', last_name: 'العتيبي' } }),
      ),
    ).toMatchObject({ inbound: { kind: 'contact', text: '👤 سارة العتيبي: +966551112222' } });
  });

  it('records a kind it does not read as unknown, keeping the raw update', () => {
    const game = withMessage({ game: { title: 'لعبة', description: 'x', photo: [] } });
    const item = parse(game);
    expect(item).toMatchObject({ inbound: { kind: 'unknown' } });
    expect(item?.kind === 'message' && JSON.parse(item.inbound.raw ?? '{}')).toEqual(game);
  });

  it('turns an edited message into an edit of the original, and a bare /start into a greeting', () => {
    const update = base();
    const edited = {
      update_id: 2,
      edited_message: { ...update.message, text: 'تصحيح', edit_date: 1795570300 },
    };
    expect(parse(edited)).toEqual({
      kind: 'edit',
      channel: 'telegram',
      providerMessageId: `${update.message.chat.id}:${update.message.message_id}`,
      text: 'تصحيح',
      at: new Date(1795570300 * 1000).toISOString(),
    });
    expect(parse({ ...update, message: { ...update.message, text: '/start' } })).toEqual({
      kind: 'greeting',
      channel: 'telegram',
      to: '700112233',
      language: 'ar',
    });
    expect(parse({ ...update, message: { ...update.message, text: '/start رقم الطلب' } })).toMatchObject({
      kind: 'message',
    });
  });

  it('is ignored from a group or from a bot', () => {
    const update = base();
    const group = { ...update, message: { ...update.message, chat: { id: -100, type: 'group' } } };
    const bot = { ...update, message: { ...update.message, from: { ...update.message.from, is_bot: true } } };
    for (const raw of [group, bot]) expect(parse(raw)).toBeUndefined();
  });
});

describe('the Telegram Bot API sender', () => {
  it('calls sendMessage for the chat and returns chat and message id', async () => {
    const calls: { url: string; body: unknown }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, body: JSON.parse(String(init.body)) });
      return new Response(JSON.stringify({ ok: true, result: { message_id: 55 } }));
    }) as unknown as typeof fetch;
    const sent = await new TelegramBotSender(async () => '123:abc', fakeFetch).send({
      ...reply('700112233', 'أهلاً'),
      channel: 'telegram',
    });
    expect(sent).toEqual({ providerMessageId: '700112233:55' });
    expect(calls[0]).toEqual({
      url: 'https://api.telegram.org/bot123:abc/sendMessage',
      body: { chat_id: '700112233', text: 'أهلاً' },
    });
  });

  it("fails with Telegram's reason when refused", async () => {
    const refusing = (async () =>
      new Response(JSON.stringify({ ok: false, description: 'Forbidden: bot was blocked by the user' }), {
        status: 403,
      })) as unknown as typeof fetch;
    await expect(
      new TelegramBotSender(async () => 't', refusing).send({ ...reply('1', 'x'), channel: 'telegram' }),
    ).rejects.toThrow(/blocked/);
  });
});

describe('the Graph API senders', () => {
  const recorder = (answer: unknown, status = 200) => {
    const calls: { url: string; auth: string | null; body: unknown }[] = [];
    const fetchImpl = (async (url: string, init: RequestInit) => {
      calls.push({
        url,
        auth: new Headers(init.headers).get('authorization'),
        body: JSON.parse(String(init.body)),
      });
      return new Response(JSON.stringify(answer), { status });
    }) as unknown as typeof fetch;
    return { calls, fetchImpl };
  };

  it('send WhatsApp text to the Cloud API of our phone number id, returning the wamid', async () => {
    const { calls, fetchImpl } = recorder({ messages: [{ id: 'wamid.OUT1' }] });
    const sender = new WhatsAppSender(
      async () => 'token',
      async () => '106540352242922',
      fetchImpl,
    );
    const sent = await sender.send({ ...reply('+966551230001', 'أهلاً'), channel: 'whatsapp' });
    expect(sent).toEqual({ providerMessageId: 'wamid.OUT1' });
    expect(calls[0]).toEqual({
      url: 'https://graph.facebook.com/v21.0/106540352242922/messages',
      auth: 'Bearer token',
      body: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '966551230001',
        type: 'text',
        text: { body: 'أهلاً' },
      },
    });
  });

  it('send Messenger/Instagram replies through the Send API as a RESPONSE, and fail with the Graph error', async () => {
    const { calls, fetchImpl } = recorder({ message_id: 'm_1' });
    expect(
      await new MessagingSender(async () => 'page', fetchImpl).send({
        ...reply('6241', 'مرحباً'),
        channel: 'messenger',
      }),
    ).toEqual({
      providerMessageId: 'm_1',
    });
    expect(calls[0]?.body).toEqual({
      recipient: { id: '6241' },
      messaging_type: 'RESPONSE',
      message: { text: 'مرحباً' },
    });
    const refusing = recorder({ error: { message: '(#10) Outside of allowed window' } }, 400);
    await expect(
      new MessagingSender(async () => 'page', refusing.fetchImpl).send({
        ...reply('6241', 'x'),
        channel: 'messenger',
      }),
    ).rejects.toThrow(/allowed window/);
    await expect(
      new WhatsAppSender(
        async () => undefined,
        async () => 'id',
      ).send({ ...reply('1', 'x'), channel: 'whatsapp' }),
    ).rejects.toThrow(/not configured/);
  });
});
