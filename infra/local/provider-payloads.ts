import { createHmac } from 'node:crypto';

/** The society's WhatsApp business number, as Meta names it in every webhook. */
const WHATSAPP_METADATA = { display_phone_number: '966112345678', phone_number_id: '106540352242922' };

/** A WhatsApp Cloud API webhook body as Meta posts it, around one change's value (messages, statuses, contacts). */
export function whatsappChange(value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: { messaging_product: 'whatsapp', metadata: WHATSAPP_METADATA, ...value },
          },
        ],
      },
    ],
  };
}

/** A WhatsApp Cloud API webhook body as Meta posts it: one change from one sender, with messages and statuses. */
export function whatsappWebhook(
  sender: { waId: string; name: string },
  messages: unknown[],
  statuses: unknown[] = [],
) {
  return whatsappChange({
    contacts: [{ profile: { name: sender.name }, wa_id: sender.waId }],
    messages,
    ...(statuses.length > 0 && { statuses }),
  });
}

/** A Messenger (or Instagram) webhook body as Meta posts it: one messaging event from a page-scoped sender. */
export function messengerWebhook(senderId: string, timestamp: number, message: Record<string, unknown>) {
  return {
    object: 'page',
    entry: [
      {
        id: 'PAGE',
        time: timestamp,
        messaging: [{ sender: { id: senderId }, recipient: { id: 'PAGE' }, timestamp, message }],
      },
    ],
  };
}

/** Meta's X-Hub-Signature-256 header for a raw body, signed with the app secret. */
export function metaSignature(raw: string, appSecret: string): Record<string, string> {
  return { 'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}` };
}
