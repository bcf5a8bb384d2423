import { describe, expect, it } from 'vitest';
import { parseMessaging } from '../../functions/channels/meta/messaging-parse.ts';

/** One messaging event as Meta posts it (https://developers.facebook.com/docs/messenger-platform/webhooks). */
const webhook = (object: 'page' | 'instagram', message: Record<string, unknown>) => ({
  object,
  entry: [
    {
      id: 'ACCOUNT-1',
      time: 1795570800000,
      messaging: [
        { sender: { id: 'IGSID-1' }, recipient: { id: 'ACCOUNT-1' }, timestamp: 1795570800000, message },
      ],
    },
  ],
});
const inboundOf = (object: 'page' | 'instagram', message: Record<string, unknown>) => {
  const [item] = parseMessaging(
    object === 'page' ? 'messenger' : 'instagram',
    webhook(object, message),
  ).items;
  if (item?.kind !== 'message') throw new Error(`Not a message: ${JSON.stringify(item)}`);
  return item.inbound;
};
const STORY = 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1790&signature=abc';

describe('Instagram and Messenger messages', () => {
  it('say which story of the society a reply answers, with its link', () => {
    const inbound = inboundOf('instagram', {
      mid: 'aWdfZAG1faXRlbToxOklH',
      text: 'هل ما زال التسجيل متاحاً؟',
      reply_to: { story: { url: STORY, id: '17900000000000001' } },
    });
    expect(inbound.kind).toBe('story_reply');
    expect(inbound.text).toBe(`هل ما زال التسجيل متاحاً؟\n↩️ ردًّا على قصة الجمعية: ${STORY}`);
  });

  it('keep a story mention as a labelled link, not a file (Meta forbids storing its media), nor a location', () => {
    const inbound = inboundOf('instagram', {
      mid: 'aWdfZAG1faXRlbToxOklH-2',
      attachments: [{ type: 'story_mention', payload: { url: STORY } }],
    });
    expect(inbound.kind).toBe('story_mention');
    expect(inbound.attachments).toEqual([]);
    expect(inbound.text).toContain(`أشار إلى الجمعية في قصة (يعمل الرابط ما دامت القصة منشورة): ${STORY}`);
  });

  it('keep a shared link beside the words sent with it', () => {
    const inbound = inboundOf('page', {
      mid: 'm_SHARE',
      text: 'شاهدوا هذا',
      attachments: [{ type: 'fallback', payload: { url: 'https://example.org/news', title: 'خبر' } }],
    });
    expect(inbound).toMatchObject({
      kind: 'fallback',
      text: 'شاهدوا هذا\n🔗 رابط «خبر»: https://example.org/news',
    });
  });

  it('keep a shared link of the older shape, its address and title beside an empty payload', () => {
    const inbound = inboundOf('page', {
      mid: 'm_SHARE_OLD',
      attachments: [
        {
          type: 'fallback',
          title: 'تسجيل الأسر المنتجة',
          url: 'https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.org%2Fjoin',
          payload: null,
        },
      ],
    });
    expect(inbound).toMatchObject({
      kind: 'fallback',
      text: '🔗 رابط «تسجيل الأسر المنتجة»: https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.org%2Fjoin',
      attachments: [],
    });
  });

  it('say a message Meta cannot show is one, rather than "an attachment"', () => {
    const inbound = inboundOf('instagram', { mid: 'm_UNSUPPORTED', is_unsupported: true });
    expect(inbound.kind).toBe('unsupported');
    expect(inbound.text).toContain('لا تعرضه منصة ميتا');
    expect(inbound.attachments).toEqual([]);
  });

  it('turn an unsent message into an edit of it, so staff see it was withdrawn', () => {
    const [item] = parseMessaging(
      'instagram',
      webhook('instagram', { mid: 'm_GONE', is_deleted: true }),
    ).items;
    expect(item).toMatchObject({
      kind: 'edit',
      providerMessageId: 'm_GONE',
      text: '(سحب المرسل هذه الرسالة)',
    });
  });

  it("name a file by the name in its address, and an image by its address's extension", () => {
    const inbound = inboundOf('page', {
      mid: 'm_FILES',
      attachments: [
        {
          type: 'file',
          payload: {
            url: 'https://cdn.fbsbx.com/v/t59.2708-21/4471_n.pdf/%D8%B9%D9%82%D8%AF.pdf?_nc_cat=1&oh=x',
          },
        },
        {
          type: 'image',
          payload: { url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/1234_5678_n.png?stp=dst' },
        },
        { type: 'file', payload: { url: 'https://cdn.fbsbx.com/v/t59.2708-21/' } },
      ],
    });
    expect(inbound.attachments.map((attachment) => attachment.name)).toEqual([
      'عقد.pdf',
      'image.png',
      'file',
    ]);
  });
});

describe('cards and places shared on Messenger and Instagram', () => {
  it('keep a shared card as a labelled note with its title and links, not "an attachment"', () => {
    const inbound = inboundOf('page', {
      mid: 'm_CARD',
      attachments: [
        {
          type: 'template',
          payload: {
            generic: {
              elements: [
                {
                  title: 'برنامج كسوة العيد',
                  subtitle: 'التسجيل مفتوح',
                  image_url: 'https://scontent.xx.fbcdn.net/v/t45.5328-4/kiswa.jpg',
                  default_action: { type: 'web_url', url: 'https://example.org/kiswa' },
                  buttons: [
                    { type: 'web_url', url: 'https://example.org/kiswa', title: 'عرض' },
                    { type: 'web_url', url: 'https://example.org/kiswa/register', title: 'سجّل' },
                    { type: 'postback', title: 'اسأل', payload: 'ASK' },
                  ],
                },
              ],
            },
          },
        },
      ],
    });
    expect(inbound).toMatchObject({
      kind: 'template',
      attachments: [],
      text: '🗂️ مشاركة بطاقة «برنامج كسوة العيد — التسجيل مفتوح»: https://example.org/kiswa https://example.org/kiswa/register',
    });
  });

  it('keep each card of a shared product or carousel whose cards come straight in the payload', () => {
    const product = inboundOf('page', {
      mid: 'm_PRODUCT',
      attachments: [
        {
          type: 'template',
          payload: {
            product: {
              elements: [
                { id: '8', retailer_id: 'basket-1', title: 'سلة غذائية', image_url: 'https://x/y.jpg' },
              ],
            },
          },
        },
      ],
    });
    expect(product.text).toBe('🗂️ مشاركة بطاقة «سلة غذائية»');
    const carousel = inboundOf('instagram', {
      mid: 'm_CAROUSEL',
      attachments: [
        {
          type: 'template',
          payload: {
            template_type: 'generic',
            elements: [
              { title: 'الأول', default_action: { url: 'https://example.org/1' } },
              { title: 'الثاني', buttons: [{ type: 'web_url', url: 'https://example.org/2' }] },
            ],
          },
        },
      ],
    });
    expect(carousel.text).toBe(
      '🗂️ مشاركة بطاقة «الأول»: https://example.org/1\n🗂️ مشاركة بطاقة «الثاني»: https://example.org/2',
    );
  });

  it("keep a place's name given beside its coordinates in the older location shape", () => {
    const inbound = inboundOf('page', {
      mid: 'm_PLACE',
      attachments: [
        {
          type: 'location',
          title: 'مستودع الجمعية',
          url: 'https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.bing.com%2Fmaps%2Fdefault.aspx',
          payload: { coordinates: { lat: 24.7136, long: 46.6753 } },
        },
      ],
    });
    expect(inbound).toMatchObject({
      kind: 'location',
      text: '📍 مستودع الجمعية https://maps.google.com/?q=24.7136,46.6753',
    });
  });
});

describe('a conversation another app holds', () => {
  it('still brings the beneficiary’s messages Meta sends on standby into the inbox', () => {
    const { items } = parseMessaging('messenger', {
      object: 'page',
      entry: [
        {
          id: 'PAGE-1',
          time: 1795570800000,
          standby: [
            {
              sender: { id: 'PSID-7' },
              recipient: { id: 'PAGE-1' },
              timestamp: 1795570800000,
              message: { mid: 'm_STANDBY_1', text: 'رسالة أثناء سيطرة تطبيق آخر' },
            },
          ],
        },
      ],
    });
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'message',
        inbound: expect.objectContaining({
          providerMessageId: 'm_STANDBY_1',
          text: 'رسالة أثناء سيطرة تطبيق آخر',
        }),
      }),
    ]);
  });
});

describe('Messenger and Instagram receipts', () => {
  const receipts = (object: 'page' | 'instagram', events: Record<string, unknown>[], time?: number) =>
    parseMessaging(object === 'page' ? 'messenger' : 'instagram', {
      object,
      entry: [{ id: 'PAGE-1', ...(time && { time }), messaging: events }],
    });

  it('read a delivery as Meta documents it, without a timestamp: by its ids, else by its watermark', () => {
    const parsed = receipts('page', [
      {
        sender: { id: 'PSID-1' },
        recipient: { id: 'PAGE-1' },
        delivery: { mids: ['m_1'], watermark: 1795570800000 },
      },
      { sender: { id: 'PSID-1' }, recipient: { id: 'PAGE-1' }, delivery: { watermark: 1795570900000 } },
      {
        sender: { id: 'PSID-1' },
        recipient: { id: 'PAGE-1' },
        timestamp: 1795571000000,
        read: { watermark: 1795570950000 },
      },
    ]);
    expect(parsed.unreadable).toEqual([]);
    expect(parsed.reports).toEqual([{ providerMessageId: 'm_1', status: 'delivered' }]);
    expect(parsed.watermarks).toEqual([
      { channel: 'messenger', userId: 'PSID-1', status: 'delivered', upTo: '2026-11-25T01:41:40.000Z' },
      { channel: 'messenger', userId: 'PSID-1', status: 'read', upTo: '2026-11-25T01:42:30.000Z' },
    ]);
  });

  it("read Instagram's seen by the message it names", () => {
    const parsed = receipts('instagram', [
      {
        sender: { id: 'IGSID-1' },
        recipient: { id: 'IG-1' },
        timestamp: 1795571000000,
        read: { mid: 'aWdf-1' },
      },
    ]);
    expect(parsed.reports).toEqual([{ providerMessageId: 'aWdf-1', status: 'read' }]);
  });

  it("date a message without a timestamp by its entry's time, and set aside one with neither", () => {
    const message = {
      sender: { id: 'PSID-2' },
      recipient: { id: 'PAGE-1' },
      message: { mid: 'm_2', text: 'مرحبا' },
    };
    const dated = receipts('page', [message], 1795570800000);
    expect(dated.items[0]).toMatchObject({ inbound: { receivedAt: '2026-11-25T01:40:00.000Z' } });
    const undated = receipts('page', [message]);
    expect(undated.items).toEqual([]);
    expect(undated.unreadable).toEqual([
      { reason: 'messenger event: no timestamp', raw: JSON.stringify(message) },
    ]);
  });
});
