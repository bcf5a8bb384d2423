import { describe, expect, it } from 'vitest';
import { whatsappRequest } from '../../functions/channels/meta/graph-senders.ts';
import { parseWhatsApp } from '../../functions/channels/meta/whatsapp-parse.ts';
import { whatsappChange } from '../../infra/local/provider-payloads.ts';
import type { InboundContact } from '../../shared/domain/inbound-contact.ts';
import { replyAddress, replyChannels } from '../../shared/domain/reply-address.ts';

/**
 * WhatsApp Cloud API webhooks shaped as Meta's reference shows them (webhooks/reference/messages/*, the
 * business-scoped user ids page, Flows' response message webhook).
 */
const webhook = whatsappChange;
const fromPhone = (message: Record<string, unknown>) =>
  webhook({
    contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '966551230077' }],
    messages: [{ from: '966551230077', id: 'wamid.ONE', timestamp: '1739321024', ...message }],
  });
const inboundOf = (payload: unknown): InboundContact => {
  const parsed = parseWhatsApp(payload);
  expect(parsed.unreadable).toEqual([]);
  const [item] = parsed.items;
  if (item?.kind !== 'message') throw new Error(`Not a message: ${JSON.stringify(item)}`);
  return item.inbound;
};

describe('WhatsApp senders known by a business-scoped user id (usernames)', () => {
  const bsuidOnly = webhook({
    contacts: [
      {
        profile: { name: 'Sheena Nelson', username: '@realsheenanelson' },
        user_id: 'US.13491208655302741918',
      },
    ],
    messages: [
      {
        from_user_id: 'US.13491208655302741918',
        id: 'wamid.BSUID',
        timestamp: '1739321024',
        type: 'text',
        text: { body: 'أحتاج مساعدة في الإيجار' },
      },
    ],
  });

  it('read a message with no phone as from the user id WhatsApp vouches for, named as their profile says', () => {
    const inbound = inboundOf(bsuidOnly);
    expect(inbound.identities).toEqual([
      { kind: 'whatsapp', value: 'US.13491208655302741918', assurance: 'verified' },
    ]);
    expect(inbound.displayName).toBe('Sheena Nelson');
    expect(inbound.text).toBe('أحتاج مساعدة في الإيجار');
  });

  it('find the sender by the one contact when the message names neither phone nor user id', () => {
    const payload = webhook({
      contacts: [{ profile: { username: '@sheena' }, user_id: 'US.1349' }],
      messages: [{ id: 'wamid.X', timestamp: '1739321024', type: 'text', text: { body: 'hello' } }],
    });
    const inbound = inboundOf(payload);
    expect(inbound.identities).toEqual([{ kind: 'whatsapp', value: 'US.1349', assurance: 'verified' }]);
    expect(inbound.displayName).toBe('@sheena');
  });

  it('keep the user id beside the phone when both come, so the phone hidden later still finds the same contact', () => {
    const inbound = inboundOf(
      webhook({
        contacts: [{ profile: { name: 'ريما' }, wa_id: '966551230078', user_id: 'SA.77' }],
        messages: [
          {
            from: '966551230078',
            from_user_id: 'SA.77',
            id: 'wamid.B',
            timestamp: '1739321024',
            type: 'text',
            text: { body: 'x' },
          },
        ],
      }),
    );
    expect(inbound.identities.map((identity) => `${identity.kind}:${identity.value}`)).toEqual([
      'phone:+966551230078',
      'whatsapp:SA.77',
    ]);
  });

  it('answer such a contact on WhatsApp through the Send API recipient field, a phone still through "to"', () => {
    const contact = {
      id: 'c1',
      name: 'Sheena',
      identities: [{ kind: 'whatsapp' as const, value: 'US.1349', assurance: 'verified' as const }],
      tags: [],
      createdAt: '2026-11-25T10:00:00Z',
      updatedAt: '2026-11-25T10:00:00Z',
    };
    const address = replyAddress(contact, 'whatsapp');
    expect(address).toEqual({ channel: 'whatsapp', to: 'US.1349' });
    expect(replyChannels(contact)).toEqual(['whatsapp']);
    const base = { channel: 'whatsapp' as const, text: 'أهلاً', attachments: [], ticketReference: 'SND-1' };
    const toUser = whatsappRequest({ ...base, to: 'US.1349' });
    expect(toUser).toMatchObject({ recipient: 'US.1349', type: 'text' });
    expect(toUser).not.toHaveProperty('to');
    expect(whatsappRequest({ ...base, to: '+966551230077' })).toMatchObject({ to: '966551230077' });
  });
});

describe('WhatsApp messages of kinds staff used to see as unreadable', () => {
  it('show a number change WhatsApp reports, old to new, and tie the new number to the same sender', () => {
    // System messages come without a contacts array; system.wa_id is the new number.
    const inbound = inboundOf(
      webhook({
        messages: [
          {
            from: '966551230077',
            id: 'wamid.SYS',
            timestamp: '1739321024',
            type: 'system',
            system: {
              body: 'User Sheena Nelson changed from 966551230077 to 966551230099',
              wa_id: '966551230099',
              type: 'user_changed_number',
            },
          },
        ],
      }),
    );
    expect(inbound.text).toBe(
      '📱 غيّر المستفيد رقم واتساب من +966551230077 إلى +966551230099 (أبلغت به واتساب)',
    );
    expect(inbound.kind).toBe('number_changed');
    expect(inbound.identities).toEqual([
      { kind: 'phone', value: '+966551230077', assurance: 'verified' },
      { kind: 'phone', value: '+966551230099', assurance: 'verified' },
    ]);
  });

  it("show a Flow's answers field by field, the beneficiary's national id among them, not its flow token", () => {
    const inbound = inboundOf(
      fromPhone({
        type: 'interactive',
        context: { from: '15550783881', id: 'gBGGEiRVVgBPAgm7FUgc73noXjo' },
        interactive: {
          type: 'nfm_reply',
          nfm_reply: {
            name: 'flow',
            body: 'Sent',
            response_json: JSON.stringify({
              flow_token: 'secret-token',
              national_id: '1098765432',
              family_size: 7,
              need: 'إيجار متأخر',
            }),
          },
        },
      }),
    );
    expect(inbound.kind).toBe('flow');
    expect(inbound.text).toBe(
      '📋 ردّ على نموذج واتساب:\nnational_id: 1098765432\nfamily_size: 7\nneed: إيجار متأخر',
    );
  });

  it('show an order with its note and each product, quantity and price', () => {
    const inbound = inboundOf(
      fromPhone({
        type: 'order',
        order: {
          catalog_id: '194836987003835',
          text: 'سلة غذائية',
          product_items: [
            { product_retailer_id: 'di9ozbzfi4', quantity: 2, item_price: 7.99, currency: 'SAR' },
          ],
        },
      }),
    );
    expect(inbound.kind).toBe('order');
    expect(inbound.text).toBe('🛒 طلب من الكتالوج\nسلة غذائية\n• di9ozbzfi4 × 2 (7.99 SAR)');
  });

  it('keep the click-to-WhatsApp ad a message came from beside its words', () => {
    const inbound = inboundOf(
      fromPhone({
        type: 'text',
        text: { body: 'رأيت إعلانكم' },
        referral: {
          source_url: 'https://fb.me/3cr4Wqqkv',
          source_id: '120226305854810726',
          source_type: 'ad',
          body: 'سجّل الآن',
          headline: 'برنامج كسوة العيد',
          media_type: 'image',
          image_url: 'https://scontent.xx.fbcdn.net/v/t45.1600-4/x.png',
          ctwa_clid: 'Afe',
        },
      }),
    );
    expect(inbound.text).toBe(
      'رأيت إعلانكم\n📣 وصل من إعلان: برنامج كسوة العيد — سجّل الآن https://fb.me/3cr4Wqqkv',
    );
  });

  it('greet a user who only opened the chat (request_welcome) instead of opening a ticket', () => {
    const parsed = parseWhatsApp(fromPhone({ type: 'request_welcome' }));
    expect(parsed.items).toEqual([
      { kind: 'greeting', channel: 'whatsapp', to: '+966551230077', language: 'ar' },
    ]);
  });
});

describe('WhatsApp delivery reports', () => {
  it('carry the time Meta stamped, so a report of a message not recorded yet can be asked for again', () => {
    const parsed = parseWhatsApp(
      webhook({
        statuses: [
          { id: 'wamid.OUT', status: 'sent', timestamp: '1739321024', recipient_id: '966551230077' },
        ],
      }),
    );
    expect(parsed.reports).toEqual([
      { providerMessageId: 'wamid.OUT', status: 'sent', at: '2025-02-12T00:43:44.000Z', reason: undefined },
    ]);
  });
});
