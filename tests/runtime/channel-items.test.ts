import { describe, expect, it } from 'vitest';
import { whatsappWebhook } from '../../infra/local/provider-payloads.ts';
import { STAND_IN_PAGE_TOKEN } from '../../infra/local/provider-stand-in.ts';
import { useWebhookItems } from '../support/webhook-items.ts';

const w = useWebhookItems();
const { providers, meta, whatsappBatch, fromMunira, telegram, telegramMessage, messageOf } = w;

describe('every kind of item a webhook carries', () => {
  it('keeps the message of a WhatsApp batch whose status value is unknown, setting only that status aside', async () => {
    const before = w.runtime.deadLetters.letters.length;
    const result = await meta(
      'whatsapp',
      whatsappBatch(
        [fromMunira('wamid.KEPT-1', { type: 'text', text: { body: 'أرسلت الأوراق المطلوبة' } })],
        [
          {
            id: 'wamid.OURS',
            status: 'held_for_quality_assessment',
            timestamp: '1795570301',
            recipient_id: '966551239001',
          },
        ],
      ),
    );
    expect(result).toMatchObject({ status: 200, body: { outcomes: ['dead-lettered', 'created'] } });
    expect((await messageOf('whatsapp', 'wamid.KEPT-1'))?.text).toBe('أرسلت الأوراق المطلوبة');
    expect(w.runtime.deadLetters.letters.slice(before)).toEqual([
      expect.objectContaining({
        source: 'webhook-whatsapp',
        reason: expect.stringMatching(/^WhatsApp status: status/),
      }),
    ]);
  });

  it('records a WhatsApp reaction on the message it reacts to, with its emoji, and reads voice, contacts and unknown kinds', async () => {
    await meta(
      'whatsapp',
      whatsappBatch([
        fromMunira('wamid.VOICE-1', {
          type: 'audio',
          audio: { id: 'media-voice', mime_type: 'audio/ogg; codecs=opus', voice: true },
        }),
        fromMunira('wamid.CARD-1', {
          type: 'contacts',
          contacts: [
            {
              name: { formatted_name: 'أبو فهد' },
              phones: [{ phone: '+966 55 123 0002', wa_id: '966551230002' }],
            },
          ],
        }),
        fromMunira('wamid.UNSUPPORTED-1', {
          type: 'unsupported',
          errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown' }],
        }),
        fromMunira('wamid.REACT-1', {
          type: 'reaction',
          reaction: { message_id: 'wamid.VOICE-1', emoji: '🙏' },
        }),
      ]),
    );
    const voice = await messageOf('whatsapp', 'wamid.VOICE-1');
    expect(voice).toMatchObject({ kind: 'voice', reactions: [{ emoji: '🙏' }] });
    expect(voice?.attachments[0]).toMatchObject({ name: 'voice.ogg', source: 'whatsapp-media:media-voice' });
    expect(await messageOf('whatsapp', 'wamid.CARD-1')).toMatchObject({
      kind: 'contact',
      text: '👤 أبو فهد: +966 55 123 0002',
    });
    const unsupported = await messageOf('whatsapp', 'wamid.UNSUPPORTED-1');
    expect(unsupported).toMatchObject({ kind: 'unknown' });
    expect(JSON.parse(unsupported?.raw ?? '{}')).toMatchObject({ type: 'unsupported' });
  });

  it('asks Meta to deliver again a reaction that overtook its message, records each reaction once however often its batch comes, and lets go of one whose message never comes', async () => {
    const now = Math.floor(Date.now() / 1000);
    const batch = (messages: unknown[]) =>
      meta('whatsapp', whatsappWebhook({ waId: '966551239061', name: 'هيا' }, messages));
    const fromHaya = (id: string, at: number, fields: Record<string, unknown>) => ({
      from: '966551239061',
      id,
      timestamp: String(at),
      ...fields,
    });
    const reaction = (id: string, to: string, emoji: string, at = now) =>
      fromHaya(id, at, { type: 'reaction', reaction: { message_id: to, emoji } });
    await batch([fromHaya('wamid.RX-KNOWN', now - 60, { type: 'text', text: { body: 'وصلت السلة' } })]);
    const reactions = [
      reaction('wamid.RX-1', 'wamid.RX-KNOWN', '👍'),
      reaction('wamid.RX-2', 'wamid.RX-AHEAD', '🙏'),
    ];
    expect(await batch(reactions)).toMatchObject({ status: 503 });
    await batch([fromHaya('wamid.RX-AHEAD', now - 5, { type: 'text', text: { body: 'شكرا لكم' } })]);
    // Meta resends the whole batch: the reaction already recorded is not recorded twice.
    expect((await batch(reactions)).body).toMatchObject({ outcomes: ['unchanged', 'reacted'] });
    expect((await messageOf('whatsapp', 'wamid.RX-KNOWN'))?.reactions).toEqual([
      { emoji: '👍', at: new Date(now * 1000).toISOString() },
    ]);
    expect((await messageOf('whatsapp', 'wamid.RX-AHEAD'))?.reactions).toEqual([
      { emoji: '🙏', at: new Date(now * 1000).toISOString() },
    ]);
    // Ten minutes after it was made the wait is over: answered 200, not resent for days.
    expect(await batch([reaction('wamid.RX-3', 'wamid.RX-NEVER', '❤️', now - 3600)])).toMatchObject({
      status: 200,
      body: { outcomes: ['reaction_to_unknown_message'] },
    });
  });

  it('keeps one reaction per beneficiary as the apps do: a new one replaces it, taking it back removes it, a late or repeated change is ignored', async () => {
    const now = Math.floor(Date.now() / 1000);
    const batch = (messages: unknown[]) =>
      meta('whatsapp', whatsappWebhook({ waId: '966551239062', name: 'جواهر' }, messages));
    const fromJawaher = (id: string, at: number, fields: Record<string, unknown>) => ({
      from: '966551239062',
      id,
      timestamp: String(at),
      ...fields,
    });
    // As WhatsApp sends them: each change a message of its own id; taken back, the emoji is left out.
    const reaction = (id: string, at: number, emoji?: string) =>
      fromJawaher(id, at, {
        type: 'reaction',
        reaction: { message_id: 'wamid.RC-TEXT', ...(emoji !== undefined && { emoji }) },
      });
    await batch([fromJawaher('wamid.RC-TEXT', now - 60, { type: 'text', text: { body: 'استلمت الطرد' } })]);
    const reactionsOf = async () => (await messageOf('whatsapp', 'wamid.RC-TEXT'))?.reactions;

    expect((await batch([reaction('wamid.RC-1', now - 50, '👍')])).body).toMatchObject({
      outcomes: ['reacted'],
    });
    expect((await batch([reaction('wamid.RC-2', now - 40, '❤️')])).body).toMatchObject({
      outcomes: ['reacted'],
    });
    expect(await reactionsOf()).toEqual([{ emoji: '❤️', at: new Date((now - 40) * 1000).toISOString() }]);
    // The first one delivered again, and a change older than the latest arriving late, change nothing.
    expect((await batch([reaction('wamid.RC-1', now - 50, '👍')])).body).toMatchObject({
      outcomes: ['unchanged'],
    });
    expect((await batch([reaction('wamid.RC-0', now - 45, '😮')])).body).toMatchObject({
      outcomes: ['stale_reaction'],
    });
    expect(await reactionsOf()).toEqual([{ emoji: '❤️', at: new Date((now - 40) * 1000).toISOString() }]);
    expect((await batch([reaction('wamid.RC-3', now - 30)])).body).toMatchObject({
      outcomes: ['reaction_removed'],
    });
    expect(await reactionsOf()).toEqual([]);
    // An empty emoji is taken back too.
    await batch([reaction('wamid.RC-4', now - 20, '🙏')]);
    await batch([reaction('wamid.RC-5', now - 10, '')]);
    expect(await reactionsOf()).toEqual([]);

    // Messenger and Instagram say `unreact`, naming the emoji taken back.
    const messenger = (fields: Record<string, unknown>, timestamp: number) =>
      meta('messenger', {
        object: 'page',
        entry: [
          {
            id: 'PAGE_ID_1',
            time: timestamp,
            messaging: [
              { sender: { id: '6249000000000062' }, recipient: { id: 'PAGE_ID_1' }, timestamp, ...fields },
            ],
          },
        ],
      });
    const ms = now * 1000;
    await messenger({ message: { mid: 'm_RC_TEXT', text: 'شكراً على الرد' } }, ms - 5000);
    const react = (action: string, reaction: string, emoji: string, at: number) =>
      messenger({ reaction: { mid: 'm_RC_TEXT', action, reaction, emoji } }, at);
    await react('react', 'like', '👍', ms - 4000);
    await react('react', 'love', '❤', ms - 3000);
    expect((await messageOf('messenger', 'm_RC_TEXT'))?.reactions).toEqual([
      { emoji: '❤', at: new Date(ms - 3000).toISOString() },
    ]);
    expect((await react('unreact', 'love', '❤', ms - 2000)).body).toMatchObject({
      outcomes: ['reaction_removed'],
    });
    expect((await messageOf('messenger', 'm_RC_TEXT'))?.reactions).toEqual([]);
  });

  it('marks a message WhatsApp or Telegram says was forwarded, and no other', async () => {
    await meta(
      'whatsapp',
      whatsappBatch([
        fromMunira('wamid.FWD-1', {
          type: 'text',
          text: { body: 'التسجيل في برنامج الأسر المنتجة مفتوح' },
          context: { forwarded: true },
        }),
        fromMunira('wamid.OWN-1', { type: 'text', text: { body: 'هل يشملني هذا؟' } }),
      ]),
    );
    await telegram({
      update_id: 5101,
      message: telegramMessage(31, {
        from: { id: 700119002, is_bot: false, first_name: 'هيا', language_code: 'ar' },
        chat: { id: 700119002, type: 'private' },
        text: 'إعلان من قناة الجمعية',
        forward_origin: {
          type: 'channel',
          chat: { id: -1001, type: 'channel', title: 'قناة' },
          date: 1795570000,
        },
      }),
    });
    expect(await messageOf('whatsapp', 'wamid.FWD-1')).toMatchObject({ forwarded: true });
    expect(await messageOf('whatsapp', 'wamid.OWN-1')).not.toHaveProperty('forwarded');
    expect(await messageOf('telegram', '700119002:31')).toMatchObject({ forwarded: true });
  });

  it('keeps which earlier message a WhatsApp, Telegram or Messenger message answers, and the words Telegram quotes', async () => {
    await meta(
      'whatsapp',
      whatsappBatch([
        fromMunira('wamid.ASKED-1', { type: 'text', text: { body: 'متى موعد الزيارة؟' } }),
        fromMunira('wamid.ANSWER-1', {
          type: 'text',
          text: { body: 'وهل أحضر صورة الهوية؟' },
          context: { from: '966551239001', id: 'wamid.ASKED-1' },
        }),
      ]),
    );
    await telegram({
      update_id: 5102,
      message: telegramMessage(32, {
        text: 'نعم هذا رقمي',
        reply_to_message: {
          message_id: 7,
          from: { id: 1, is_bot: true, first_name: 'Sanad' },
          chat: { id: 700119001, type: 'private' },
          date: 1795570000,
          text: 'هل الرقم 0551230001 هو رقم جوالك؟',
        },
        quote: { text: '0551230001', position: 7 },
      }),
    });
    await meta('messenger', {
      object: 'page',
      entry: [
        {
          id: 'PAGE_ID_1',
          time: 1795570100000,
          messaging: [
            {
              sender: { id: '6249000000000002' },
              recipient: { id: 'PAGE_ID_1' },
              timestamp: 1795570100000,
              message: { mid: 'm_ANSWER_1', text: 'شكرًا', reply_to: { mid: 'm_OURS_1' } },
            },
          ],
        },
      ],
    });
    expect(await messageOf('whatsapp', 'wamid.ANSWER-1')).toMatchObject({
      replyTo: { providerMessageId: 'wamid.ASKED-1' },
    });
    expect(await messageOf('whatsapp', 'wamid.ASKED-1')).not.toHaveProperty('replyTo');
    expect(await messageOf('telegram', '700119001:32')).toMatchObject({
      replyTo: { providerMessageId: '700119001:7', text: '0551230001' },
    });
    expect(await messageOf('messenger', 'm_ANSWER_1')).toMatchObject({
      replyTo: { providerMessageId: 'm_OURS_1' },
    });
  });

  it('greets a bare /start through the Bot API and opens no ticket', async () => {
    const sent = w.runtime.outbox.list('telegram').length;
    const result = await telegram({ update_id: 5101, message: telegramMessage(20, { text: '/start' }) });
    expect(result.body).toMatchObject({ outcome: 'greeted' });
    expect(await w.runtime.deps.messages.findByProviderId('telegram', '700119001:20')).toBeUndefined();
    const greeting = w.runtime.outbox.list('telegram').slice(sent);
    expect(greeting).toHaveLength(1);
    expect(JSON.parse(greeting[0]?.payload ?? '{}')).toMatchObject({
      chat_id: '700119001',
      text: expect.stringContaining('كيف نستطيع مساعدتك'),
    });
  });

  it('makes Messenger postbacks and quick replies messages, named from the profile API, and fetches a sent image', async () => {
    const photo = providers.standIn.addCdnFile('id-card.jpg', {
      body: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7)]),
      contentType: 'image/jpeg',
    });
    const event = (fields: Record<string, unknown>, timestamp: number) => ({
      sender: { id: '6249000000000001' },
      recipient: { id: 'PAGE_ID_1' },
      timestamp,
      ...fields,
    });
    const result = await meta('messenger', {
      object: 'page',
      entry: [
        {
          id: 'PAGE_ID_1',
          time: 1795570000000,
          messaging: [
            event(
              { postback: { title: 'ابدأ', payload: 'GET_STARTED', mid: 'm_POSTBACK_1' } },
              1795570000000,
            ),
            event(
              { message: { mid: 'm_QUICK_1', text: 'نعم', quick_reply: { payload: 'YES' } } },
              1795570001000,
            ),
            event(
              { message: { mid: 'm_IMAGE_1', attachments: [{ type: 'image', payload: { url: photo } }] } },
              1795570002000,
            ),
          ],
        },
      ],
    });
    expect(result.body).toMatchObject({ outcomes: ['created', 'appended', 'appended'] });
    expect(await messageOf('messenger', 'm_POSTBACK_1')).toMatchObject({
      kind: 'postback',
      text: 'ابدأ',
      authorName: 'ريم الحربي',
    });
    expect(await messageOf('messenger', 'm_QUICK_1')).toMatchObject({ kind: 'quick_reply', text: 'نعم' });
    await w.runtime.mediaQueue.settled();
    expect((await messageOf('messenger', 'm_IMAGE_1'))?.attachments[0]).toMatchObject({
      state: 'stored',
      contentType: 'image/jpeg',
      size: 2052,
    });
    // The profile API was asked once for the sender, however many messages arrived.
    const lookups = providers.standIn.requests.filter((request) =>
      request.path.startsWith('/v21.0/6249000000000001?'),
    );
    expect(lookups).toHaveLength(1);
    expect(lookups[0]?.authorization).toBe(`Bearer ${STAND_IN_PAGE_TOKEN}`);
  });
});
