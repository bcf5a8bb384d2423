import { describe, expect, it } from 'vitest';
import { parseWhatsApp } from '../../functions/channels/meta/whatsapp-parse.ts';

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
