import { beforeAll, describe, expect, it } from 'vitest';
import { messengerWebhook, whatsappWebhook } from '../../infra/local/provider-payloads.ts';
import { STAND_IN_PAGE_TOKEN } from '../../infra/local/provider-stand-in.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { postMetaWebhook, postTelegramUpdate, useProviderStandIn } from '../support/provider-stand-in.ts';

const providers = useProviderStandIn();
let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await providers.startRuntime(['telegram-bot-token', 'meta-page-access-token']);
});

const meta = (channel: string, payload: unknown) => postMetaWebhook(runtime, channel, payload);
const whatsappBatch = (messages: unknown[], statuses: unknown[] = []) =>
  whatsappWebhook({ waId: '966551239001', name: 'منيرة' }, messages, statuses);
const fromMunira = (id: string, fields: Record<string, unknown>) => ({
  from: '966551239001',
  id,
  timestamp: '1795570300',
  ...fields,
});
const telegram = (update: unknown) => postTelegramUpdate(runtime, update);
const telegramMessage = (messageId: number, fields: Record<string, unknown>) => ({
  message_id: messageId,
  from: { id: 700119001, is_bot: false, first_name: 'لمى', language_code: 'ar' },
  chat: { id: 700119001, type: 'private' },
  date: 1795570400,
  ...fields,
});

async function messageOf(channel: 'whatsapp' | 'telegram' | 'messenger', providerMessageId: string) {
  const pointer = await runtime.deps.messages.findByProviderId(channel, providerMessageId);
  if (!pointer) throw new Error(`${providerMessageId} is not stored`);
  return (await runtime.deps.messages.getMessage(pointer.ticketId, pointer.messageId))?.message;
}

describe('every kind of item a webhook carries', () => {
  it('keeps the message of a WhatsApp batch whose status value is unknown, setting only that status aside', async () => {
    const before = runtime.deadLetters.letters.length;
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
    expect(runtime.deadLetters.letters.slice(before)).toEqual([
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

  it('shows a WhatsApp edit and a deletion (WhatsApp Business app numbers) on the messages they change', async () => {
    await meta(
      'whatsapp',
      whatsappBatch([
        fromMunira('wamid.TO-EDIT', { type: 'text', text: { body: 'رقم هويتي 1012345678' } }),
        fromMunira('wamid.TO-REVOKE', {
          type: 'image',
          image: { id: 'media-revoked', mime_type: 'image/jpeg', caption: 'صورة الهوية' },
        }),
      ]),
    );
    const later = (id: string, seconds: number, fields: Record<string, unknown>) => ({
      ...fromMunira(id, fields),
      timestamp: String(1795570300 + seconds),
    });
    const changed = await meta(
      'whatsapp',
      whatsappBatch([
        later('wamid.EDIT-1', 60, {
          type: 'edit',
          edit: {
            original_message_id: 'wamid.TO-EDIT',
            message: {
              context: { id: 'wamid.TO-EDIT' },
              type: 'text',
              text: { body: 'رقم هويتي 1012345679' },
            },
          },
        }),
        later('wamid.REVOKE-1', 90, { type: 'revoke', revoke: { original_message_id: 'wamid.TO-REVOKE' } }),
      ]),
    );
    expect(changed).toMatchObject({ status: 200, body: { outcomes: ['edited', 'edited'] } });
    expect(await messageOf('whatsapp', 'wamid.TO-EDIT')).toMatchObject({
      text: 'رقم هويتي 1012345679',
      edits: [{ text: 'رقم هويتي 1012345678' }],
    });
    expect(await messageOf('whatsapp', 'wamid.TO-REVOKE')).toMatchObject({
      text: '(سحب المرسل هذه الرسالة)',
      edits: [{ text: 'صورة الهوية' }],
    });
    // Neither became a message of its own.
    for (const id of ['wamid.EDIT-1', 'wamid.REVOKE-1'])
      expect(await runtime.deps.messages.findByProviderId('whatsapp', id)).toBeUndefined();
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

  it('shows a Telegram edit as an edit of the original message, keeping what it said before', async () => {
    await telegram({ update_id: 5001, message: telegramMessage(11, { text: 'رقم هويتي 1012345678' }) });
    const edit = (text: string, editDate: number, updateId: number) =>
      telegram({ update_id: updateId, edited_message: telegramMessage(11, { text, edit_date: editDate }) });
    expect((await edit('رقم هويتي 1012345679', 1795570500, 5002)).body).toMatchObject({ outcome: 'edited' });
    await edit('رقم هويتي 1012345670', 1795570600, 5003);
    const message = await messageOf('telegram', '700119001:11');
    expect(message).toMatchObject({
      text: 'رقم هويتي 1012345670',
      editedAt: new Date(1795570600 * 1000).toISOString(),
      edits: [
        { text: 'رقم هويتي 1012345678', at: new Date(1795570400 * 1000).toISOString() },
        { text: 'رقم هويتي 1012345679', at: new Date(1795570500 * 1000).toISOString() },
      ],
    });
    // The inbox's row says what the message says now: the subject made from it and its preview.
    const pointer = await runtime.deps.messages.findByProviderId('telegram', '700119001:11');
    expect(await runtime.deps.store.getTicket(pointer?.ticketId ?? '')).toMatchObject({
      subject: 'رقم هويتي 1012345670',
      preview: 'رقم هويتي 1012345670',
    });
    // A row whose update died with the first delivery catches up when Telegram delivers the edit again.
    await runtime.deps.store.updateTicket(pointer?.ticketId ?? '', (ticket) => ({
      ...ticket,
      subject: 'رقم هويتي 1012345679',
      preview: 'رقم هويتي 1012345679',
    }));
    expect((await edit('رقم هويتي 1012345670', 1795570600, 5005)).body).toMatchObject({
      outcome: 'unchanged',
    });
    expect(await runtime.deps.store.getTicket(pointer?.ticketId ?? '')).toMatchObject({
      subject: 'رقم هويتي 1012345670',
      preview: 'رقم هويتي 1012345670',
    });
    // Telegram resends the first edit: the later wording stays, and the history holds each edit once.
    expect((await edit('رقم هويتي 1012345679', 1795570500, 5004)).body).toMatchObject({
      outcome: 'stale_edit',
    });
    expect(await messageOf('telegram', '700119001:11')).toMatchObject({
      text: 'رقم هويتي 1012345670',
      edits: [expect.anything(), expect.anything()],
    });
  });

  it('asks Telegram to deliver again an edit that overtook its message (updates come over many connections at once)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const message = (fields: Record<string, unknown>) =>
      telegramMessage(61, { chat: { id: 700119061, type: 'private' }, date: now - 30, ...fields });
    const edit = { update_id: 5302, edited_message: message({ text: 'أحتاج كرسيا متحركا', edit_date: now }) };
    expect(await telegram(edit)).toMatchObject({ status: 503 });
    await telegram({ update_id: 5301, message: message({ text: 'أحتاج كرسيا' }) });
    // Telegram resends what it was not answered 2xx.
    expect((await telegram(edit)).body).toMatchObject({ outcome: 'edited' });
    expect(await messageOf('telegram', '700119061:61')).toMatchObject({
      text: 'أحتاج كرسيا متحركا',
      edits: [{ text: 'أحتاج كرسيا' }],
    });
  });

  it('answers copies of one Messenger edit arriving together 200, recording the edit once', async () => {
    const sender = 'PSID-EDIT-COPIES';
    await meta(
      'messenger',
      messengerWebhook(sender, 1795570700000, { mid: 'm_EDIT-COPIES', text: 'عنواني حي النسيم' }),
    );
    const edit = {
      object: 'page',
      entry: [
        {
          id: 'PAGE-1',
          time: 1795570800000,
          messaging: [
            {
              sender: { id: sender },
              recipient: { id: 'PAGE-1' },
              timestamp: 1795570800000,
              message_edit: { mid: 'm_EDIT-COPIES', text: 'عنواني حي الملز' },
            },
          ],
        },
      ],
    };
    const answers = await Promise.all(Array.from({ length: 6 }, () => meta('messenger', edit)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(200));
    const outcomes = answers.flatMap((answer) => answer.body.outcomes as string[]);
    expect(outcomes.filter((outcome) => outcome === 'edited')).toHaveLength(1);
    expect(await messageOf('messenger', 'm_EDIT-COPIES')).toMatchObject({
      text: 'عنواني حي الملز',
      edits: [{ text: 'عنواني حي النسيم' }],
    });
  });

  it('asks Meta to deliver again an edit that overtook its message, and keeps aside one whose message never comes', async () => {
    const sender = 'PSID-EDIT-AHEAD';
    const editOf = (mid: string, at: number, text: string) => ({
      object: 'page',
      entry: [
        {
          id: 'PAGE-1',
          time: at,
          messaging: [
            {
              sender: { id: sender },
              recipient: { id: 'PAGE-1' },
              timestamp: at,
              message_edit: { mid, text },
            },
          ],
        },
      ],
    });
    const now = Date.now();
    const edit = editOf('m_EDIT-AHEAD', now, 'أحتاج سلة غذائية وحليب أطفال');
    expect((await meta('messenger', edit)).status).toBe(503);
    await meta(
      'messenger',
      messengerWebhook(sender, now - 5_000, { mid: 'm_EDIT-AHEAD', text: 'أحتاج سلة' }),
    );
    expect((await meta('messenger', edit)).body).toMatchObject({ outcomes: ['edited'] });
    expect(await messageOf('messenger', 'm_EDIT-AHEAD')).toMatchObject({
      text: 'أحتاج سلة غذائية وحليب أطفال',
      edits: [{ text: 'أحتاج سلة' }],
    });

    const letters = runtime.deadLetters.letters.length;
    const stale = await meta('messenger', editOf('m_NEVER-CAME', now - 3_600_000, 'نص معدل'));
    expect(stale).toMatchObject({ status: 200, body: { outcomes: ['dead-lettered'] } });
    const update = {
      update_id: 5201,
      edited_message: telegramMessage(404, { text: 'معدل', edit_date: 1795570500 }),
    };
    expect((await telegram(update)).body).toMatchObject({ outcome: 'dead-lettered' });
    expect(runtime.deadLetters.letters.slice(letters).map((letter) => letter.source)).toEqual([
      'webhook-messenger',
      'webhook-telegram',
    ]);
  });

  it('greets a bare /start through the Bot API and opens no ticket', async () => {
    const sent = runtime.outbox.list('telegram').length;
    const result = await telegram({ update_id: 5101, message: telegramMessage(20, { text: '/start' }) });
    expect(result.body).toMatchObject({ outcome: 'greeted' });
    expect(await runtime.deps.messages.findByProviderId('telegram', '700119001:20')).toBeUndefined();
    const greeting = runtime.outbox.list('telegram').slice(sent);
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
    await runtime.mediaQueue.settled();
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
