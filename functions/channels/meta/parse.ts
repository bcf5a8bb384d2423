import { z } from 'zod';
import type { InboundContact } from '../../../shared/domain/inbound-contact.ts';
import type { Attachment, DeliveryStatus } from '../../../shared/domain/message.ts';
import { normalisePhone } from '../../../shared/domain/phone.ts';

export type MetaChannel = 'whatsapp' | 'messenger' | 'instagram';

export interface DeliveryReport {
  providerMessageId: string;
  status: DeliveryStatus;
  reason?: string;
}

export interface MetaWebhook {
  contacts: InboundContact[];
  reports: DeliveryReport[];
}

const media = z.object({
  id: z.string(),
  mime_type: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
});

const whatsappMessage = z.object({
  from: z.string(),
  id: z.string(),
  timestamp: z.string(),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  image: media.optional(),
  document: media.optional(),
  audio: media.optional(),
  video: media.optional(),
  sticker: media.optional(),
  location: z
    .object({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
    })
    .optional(),
  interactive: z
    .object({
      type: z.string(),
      button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.object({ id: z.string(), title: z.string() }).optional(),
    })
    .optional(),
  button: z.object({ text: z.string(), payload: z.string().optional() }).optional(),
});

const whatsappStatus = z.object({
  id: z.string(),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  errors: z.array(z.object({ code: z.number().optional(), title: z.string().optional() })).optional(),
});

const whatsappPayload = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      changes: z.array(
        z.object({
          value: z.object({
            contacts: z
              .array(z.object({ wa_id: z.string(), profile: z.object({ name: z.string() }).optional() }))
              .optional(),
            messages: z.array(whatsappMessage).optional(),
            statuses: z.array(whatsappStatus).optional(),
          }),
        }),
      ),
    }),
  ),
});

const messagingEvent = z.object({
  sender: z.object({ id: z.string() }),
  timestamp: z.number(),
  message: z
    .object({
      mid: z.string(),
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      attachments: z
        .array(z.object({ type: z.string(), payload: z.object({ url: z.string().optional() }).nullish() }))
        .optional(),
      quick_reply: z.object({ payload: z.string() }).optional(),
    })
    .optional(),
  delivery: z.object({ mids: z.array(z.string()).optional() }).optional(),
});

const messagingPayload = z.object({
  object: z.enum(['page', 'instagram']),
  entry: z.array(z.object({ messaging: z.array(messagingEvent).optional() })),
});

export class UnreadableWebhookError extends Error {}

function mediaAttachment(kind: string, item: z.infer<typeof media>): Attachment {
  return {
    name: item.filename ?? kind,
    contentType: item.mime_type ?? 'application/octet-stream',
    size: 0,
    // Media stays on Meta's servers until someone opens it; the media id is the download reference.
    objectKey: `whatsapp-media:${item.id}`,
  };
}

function whatsappText(message: z.infer<typeof whatsappMessage>): string {
  if (message.text) return message.text.body;
  if (message.location) {
    const { latitude, longitude, name, address } = message.location;
    return `📍 ${[name, address].filter(Boolean).join('، ')} https://maps.google.com/?q=${latitude},${longitude}`;
  }
  const choice = message.interactive?.button_reply ?? message.interactive?.list_reply;
  if (choice) return choice.title;
  if (message.button) return message.button.text;
  const withCaption = message.image ?? message.video ?? message.document;
  return withCaption?.caption ?? '(مرفق)';
}

/** A verified WhatsApp Cloud API webhook → inbound contacts and delivery reports. */
export function parseWhatsApp(payload: unknown): MetaWebhook {
  const parsed = whatsappPayload.safeParse(payload);
  if (!parsed.success) throw new UnreadableWebhookError('Not a WhatsApp Cloud API webhook');
  const contacts: InboundContact[] = [];
  const reports: DeliveryReport[] = [];
  for (const change of parsed.data.entry.flatMap((entry) => entry.changes)) {
    const names = new Map(
      (change.value.contacts ?? []).map((contact) => [contact.wa_id, contact.profile?.name]),
    );
    for (const message of change.value.messages ?? []) {
      const phone = normalisePhone(`+${message.from}`);
      if (!phone) continue;
      const attachments = (['image', 'document', 'audio', 'video', 'sticker'] as const)
        .filter((kind) => message[kind])
        .map((kind) => mediaAttachment(kind, message[kind] as z.infer<typeof media>));
      const text = whatsappText(message);
      contacts.push({
        channel: 'whatsapp',
        providerMessageId: message.id,
        identities: [{ kind: 'phone', value: phone, assurance: 'verified' }],
        displayName: names.get(message.from),
        text,
        attachments,
        language: /[\u0600-\u06FF]/.test(text) ? 'ar' : 'en',
        receivedAt: new Date(Number(message.timestamp) * 1000).toISOString(),
      });
    }
    for (const status of change.value.statuses ?? []) {
      reports.push({
        providerMessageId: status.id,
        status: status.status,
        reason:
          status.errors?.map((error) => `${error.code ?? ''} ${error.title ?? ''}`.trim()).join('; ') ||
          undefined,
      });
    }
  }
  return { contacts, reports };
}

/** A verified Messenger or Instagram webhook → inbound contacts and delivery reports. */
export function parseMessaging(channel: 'messenger' | 'instagram', payload: unknown): MetaWebhook {
  const parsed = messagingPayload.safeParse(payload);
  if (!parsed.success) throw new UnreadableWebhookError(`Not a ${channel} webhook`);
  const contacts: InboundContact[] = [];
  const reports: DeliveryReport[] = [];
  for (const event of parsed.data.entry.flatMap((entry) => entry.messaging ?? [])) {
    for (const mid of event.delivery?.mids ?? [])
      reports.push({ providerMessageId: mid, status: 'delivered' });
    const message = event.message;
    if (!message || message.is_echo) continue;
    const attachments: Attachment[] = (message.attachments ?? []).map((item) => ({
      name: item.type,
      contentType: item.type === 'image' ? 'image/jpeg' : 'application/octet-stream',
      size: 0,
      objectKey: item.payload?.url ?? `${channel}-attachment:${message.mid}`,
    }));
    const text = message.text ?? message.quick_reply?.payload ?? '(مرفق)';
    contacts.push({
      channel,
      providerMessageId: message.mid,
      identities: [{ kind: channel, value: event.sender.id, assurance: 'verified' }],
      text,
      attachments,
      language: /[\u0600-\u06FF]/.test(text) ? 'ar' : 'en',
      receivedAt: new Date(event.timestamp).toISOString(),
    });
  }
  return { contacts, reports };
}
