import { z } from 'zod';
import type { InboundContact } from '../../../shared/domain/inbound-contact.ts';
import type { Attachment } from '../../../shared/domain/message.ts';

const user = z.object({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string().max(256).optional(),
  last_name: z.string().max(256).optional(),
  username: z.string().max(64).optional(),
  language_code: z.string().max(16).optional(),
});

const message = z.object({
  message_id: z.number().int(),
  from: user.optional(),
  chat: z.object({ id: z.number().int(), type: z.string() }),
  date: z.number().int(),
  text: z.string().max(10_000).optional(),
  caption: z.string().max(2_000).optional(),
  photo: z
    .array(
      z.object({
        file_id: z.string().max(256),
        file_size: z.number().int().optional(),
        width: z.number(),
        height: z.number(),
      }),
    )
    .max(20)
    .optional(),
  document: z
    .object({
      file_id: z.string().max(256),
      file_name: z.string().max(256).optional(),
      mime_type: z.string().max(128).optional(),
      file_size: z.number().int().optional(),
    })
    .optional(),
});

/** A Telegram Bot API Update (https://core.telegram.org/bots/api#update), the parts a help desk reads. */
export const telegramUpdateSchema = z.object({
  update_id: z.number().int(),
  message: message.optional(),
  edited_message: message.optional(),
});

export type TelegramUpdate = z.infer<typeof telegramUpdateSchema>;

/**
 * An update → an inbound contact, or undefined for updates a help desk does not act on (edits, group chats,
 * bots, service messages). Files stay on Telegram: the file id is kept as the attachment reference.
 */
export function telegramToInbound(update: TelegramUpdate): InboundContact | undefined {
  const received = update.message;
  if (!received?.from || received.from.is_bot || received.chat.type !== 'private') return undefined;
  const attachments: Attachment[] = [];
  const photo = received.photo?.at(-1);
  if (photo) {
    attachments.push({
      name: 'photo.jpg',
      contentType: 'image/jpeg',
      size: photo.file_size ?? 0,
      objectKey: `telegram:${photo.file_id}`,
    });
  }
  if (received.document) {
    attachments.push({
      name: received.document.file_name ?? 'document',
      contentType: received.document.mime_type ?? 'application/octet-stream',
      size: received.document.file_size ?? 0,
      objectKey: `telegram:${received.document.file_id}`,
    });
  }
  const text = (received.text ?? received.caption ?? '').trim();
  if (!text && attachments.length === 0) return undefined;
  const name = [received.from.first_name, received.from.last_name].filter(Boolean).join(' ');
  return {
    channel: 'telegram',
    providerMessageId: String(update.update_id),
    identities: [{ kind: 'telegram', value: String(received.chat.id), assurance: 'verified' }],
    displayName: name || received.from.username,
    text: text || '(مرفق)',
    attachments,
    language: received.from.language_code?.startsWith('en') ? 'en' : 'ar',
    receivedAt: new Date(received.date * 1000).toISOString(),
  };
}
