import { describe, expect, it } from 'vitest';
import { parseWhatsApp } from '../../functions/channels/meta/whatsapp-parse.ts';
import { telegramToItem, telegramUpdateSchema } from '../../functions/channels/telegram/parse.ts';
import { whatsappChange } from '../../infra/local/provider-payloads.ts';
import type { InboundContact } from '../../shared/domain/inbound-contact.ts';

/** A private Telegram chat's message, shaped as the Bot API's Update (https://core.telegram.org/bots/api#update). */
const telegramUpdate = (fields: Record<string, unknown>) => ({
  update_id: 810334600,
  message: {
    message_id: 1800,
    from: { id: 700112244, is_bot: false, first_name: 'نورة', language_code: 'ar' },
    chat: { id: 700112244, first_name: 'نورة', type: 'private' },
    date: 1795570000,
    ...fields,
  },
});
const telegram = (fields: Record<string, unknown>) => {
  const raw = telegramUpdate(fields);
  return telegramToItem(telegramUpdateSchema.parse(raw), JSON.stringify(raw));
};

describe('a Telegram deep link to the bot', () => {
  it('is greeted as a bare /start is: t.me/<bot>?start=<payload> sends /start <payload>', () => {
    const greeting = { kind: 'greeting', channel: 'telegram', to: '700112244', language: 'ar' };
    const command = (length: number) => [{ type: 'bot_command', offset: 0, length }];
    expect(telegram({ text: '/start ramadan2026', entities: command(6) })).toEqual(greeting);
    expect(telegram({ text: '/start zakat_form-2', entities: command(6) })).toEqual(greeting);
    expect(telegram({ text: '/start', entities: command(6) })).toEqual(greeting);
  });

  it('keeps words the beneficiary typed after /start as their message', () => {
    expect(telegram({ text: '/start أريد الاستفسار عن السلة الغذائية' })).toMatchObject({
      kind: 'message',
      inbound: { text: '/start أريد الاستفسار عن السلة الغذائية' },
    });
  });
});

describe('a Telegram poll or dice', () => {
  it('shows a poll to staff as its question and its options', () => {
    const item = telegram({
      poll: {
        id: '5390000000000000001',
        question: 'ما الوقت المناسب لزيارتكم؟',
        options: [
          { text: 'صباحًا', voter_count: 0 },
          { text: 'مساءً', voter_count: 0 },
        ],
        total_voter_count: 0,
        is_closed: false,
        is_anonymous: true,
        type: 'regular',
        allows_multiple_answers: false,
      },
    });
    expect(item).toMatchObject({
      kind: 'message',
      inbound: { kind: 'poll', text: '📊 استطلاع: ما الوقت المناسب لزيارتكم؟\n- صباحًا\n- مساءً' },
    });
  });

  it('shows a dice as its emoji and the value it landed on', () => {
    expect(telegram({ dice: { emoji: '🎲', value: 4 } })).toMatchObject({
      kind: 'message',
      inbound: { kind: 'dice', text: '🎲 4' },
    });
  });
});

const whatsapp = (message: Record<string, unknown>): InboundContact => {
  const parsed = parseWhatsApp(
    whatsappChange({
      contacts: [{ profile: { name: 'منيرة' }, wa_id: '966551239001' }],
      messages: [{ from: '966551239001', id: 'wamid.SMALL', timestamp: '1795570300', ...message }],
    }),
  );
  const [item] = parsed.items;
  if (item?.kind !== 'message') throw new Error(`Not a message: ${JSON.stringify(item)}`);
  return item.inbound;
};

describe('a WhatsApp message staff cannot read here', () => {
  const errors = [
    {
      code: 131051,
      title: 'Message type unknown',
      message: 'Message type unknown',
      error_data: { details: 'Message type is currently not supported.' },
    },
  ];

  it('says in Arabic that WhatsApp cannot show it, names its type, and asks for it again as text or a photo', () => {
    const inbound = whatsapp({ type: 'unsupported', errors, unsupported: { type: 'poll_creation' } });
    expect(inbound.text).toBe(
      '(رسالة من نوع لا تعرضه واتساب للجمعية (استطلاع رأي)؛ يُطلب من المرسل إعادتها نصًّا أو صورة)',
    );
    // Kept whole beside the words, as any message of a kind the system does not read.
    expect(inbound.kind).toBe('unknown');
    expect(JSON.parse(inbound.raw ?? '{}')).toMatchObject({ unsupported: { type: 'poll_creation' } });
  });

  it('names a type it has no word for as WhatsApp does, and none when WhatsApp gives none', () => {
    expect(whatsapp({ type: 'unsupported', errors, unsupported: { type: 'album' } }).text).toContain(
      'لا تعرضه واتساب للجمعية (album)؛',
    );
    expect(whatsapp({ type: 'unsupported', errors }).text).toBe(
      '(رسالة من نوع لا تعرضه واتساب للجمعية؛ يُطلب من المرسل إعادتها نصًّا أو صورة)',
    );
  });

  it("explains in Arabic that the beneficiary's WhatsApp identity changed, asking staff to confirm who they are", () => {
    const inbound = whatsapp({
      type: 'system',
      system: {
        body: "User منيرة's security code changed",
        type: 'customer_identity_changed',
        identity: 'acaf3f5c1c3e3e6f',
        customer: '966551239001',
      },
    });
    expect(inbound.kind).toBe('identity_changed');
    expect(inbound.text).toContain('تغيّر هوية المستفيد');
    expect(inbound.text).toContain('أعاد تثبيت واتساب أو انتقل إلى هاتف جديد');
    expect(inbound.text).toContain('قبل مشاركة أي بيانات شخصية');
    expect(inbound.text).not.toContain('security code');
  });
});
