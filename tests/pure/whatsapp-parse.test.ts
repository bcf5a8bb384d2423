import { describe, expect, it } from 'vitest';
import { whatsappRequest } from '../../functions/channels/meta/graph-senders.ts';
import { parseWhatsApp } from '../../functions/channels/meta/whatsapp-parse.ts';
import type { InboundContact } from '../../shared/domain/inbound-contact.ts';
import { replyAddress, replyChannels } from '../../shared/domain/reply-address.ts';

/**
 * WhatsApp Cloud API webhooks shaped as Meta's reference shows them (webhooks/reference/messages/*, the
 * business-scoped user ids page, Flows' response message webhook).
 */
const webhook = (value: Record<string, unknown>) => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '102290129340398',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
            ...value,
          },
        },
      ],
    },
  ],
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
