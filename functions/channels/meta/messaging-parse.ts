import * as z from 'zod/mini';
import { senderAssurance } from '../../../shared/domain/channel.ts';
import { pendingMedia } from '../../../shared/domain/media.ts';
import type { Attachment } from '../../../shared/domain/message.ts';
import { epochMillis, providerId, providerText } from '../provider-fields.ts';
import { UnreadablePayloadError } from '../webhook.ts';
import { languageOf, type MetaWebhook, mapLink, reasonOf } from './parse.ts';

const messagingEvent = z.object({
  sender: z.object({ id: z.string() }),
  timestamp: epochMillis,
  message: z.optional(
    z.object({
      mid: providerId,
      text: z.optional(providerText),
      is_echo: z.optional(z.boolean()),
      attachments: z.optional(
        z.array(
          z.object({
            type: z.string(),
            payload: z.nullish(
              z.object({
                url: z.optional(z.string()),
                title: z.optional(z.string()),
                coordinates: z.optional(z.object({ lat: z.number(), long: z.number() })),
              }),
            ),
          }),
        ),
      ),
      quick_reply: z.optional(z.object({ payload: z.string() })),
    }),
  ),
  postback: z.optional(
    z.object({
      title: z.optional(providerText),
      payload: z.optional(providerText),
      mid: z.optional(providerId),
    }),
  ),
  reaction: z.optional(
    z.object({
      mid: providerId,
      action: z.optional(z.string()),
      emoji: z.optional(z.string()),
      reaction: z.optional(z.string()),
    }),
  ),
  message_edit: z.optional(z.object({ mid: providerId, text: providerText })),
  delivery: z.optional(z.object({ mids: z.optional(z.array(z.string())) })),
  read: z.optional(z.unknown()),
});

const messagingEnvelope = z.object({
  object: z.enum(['page', 'instagram']),
  entry: z.array(z.object({ messaging: z.optional(z.array(z.unknown())) })),
});

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
  if (!parsed.success) throw new UnreadablePayloadError(`Not a ${channel} webhook`);
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
