import * as z from 'zod';
import { senderAssurance } from '../../../shared/domain/channel.ts';
import { hasArabic, type InboundItem, VOICE_NOTE } from '../../../shared/domain/inbound-item.ts';
import { pendingMedia } from '../../../shared/domain/media.ts';
import type { Attachment, DeliveryStatus } from '../../../shared/domain/message.ts';
import { normalisePhone } from '../../../shared/domain/phone.ts';

export type MetaChannel = 'whatsapp' | 'messenger' | 'instagram';

export interface DeliveryReport {
  providerMessageId: string;
  status: DeliveryStatus;
  reason?: string;
}

/** A part of a batch we could not read: set aside alone, with why, while the rest is processed. */
export interface UnreadablePart {
  reason: string;
  raw: string;
}

export interface MetaWebhook {
  items: InboundItem[];
  reports: DeliveryReport[];
  unreadable: UnreadablePart[];
}

const media = z.object({
  id: z.string(),
  mime_type: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  voice: z.boolean().optional(),
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
  contacts: z
    .array(
      z.object({
        name: z
          .object({ formatted_name: z.string().optional(), first_name: z.string().optional() })
          .optional(),
        phones: z.array(z.object({ phone: z.string().optional(), wa_id: z.string().optional() })).optional(),
      }),
    )
    .optional(),
  interactive: z
    .object({
      type: z.string(),
      button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.object({ id: z.string(), title: z.string() }).optional(),
    })
    .optional(),
  button: z.object({ text: z.string(), payload: z.string().optional() }).optional(),
  reaction: z.object({ message_id: z.string(), emoji: z.string().optional() }).optional(),
});

const whatsappStatus = z.object({
  id: z.string(),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  errors: z.array(z.object({ code: z.number().optional(), title: z.string().optional() })).optional(),
});

/** Only the envelope is required whole; each message and status inside is read on its own. */
const whatsappEnvelope = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      changes: z.array(
        z.object({
          value: z.object({
            contacts: z
              .array(z.object({ wa_id: z.string(), profile: z.object({ name: z.string() }).optional() }))
              .optional(),
            messages: z.array(z.unknown()).optional(),
            statuses: z.array(z.unknown()).optional(),
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
        .array(
          z.object({
            type: z.string(),
            payload: z
              .object({
                url: z.string().optional(),
                title: z.string().optional(),
                coordinates: z.object({ lat: z.number(), long: z.number() }).optional(),
              })
              .nullish(),
          }),
        )
        .optional(),
      quick_reply: z.object({ payload: z.string() }).optional(),
    })
    .optional(),
  postback: z
    .object({ title: z.string().optional(), payload: z.string().optional(), mid: z.string().optional() })
    .optional(),
  reaction: z
    .object({
      mid: z.string(),
      action: z.string().optional(),
      emoji: z.string().optional(),
      reaction: z.string().optional(),
    })
    .optional(),
  message_edit: z.object({ mid: z.string(), text: z.string() }).optional(),
  delivery: z.object({ mids: z.array(z.string()).optional() }).optional(),
  read: z.unknown().optional(),
});

const messagingEnvelope = z.object({
  object: z.enum(['page', 'instagram']),
  entry: z.array(z.object({ messaging: z.array(z.unknown()).optional() })),
});

export class UnreadableWebhookError extends Error {}

const mapLink = (latitude: number, longitude: number) =>
  `https://maps.google.com/?q=${latitude},${longitude}`;
const languageOf = (text: string) => (hasArabic(text) ? 'ar' : 'en');

type WhatsAppMessage = z.infer<typeof whatsappMessage>;
const WHATSAPP_MEDIA = ['image', 'document', 'audio', 'video', 'sticker'] as const;

/** A file name for media WhatsApp sends without one, from its declared type. */
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/amr': 'amr',
  'audio/aac': 'aac',
  'audio/mp4': 'm4a',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'application/pdf': 'pdf',
};

/** What a WhatsApp message says, its kind when it is not text, and whether its raw item must be kept. */
function whatsappContent(message: WhatsAppMessage): { text: string; kind?: string } {
  if (message.text) return { text: message.text.body };
  if (message.location) {
    const { latitude, longitude, name, address } = message.location;
    const place = [name, address].filter(Boolean).join('، ');
    return { kind: 'location', text: `📍 ${place ? `${place} ` : ''}${mapLink(latitude, longitude)}` };
  }
  if (message.contacts?.length) {
    const cards = message.contacts.map((card) => {
      const phones = (card.phones ?? []).map((phone) => phone.phone ?? phone.wa_id).filter(Boolean);
      return `👤 ${card.name?.formatted_name ?? card.name?.first_name ?? ''}: ${phones.join('، ')}`;
    });
    return { kind: 'contact', text: cards.join('\n') };
  }
  const choice = message.interactive?.button_reply ?? message.interactive?.list_reply;
  if (choice) return { kind: 'interactive', text: choice.title };
  if (message.button) return { kind: 'button', text: message.button.text };
  const kind = WHATSAPP_MEDIA.find((name) => message[name]);
  if (kind) {
    const voice = kind === 'audio' && message.audio?.voice;
    return { kind: voice ? 'voice' : kind, text: message[kind]?.caption ?? (voice ? VOICE_NOTE : '(مرفق)') };
  }
  return { kind: 'unknown', text: `(رسالة من نوع لا يقرؤه النظام: ${message.type})` };
}

function whatsappAttachments(message: WhatsAppMessage): Attachment[] {
  return WHATSAPP_MEDIA.flatMap((kind) => {
    const item = message[kind];
    if (!item) return [];
    const extension = EXTENSIONS[item.mime_type?.split(';')[0]?.trim() ?? ''];
    const name =
      item.filename ?? (kind === 'audio' && item.voice ? 'voice' : kind) + (extension ? `.${extension}` : '');
    return [
      pendingMedia(name, item.mime_type ?? 'application/octet-stream', {
        provider: 'whatsapp',
        mediaId: item.id,
      }),
    ];
  });
}

function reasonOf(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    .join('; ')
    .slice(0, 300);
}

/** A verified WhatsApp Cloud API webhook → items, delivery reports, and the parts we could not read. */
export function parseWhatsApp(payload: unknown): MetaWebhook {
  const parsed = whatsappEnvelope.safeParse(payload);
  if (!parsed.success) throw new UnreadableWebhookError('Not a WhatsApp Cloud API webhook');
  const result: MetaWebhook = { items: [], reports: [], unreadable: [] };
  for (const change of parsed.data.entry.flatMap((entry) => entry.changes)) {
    const names = new Map(
      (change.value.contacts ?? []).map((contact) => [contact.wa_id, contact.profile?.name]),
    );
    for (const rawMessage of change.value.messages ?? []) {
      const read = whatsappMessage.safeParse(rawMessage);
      const phone = read.success ? normalisePhone(`+${read.data.from}`) : undefined;
      if (!read.success || !phone) {
        result.unreadable.push({
          reason: read.success
            ? 'The sender is not a phone number'
            : `WhatsApp message: ${reasonOf(read.error)}`,
          raw: JSON.stringify(rawMessage),
        });
        continue;
      }
      const message = read.data;
      const at = new Date(Number(message.timestamp) * 1000).toISOString();
      if (message.type === 'reaction' && message.reaction) {
        // An emptied emoji is the reaction taken back; the one given stays in the history.
        if (message.reaction.emoji)
          result.items.push({
            kind: 'reaction',
            channel: 'whatsapp',
            providerMessageId: message.reaction.message_id,
            emoji: message.reaction.emoji,
            at,
          });
        continue;
      }
      const content = whatsappContent(message);
      result.items.push({
        kind: 'message',
        inbound: {
          channel: 'whatsapp',
          providerMessageId: message.id,
          identities: [{ kind: 'phone', value: phone, assurance: senderAssurance('whatsapp') }],
          displayName: names.get(message.from),
          text: content.text,
          attachments: whatsappAttachments(message),
          language: languageOf(content.text),
          receivedAt: at,
          ...(content.kind && { kind: content.kind }),
          ...(content.kind === 'unknown' && { raw: JSON.stringify(rawMessage) }),
        },
      });
    }
    for (const rawStatus of change.value.statuses ?? []) {
      const read = whatsappStatus.safeParse(rawStatus);
      if (!read.success) {
        result.unreadable.push({
          reason: `WhatsApp status: ${reasonOf(read.error)}`,
          raw: JSON.stringify(rawStatus),
        });
        continue;
      }
      const status = read.data;
      result.reports.push({
        providerMessageId: status.id,
        status: status.status,
        reason:
          status.errors?.map((error) => `${error.code ?? ''} ${error.title ?? ''}`.trim()).join('; ') ||
          undefined,
      });
    }
  }
  return result;
}

/** Messenger/Instagram attachment types whose `payload.url` is a file to fetch. */
const FILE_TYPES: Record<string, { name: string; contentType: string }> = {
  image: { name: 'image.jpg', contentType: 'image/jpeg' },
  video: { name: 'video.mp4', contentType: 'video/mp4' },
  audio: { name: 'audio.mp4', contentType: 'audio/mp4' },
  file: { name: 'file', contentType: 'application/octet-stream' },
};

/** A verified Messenger or Instagram webhook → items, delivery reports, and the parts we could not read. */
export function parseMessaging(channel: 'messenger' | 'instagram', payload: unknown): MetaWebhook {
  const parsed = messagingEnvelope.safeParse(payload);
  if (!parsed.success) throw new UnreadableWebhookError(`Not a ${channel} webhook`);
  const result: MetaWebhook = { items: [], reports: [], unreadable: [] };
  for (const rawEvent of parsed.data.entry.flatMap((entry) => entry.messaging ?? [])) {
    const read = messagingEvent.safeParse(rawEvent);
    if (!read.success) {
      result.unreadable.push({
        reason: `${channel} event: ${reasonOf(read.error)}`,
        raw: JSON.stringify(rawEvent),
      });
      continue;
    }
    const event = read.data;
    const at = new Date(event.timestamp).toISOString();
    for (const mid of event.delivery?.mids ?? [])
      result.reports.push({ providerMessageId: mid, status: 'delivered' });
    if (event.reaction) {
      if (event.reaction.action !== 'unreact' && (event.reaction.emoji ?? event.reaction.reaction))
        result.items.push({
          kind: 'reaction',
          channel,
          providerMessageId: event.reaction.mid,
          emoji: event.reaction.emoji ?? event.reaction.reaction ?? '',
          at,
        });
      continue;
    }
    if (event.message_edit) {
      result.items.push({
        kind: 'edit',
        channel,
        providerMessageId: event.message_edit.mid,
        text: event.message_edit.text,
        at,
      });
      continue;
    }
    const base = {
      channel,
      identities: [{ kind: channel, value: event.sender.id, assurance: senderAssurance(channel) }],
      receivedAt: at,
    };
    if (event.postback) {
      // Get Started and menu buttons: what the person pressed is their message.
      const text = event.postback.title ?? event.postback.payload ?? '(زر)';
      result.items.push({
        kind: 'message',
        inbound: {
          ...base,
          providerMessageId: event.postback.mid ?? `postback:${event.sender.id}:${event.timestamp}`,
          text,
          attachments: [],
          language: languageOf(text),
          kind: 'postback',
        },
      });
      continue;
    }
    const message = event.message;
    if (!message || message.is_echo) continue;
    const attachments: Attachment[] = [];
    const notes: string[] = [];
    for (const item of message.attachments ?? []) {
      const file = FILE_TYPES[item.type];
      if (file && item.payload?.url) {
        attachments.push(
          pendingMedia(file.name, file.contentType, { provider: 'url', url: item.payload.url }),
        );
      } else if (item.payload?.coordinates) {
        notes.push(
          `📍 ${item.payload.title ?? ''} ${mapLink(item.payload.coordinates.lat, item.payload.coordinates.long)}`.replace(
            '📍  ',
            '📍 ',
          ),
        );
      } else if (item.payload?.url) {
        notes.push(item.payload.url);
      }
    }
    const text =
      message.text ??
      (notes.length ? notes.join('\n') : undefined) ??
      message.quick_reply?.payload ??
      '(مرفق)';
    const kind = message.quick_reply
      ? 'quick_reply'
      : notes.length && !message.text
        ? 'location'
        : message.attachments?.length
          ? message.attachments[0]?.type
          : undefined;
    result.items.push({
      kind: 'message',
      inbound: {
        ...base,
        providerMessageId: message.mid,
        text,
        attachments,
        language: languageOf(text),
        ...(kind && { kind }),
      },
    });
  }
  return result;
}
