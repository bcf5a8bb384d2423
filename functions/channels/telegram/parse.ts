import * as z from 'zod/mini';
import { senderAssurance } from '../../../shared/domain/channel.ts';
import type { Identity } from '../../../shared/domain/identity.ts';
import { type InboundItem, VOICE_NOTE } from '../../../shared/domain/inbound-item.ts';
import { pendingMedia } from '../../../shared/domain/media.ts';
import { type Attachment, answeredMessage } from '../../../shared/domain/message.ts';
import { epochSeconds } from '../provider-fields.ts';

const user = z.object({
  id: z.number().check(z.int()),
  is_bot: z.optional(z.boolean()),
  first_name: z.optional(z.string().check(z.maxLength(256))),
  last_name: z.optional(z.string().check(z.maxLength(256))),
  username: z.optional(z.string().check(z.maxLength(64))),
  language_code: z.optional(z.string().check(z.maxLength(16))),
});

const file = {
  file_id: z.string().check(z.maxLength(256)),
  // The same for the file whichever update carries it (a file_id may differ): how an edit's file is recognised.
  file_unique_id: z.optional(z.string().check(z.maxLength(128))),
  file_size: z.optional(z.number().check(z.int())),
  mime_type: z.optional(z.string().check(z.maxLength(128))),
};

const fileName = z.optional(z.string().check(z.maxLength(256)));

const message = z.object({
  message_id: z.number().check(z.int()),
  from: z.optional(user),
  chat: z.object({ id: z.number().check(z.int()), type: z.string() }),
  date: epochSeconds,
  edit_date: z.optional(epochSeconds),
  // Where a forwarded message came from (Bot API 7.0); `forward_date` in earlier versions.
  forward_origin: z.optional(z.object({ type: z.string() })),
  forward_date: z.optional(epochSeconds),
  text: z.optional(z.string().check(z.maxLength(10_000))),
  // An answer to an earlier message of the chat, and the part of it the sender quoted (Bot API 7.0).
  reply_to_message: z.optional(
    z.object({
      message_id: z.number().check(z.int()),
      text: z.optional(z.string().check(z.maxLength(10_000))),
      caption: z.optional(z.string().check(z.maxLength(10_000))),
    }),
  ),
  quote: z.optional(z.object({ text: z.string().check(z.maxLength(10_000)) })),
  // Telegram Premium captions run to 4,096 characters; a longer one than any sender can write is still kept whole.
  caption: z.optional(z.string().check(z.maxLength(10_000))),
  photo: z.optional(
    z.array(z.object({ ...file, width: z.number(), height: z.number() })).check(z.maxLength(20)),
  ),
  document: z.optional(z.object({ ...file, file_name: fileName })),
  voice: z.optional(z.object({ ...file, duration: z.optional(z.number()) })),
  audio: z.optional(
    z.object({ ...file, file_name: fileName, title: z.optional(z.string().check(z.maxLength(256))) }),
  ),
  video: z.optional(z.object({ ...file, file_name: fileName })),
  video_note: z.optional(z.object(file)),
  sticker: z.optional(z.object({ ...file, emoji: z.optional(z.string().check(z.maxLength(16))) })),
  location: z.optional(z.object({ latitude: z.number(), longitude: z.number() })),
  venue: z.optional(
    z.object({ title: z.string().check(z.maxLength(256)), address: z.string().check(z.maxLength(512)) }),
  ),
  contact: z.optional(
    z.object({
      phone_number: z.string().check(z.maxLength(64)),
      first_name: z.string().check(z.maxLength(256)),
      last_name: z.optional(z.string().check(z.maxLength(256))),
    }),
  ),
  // A poll the beneficiary sent (Poll: a question of up to 300 characters, options of up to 100 each).
  poll: z.optional(
    z.object({
      question: z.string().check(z.maxLength(1_000)),
      options: z.optional(
        z.array(z.object({ text: z.string().check(z.maxLength(1_000)) })).check(z.maxLength(50)),
      ),
    }),
  ),
  // An animated emoji with a random value (Dice): 🎲 🎯 🎳 1–6, 🏀 ⚽ 1–5, 🎰 1–64.
  dice: z.optional(z.object({ emoji: z.string().check(z.maxLength(16)), value: z.number().check(z.int()) })),
});

/** The bot's own standing in a chat changed (ChatMemberUpdated): in a private chat, blocked or unblocked. */
const chatMemberUpdated = z.object({
  chat: z.object({ id: z.number().check(z.int()), type: z.string() }),
  from: user,
  date: epochSeconds,
  new_chat_member: z.object({ status: z.string().check(z.maxLength(32)) }),
});

/** A Telegram Bot API Update (https://core.telegram.org/bots/api#update), the parts a help desk reads. */
export const telegramUpdateSchema = z.object({
  update_id: z.number().check(z.int()),
  message: z.optional(message),
  edited_message: z.optional(message),
  my_chat_member: z.optional(chatMemberUpdated),
});

export type TelegramUpdate = z.infer<typeof telegramUpdateSchema>;
type TelegramMessage = z.infer<typeof message>;

/** A message's provider id: the chat and the message id, the same for its redelivery and for its later edits. */
export const telegramMessageId = (chatId: number | string, messageId: number) => `${chatId}:${messageId}`;

const chatIdentity = (chatId: number): Identity => ({
  kind: 'telegram',
  value: String(chatId),
  assurance: senderAssurance('telegram'),
});

const mapLink = (latitude: number, longitude: number) =>
  `https://maps.google.com/?q=${latitude},${longitude}`;

function attachmentsOf(received: TelegramMessage): Attachment[] {
  const attachments: Attachment[] = [];
  const add = (
    name: string,
    contentType: string,
    item: { file_id: string; file_unique_id?: string; file_size?: number },
  ) =>
    attachments.push({
      ...pendingMedia(name, contentType, { provider: 'telegram', fileId: item.file_id }, item.file_size),
      ...(item.file_unique_id && { fingerprint: item.file_unique_id }),
    });
  const photo = received.photo?.at(-1);
  if (photo) add('photo.jpg', 'image/jpeg', photo);
  if (received.document)
    add(
      received.document.file_name ?? 'document',
      received.document.mime_type ?? 'application/octet-stream',
      received.document,
    );
  if (received.voice) add('voice.ogg', received.voice.mime_type ?? 'audio/ogg', received.voice);
  if (received.audio)
    add(
      received.audio.file_name ?? received.audio.title ?? 'audio',
      received.audio.mime_type ?? 'audio/mpeg',
      received.audio,
    );
  if (received.video)
    add(received.video.file_name ?? 'video.mp4', received.video.mime_type ?? 'video/mp4', received.video);
  if (received.video_note) add('video-note.mp4', 'video/mp4', received.video_note);
  if (received.sticker) add('sticker.webp', 'image/webp', received.sticker);
  return attachments;
}

/** What the message is when it is not text: its kind, and the words staff read for it. */
function describe(received: TelegramMessage): { kind?: string; text: string } {
  const written = (received.text ?? received.caption ?? '').trim();
  if (received.location) {
    const venue = received.venue ? `${received.venue.title}، ${received.venue.address} ` : '';
    return {
      kind: 'location',
      text: `📍 ${venue}${mapLink(received.location.latitude, received.location.longitude)}`,
    };
  }
  if (received.contact) {
    const { first_name, last_name, phone_number } = received.contact;
    return {
      kind: 'contact',
      text: `👤 ${[first_name, last_name].filter(Boolean).join(' ')}: ${phone_number}`,
    };
  }
  if (received.poll) {
    const options = (received.poll.options ?? []).map((option) => `- ${option.text}`);
    return { kind: 'poll', text: [`📊 استطلاع: ${received.poll.question}`, ...options].join('\n') };
  }
  if (received.dice) return { kind: 'dice', text: `${received.dice.emoji} ${received.dice.value}` };
  const kind = received.voice
    ? 'voice'
    : received.audio
      ? 'audio'
      : received.video || received.video_note
        ? 'video'
        : received.sticker
          ? 'sticker'
          : received.document
            ? 'document'
            : received.photo
              ? 'photo'
              : undefined;
  if (kind)
    return { kind, text: written || (received.sticker?.emoji ?? (kind === 'voice' ? VOICE_NOTE : '(مرفق)')) };
  if (written) return { text: written };
  return { kind: 'unknown', text: '(رسالة من نوع لا يقرؤه النظام)' };
}

/**
 * `/start`, alone or with a deep link's parameter: t.me/<bot>?start=<payload> sends `/start <payload>`, the
 * payload up to 64 of A–Z, a–z, 0–9, _ and -. Words typed after it are the beneficiary's message, not a link's.
 */
const START = /^\/start(?:@\w+)?(?:\s+[\w-]{1,64})?$/;

/**
 * An update → what it asks of us, or undefined for updates a help desk does not act on (group chats, bots).
 * Files stay on Telegram until the media fetcher brings them in; `/start` (the button a new chat begins with,
 * or a deep link to the bot) wants a greeting, not a ticket; an edit corrects the message it names; the
 * beneficiary blocking the bot (`kicked`) stops our messages there, as STOP does by SMS, until they unblock it
 * (`member`).
 */
export function telegramToItem(update: TelegramUpdate, raw?: string): InboundItem | undefined {
  const member = update.my_chat_member;
  if (member) {
    const status = member.new_chat_member.status;
    if (member.chat.type !== 'private' || (status !== 'kicked' && status !== 'member')) return undefined;
    return {
      kind: 'opt_out',
      optOut: {
        channel: 'telegram',
        identity: chatIdentity(member.chat.id),
        optedOut: status === 'kicked',
        at: new Date(member.date * 1000).toISOString(),
        word: status,
        providerMessageId: `${member.chat.id}:bot-${status}:${update.update_id}`,
      },
    };
  }
  const received = update.message ?? update.edited_message;
  if (!received?.from || received.from.is_bot || received.chat.type !== 'private') return undefined;
  const language = received.from.language_code?.startsWith('en') ? 'en' : 'ar';
  const providerMessageId = telegramMessageId(received.chat.id, received.message_id);
  const described = describe(received);
  if (update.edited_message) {
    // A message's photo or file can be replaced by editing it: the files it carries now come with the edit.
    const attachments = attachmentsOf(received);
    return {
      kind: 'edit',
      channel: 'telegram',
      providerMessageId,
      text: described.text,
      at: new Date((received.edit_date ?? received.date) * 1000).toISOString(),
      ...(attachments.length > 0 && { attachments }),
    };
  }
  // A deep link's payload has nowhere to go yet (a greeting carries none): the chat is greeted the same.
  if (START.test(received.text?.trim() ?? '')) {
    return { kind: 'greeting', channel: 'telegram', to: String(received.chat.id), language };
  }
  const name = [received.from.first_name, received.from.last_name].filter(Boolean).join(' ');
  return {
    kind: 'message',
    inbound: {
      channel: 'telegram',
      providerMessageId,
      identities: [chatIdentity(received.chat.id)],
      displayName: name || received.from.username,
      text: described.text,
      attachments: attachmentsOf(received),
      language,
      receivedAt: new Date(received.date * 1000).toISOString(),
      ...(described.kind && { kind: described.kind }),
      ...((received.forward_origin || received.forward_date !== undefined) && { forwarded: true }),
      ...(received.reply_to_message && {
        replyTo: answeredMessage(
          telegramMessageId(received.chat.id, received.reply_to_message.message_id),
          received.quote?.text ?? received.reply_to_message.text ?? received.reply_to_message.caption,
        ),
      }),
      ...(described.kind === 'unknown' && raw && { raw }),
    },
  };
}
