import * as z from 'zod/mini';
import { senderAssurance } from '../../../shared/domain/channel.ts';
import { UNSENT } from '../../../shared/domain/inbound-item.ts';
import { pendingMedia } from '../../../shared/domain/media.ts';
import { type Attachment, answeredMessage } from '../../../shared/domain/message.ts';
import { UnreadablePayloadError } from '../delivery-contents.ts';
import { epochMillis, providerId, providerText } from '../provider-fields.ts';
import { languageOf, type MetaWebhook, mapLink, reasonOf } from './parse.ts';

/** One card of a shared generic or product template: its name, and where it or its buttons lead. */
const cardElement = z.object({
  title: z.optional(z.string()),
  subtitle: z.optional(z.string()),
  default_action: z.optional(z.object({ url: z.optional(z.string()) })),
  buttons: z.optional(z.array(z.object({ url: z.optional(z.string()) }))),
});

const attachmentPayload = z.object({
  url: z.optional(z.string()),
  title: z.optional(z.string()),
  coordinates: z.optional(z.object({ lat: z.number(), long: z.number() })),
  // A shared card (`template`): its cards under `generic` or `product`, or directly.
  generic: z.optional(z.object({ elements: z.optional(z.array(cardElement)) })),
  product: z.optional(z.object({ elements: z.optional(z.array(cardElement)) })),
  elements: z.optional(z.array(cardElement)),
});

const messagingEvent = z.object({
  sender: z.object({ id: z.string() }),
  // Receipts may come without one (Meta's delivery example has none); a message then takes its entry's time.
  timestamp: z.optional(epochMillis),
  message: z.optional(
    z.object({
      mid: providerId,
      text: z.optional(providerText),
      is_echo: z.optional(z.boolean()),
      attachments: z.optional(
        z.array(
          z.object({
            type: z.string(),
            // A shared link (`fallback`) may carry its address and title here, its payload null.
            url: z.optional(z.string()),
            title: z.optional(z.string()),
            payload: z.nullish(attachmentPayload),
          }),
        ),
      ),
      quick_reply: z.optional(z.object({ payload: z.string() })),
      // Instagram: an answer to one of the society's stories, a message Meta cannot show, one the sender unsent.
      // Or an answer to an earlier message of the chat (its mid).
      reply_to: z.optional(
        z.object({
          story: z.optional(z.object({ url: z.optional(z.string()) })),
          mid: z.optional(providerId),
        }),
      ),
      is_unsupported: z.optional(z.boolean()),
      is_deleted: z.optional(z.boolean()),
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
  // Messenger reports by time (everything sent before `watermark`), and may name the delivered messages too;
  // Instagram names the message read.
  delivery: z.optional(
    z.object({ mids: z.optional(z.array(z.string())), watermark: z.optional(z.number()) }),
  ),
  read: z.optional(z.object({ watermark: z.optional(z.number()), mid: z.optional(providerId) })),
});

const messagingEnvelope = z.object({
  object: z.enum(['page', 'instagram']),
  // `standby`: what the Page received while another app held the conversation (Meta's handover protocol).
  entry: z.array(
    z.object({
      // Read only as a message's fallback time: one no Date holds leaves the events to say their own.
      time: z.optional(z.number()),
      messaging: z.optional(z.array(z.unknown())),
      standby: z.optional(z.array(z.unknown())),
    }),
  ),
});

/** Messenger/Instagram attachment types whose `payload.url` is a file to fetch. */
const FILE_TYPES: Record<string, { name: string; extension: string; contentType: string }> = {
  image: { name: 'image', extension: 'jpg', contentType: 'image/jpeg' },
  video: { name: 'video', extension: 'mp4', contentType: 'video/mp4' },
  audio: { name: 'audio', extension: 'mp4', contentType: 'audio/mp4' },
  file: { name: 'file', extension: '', contentType: 'application/octet-stream' },
};

/**
 * Links staff open rather than files we keep: a story the sender mentioned the society in (Meta forbids
 * storing its media; the link stops working when the story ends), a shared post or reel, a link Meta could not
 * render, a shared card.
 */
const LINK_LABELS: Record<string, string> = {
  story_mention: '📣 أشار إلى الجمعية في قصة (يعمل الرابط ما دامت القصة منشورة)',
  share: '🔗 مشاركة منشور',
  ig_reel: '🎬 مشاركة مقطع',
  reel: '🎬 مشاركة مقطع',
  fallback: '🔗 رابط',
  template: '🗂️ مشاركة بطاقة',
};

/**
 * A shared card's notes (a generic card, a product), one a card: its title and subtitle, and the links it
 * opens; its picture only illustrates them.
 */
function cardNotes(payload: z.infer<typeof attachmentPayload>): string[] {
  const cards = [
    ...(payload.generic?.elements ?? []),
    ...(payload.product?.elements ?? []),
    ...(payload.elements ?? []),
  ];
  return cards.flatMap((card) => {
    const urls = [card.default_action?.url, ...(card.buttons ?? []).map((button) => button.url)];
    const links = [...new Set(urls.filter((url): url is string => Boolean(url)))];
    const named = [card.title?.trim(), card.subtitle?.trim()].filter(Boolean).join(' — ');
    if (!named && links.length === 0) return [];
    const label = [LINK_LABELS.template, named && `«${named}»`].filter(Boolean).join(' ');
    return [links.length ? `${label}: ${links.join(' ')}` : label];
  });
}

/**
 * A file's name from its CDN address: Messenger keeps a file's own name as the last part of the path, and an
 * image's or clip's extension; otherwise the generic name.
 */
function fileNameOf(url: string, type: { name: string; extension: string }): string {
  let last = '';
  try {
    last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  } catch {
    last = '';
  }
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(last)?.[1]?.toLowerCase();
  if (type.name === 'file') return extension && last.length <= 150 ? last : 'file';
  return `${type.name}.${extension ?? type.extension}`;
}

const UNSUPPORTED = '(رسالة من نوع لا تعرضه منصة ميتا للجمعية؛ يُطلب من المرسل إعادتها نصًّا أو صورة)';

/** A verified Messenger or Instagram webhook → items, delivery reports, and the parts we could not read. */
export function parseMessaging(channel: 'messenger' | 'instagram', payload: unknown): MetaWebhook {
  const parsed = messagingEnvelope.safeParse(payload);
  if (!parsed.success) throw new UnreadablePayloadError(`Not a ${channel} webhook`);
  const result: MetaWebhook = { items: [], reports: [], watermarks: [], unreadable: [] };
  // A beneficiary's message reaches the inbox whichever app held the conversation when they wrote it.
  const events = parsed.data.entry.flatMap((entry) =>
    [...(entry.messaging ?? []), ...(entry.standby ?? [])].map((rawEvent) => ({
      rawEvent,
      time: entry.time,
    })),
  );
  for (const { rawEvent, time } of events) {
    const read = messagingEvent.safeParse(rawEvent);
    if (!read.success) {
      result.unreadable.push({
        reason: `${channel} event: ${reasonOf(read.error)}`,
        raw: JSON.stringify(rawEvent),
      });
      continue;
    }
    const event = read.data;
    for (const mid of event.delivery?.mids ?? [])
      result.reports.push({ providerMessageId: mid, status: 'delivered' });
    const byTime = (status: 'delivered' | 'read', watermark: number) =>
      result.watermarks.push({
        channel,
        userId: event.sender.id,
        status,
        upTo: new Date(watermark).toISOString(),
      });
    if (event.delivery?.watermark && !event.delivery.mids?.length)
      byTime('delivered', event.delivery.watermark);
    if (event.read?.mid) result.reports.push({ providerMessageId: event.read.mid, status: 'read' });
    else if (event.read?.watermark) byTime('read', event.read.watermark);
    const stamp = event.timestamp ?? (epochMillis.safeParse(time).success ? time : undefined);
    if (stamp === undefined) {
      if (event.message || event.postback || event.reaction || event.message_edit)
        result.unreadable.push({ reason: `${channel} event: no timestamp`, raw: JSON.stringify(rawEvent) });
      continue;
    }
    const at = new Date(stamp).toISOString();
    if (event.reaction) {
      // `unreact` takes the reaction back; a change has no id of its own, so its fields (to the millisecond) are.
      const emoji =
        event.reaction.action === 'unreact' ? '' : (event.reaction.emoji ?? event.reaction.reaction ?? '');
      result.items.push({
        kind: 'reaction',
        channel,
        providerMessageId: event.reaction.mid,
        emoji,
        at,
        key: `${event.reaction.action ?? 'react'}:${emoji}@${stamp}`,
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
          providerMessageId: event.postback.mid ?? `postback:${event.sender.id}:${stamp}`,
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
    if (message.is_deleted) {
      // The sender unsent it: staff see that, with what it said kept in the message's history.
      result.items.push({ kind: 'edit', channel, providerMessageId: message.mid, text: UNSENT, at });
      continue;
    }
    const attachments: Attachment[] = [];
    const notes: string[] = [];
    for (const item of message.attachments ?? []) {
      const file = FILE_TYPES[item.type];
      const url = item.payload?.url ?? item.url;
      const title = (item.payload?.title ?? item.title)?.trim();
      const cards = item.type === 'template' && item.payload ? cardNotes(item.payload) : [];
      if (file && url) {
        attachments.push(pendingMedia(fileNameOf(url, file), file.contentType, { provider: 'url', url }));
      } else if (item.payload?.coordinates) {
        // The place's name comes in the payload, or beside it in the older shape (whose `url` is Meta's own map).
        const { lat, long } = item.payload.coordinates;
        notes.push(`📍 ${title ? `${title} ` : ''}${mapLink(lat, long)}`);
      } else if (cards.length) {
        notes.push(...cards);
      } else if (url) {
        // A shared page's title says what it is before one opens it (a story mention's is Meta's own wording).
        const named = title && item.type !== 'story_mention' ? `«${title}»` : undefined;
        const label = [LINK_LABELS[item.type], named].filter(Boolean).join(' ');
        notes.push(label ? `${label}: ${url}` : url);
      }
    }
    const story = message.reply_to?.story;
    if (story) notes.push(`↩️ ردًّا على قصة الجمعية${story.url ? `: ${story.url}` : ''}`);
    const text =
      [message.text, ...notes].filter(Boolean).join('\n') ||
      message.quick_reply?.payload ||
      (message.is_unsupported ? UNSUPPORTED : '(مرفق)');
    const located = message.attachments?.some((item) => item.payload?.coordinates);
    const kind = message.quick_reply
      ? 'quick_reply'
      : story
        ? 'story_reply'
        : message.is_unsupported
          ? 'unsupported'
          : located
            ? 'location'
            : message.attachments?.[0]?.type;
    result.items.push({
      kind: 'message',
      inbound: {
        ...base,
        providerMessageId: message.mid,
        text,
        attachments,
        language: languageOf(text),
        ...(kind && { kind }),
        ...(message.reply_to?.mid && { replyTo: answeredMessage(message.reply_to.mid) }),
      },
    });
  }
  return result;
}
