import * as z from 'zod/mini';
import { UNSENT, VOICE_NOTE } from '../../../shared/domain/inbound-item.ts';
import { pendingMedia } from '../../../shared/domain/media.ts';
import type { Attachment } from '../../../shared/domain/message.ts';
import { normalisePhone } from '../../../shared/domain/phone.ts';
import { epochSecondsText, providerId, providerText } from '../provider-fields.ts';
import { mapLink } from './parse.ts';

/*
 * One WhatsApp Cloud API message as the webhook sends it, and what it says: its words (or what stands for them),
 * its files, and the earlier message an edit or a deletion changes.
 */

const media = z.object({
  id: z.string(),
  mime_type: z.optional(z.string()),
  sha256: z.optional(z.string()),
  caption: z.optional(z.string()),
  filename: z.optional(z.string()),
  voice: z.optional(z.boolean()),
});

/** A price or a quantity: the reference shows numbers, some senders write them as text. */
const amount = z.union([z.number(), z.string()]);

/**
 * `from` is the sender's phone; a user who adopted a username may come without it, known only by `from_user_id`,
 * their business-scoped user id (BSUID).
 */
export const whatsappMessage = z.object({
  from: z.optional(z.string()),
  from_user_id: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
  id: providerId,
  timestamp: epochSecondsText,
  type: z.string(),
  text: z.optional(z.object({ body: providerText })),
  image: z.optional(media),
  document: z.optional(media),
  audio: z.optional(media),
  video: z.optional(media),
  sticker: z.optional(media),
  location: z.optional(
    z.object({
      latitude: z.number(),
      longitude: z.number(),
      name: z.optional(z.string()),
      address: z.optional(z.string()),
    }),
  ),
  contacts: z.optional(
    z.array(
      z.object({
        name: z.optional(
          z.object({ formatted_name: z.optional(z.string()), first_name: z.optional(z.string()) }),
        ),
        phones: z.optional(
          z.array(z.object({ phone: z.optional(z.string()), wa_id: z.optional(z.string()) })),
        ),
      }),
    ),
  ),
  interactive: z.optional(
    z.object({
      type: z.string(),
      button_reply: z.optional(z.object({ id: z.string(), title: z.string() })),
      list_reply: z.optional(z.object({ id: z.string(), title: z.string() })),
      // A WhatsApp Flow's answers: response_json is a JSON object in a string, the fields the Flow defines.
      nfm_reply: z.optional(
        z.object({ name: z.optional(z.string()), body: z.optional(z.string()), response_json: providerText }),
      ),
    }),
  ),
  order: z.optional(
    z.object({
      catalog_id: z.optional(z.string()),
      text: z.optional(z.string()),
      product_items: z.optional(
        z.array(
          z.object({
            product_retailer_id: z.string(),
            quantity: z.optional(amount),
            item_price: z.optional(amount),
            currency: z.optional(z.string()),
          }),
        ),
      ),
    }),
  ),
  // The click-to-WhatsApp ad (or post) the user came from.
  referral: z.optional(
    z.object({
      source_url: z.optional(z.string()),
      source_type: z.optional(z.string()),
      headline: z.optional(z.string()),
      body: z.optional(z.string()),
    }),
  ),
  system: z.optional(
    z.object({
      body: z.optional(z.string()),
      type: z.optional(z.string()),
      wa_id: z.optional(z.string()),
      user_id: z.optional(z.string()),
      // `user_preference_changed`: the user's marketing messages setting, `stop` or `resume`.
      marketing: z.optional(z.string()),
    }),
  ),
  // A message of a type the Cloud API does not carry (error 131051), the type named when WhatsApp says it.
  unsupported: z.optional(z.object({ type: z.optional(z.string()) })),
  button: z.optional(z.object({ text: z.string(), payload: z.optional(z.string()) })),
  reaction: z.optional(z.object({ message_id: providerId, emoji: z.optional(z.string()) })),
  // A forwarded message, or an answer to an earlier message of the chat (its id).
  context: z.optional(
    z.object({
      forwarded: z.optional(z.boolean()),
      frequently_forwarded: z.optional(z.boolean()),
      id: z.optional(providerId),
    }),
  ),
  // A WhatsApp Business app number's ("coexistence") user editing or deleting a message they sent.
  edit: z.optional(
    z.object({
      original_message_id: providerId,
      message: z.object({
        text: z.optional(z.object({ body: providerText })),
        image: z.optional(media),
        video: z.optional(media),
        document: z.optional(media),
      }),
    }),
  ),
  revoke: z.optional(z.object({ original_message_id: providerId })),
});

export type WhatsAppMessage = z.infer<typeof whatsappMessage>;
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

/** An edit's or a deletion's message and what it says now; undefined for a message of its own. */
export function changeOfEarlier(
  message: WhatsAppMessage,
): { providerMessageId: string; text: string; attachments?: Attachment[] } | undefined {
  if (message.type === 'revoke' && message.revoke)
    return { providerMessageId: message.revoke.original_message_id, text: UNSENT };
  if (message.type !== 'edit' || !message.edit) return undefined;
  const edited = message.edit.message;
  // The edited message whole: its caption, and its file (another one when the beneficiary replaced it).
  const attachments = whatsappAttachments(edited);
  const text =
    edited.text?.body ??
    edited.image?.caption ??
    edited.video?.caption ??
    edited.document?.caption ??
    (attachments.length > 0 ? '(مرفق)' : undefined);
  if (text === undefined) return undefined;
  return {
    providerMessageId: message.edit.original_message_id,
    text,
    ...(attachments.length > 0 && { attachments }),
  };
}

/** A Flow's answers, one field a line as the Flow named it; its flow_token is ours, not the beneficiary's words. */
function flowAnswers(responseJson: string): string {
  let fields: unknown;
  try {
    fields = JSON.parse(responseJson);
  } catch {
    return responseJson;
  }
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) return responseJson;
  return Object.entries(fields)
    .filter(([name]) => name !== 'flow_token')
    .map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('\n');
}

/** An order from the catalog: its note, then each product with its quantity and price. */
function orderText(order: NonNullable<WhatsAppMessage['order']>): string {
  const items = (order.product_items ?? []).map((item) => {
    const price =
      item.item_price === undefined ? '' : ` (${`${item.item_price} ${item.currency ?? ''}`.trim()})`;
    return `• ${item.product_retailer_id} × ${item.quantity ?? 1}${price}`;
  });
  return ['🛒 طلب من الكتالوج', order.text, ...items].filter(Boolean).join('\n');
}

/** The ad or post a click-to-WhatsApp message came from, kept beside the words (where the request came from). */
function referralLine(referral: NonNullable<WhatsAppMessage['referral']>): string | undefined {
  const what = [referral.headline, referral.body].filter(Boolean).join(' — ');
  if (!what && !referral.source_url) return undefined;
  const source = referral.source_type === 'post' ? 'منشور' : 'إعلان';
  return `📣 وصل من ${source}: ${[what, referral.source_url].filter(Boolean).join(' ')}`;
}

/** A phone WhatsApp names (digits, no plus) as we keep phones; as sent when it is not one. */
const phoneOf = (waId: string) => normalisePhone(`+${waId}`) ?? waId;

/**
 * What WhatsApp itself says about the user (a number change, a new identity), for staff to read. Meta's
 * English body of an identity change says no more than its type (and names the user by their profile).
 */
function systemContent(system: NonNullable<WhatsAppMessage['system']>, from: string | undefined) {
  if (system.type === 'user_changed_number' && system.wa_id) {
    const change = from ? `من ${from} إلى ${phoneOf(system.wa_id)}` : `إلى ${phoneOf(system.wa_id)}`;
    return { kind: 'number_changed', text: `📱 غيّر المستفيد رقم واتساب ${change} (أبلغت به واتساب)` };
  }
  if (system.type === 'user_changed_user_id')
    return {
      kind: 'user_id_changed',
      text: '🆔 تغيّر معرّف المستفيد في واتساب (أبلغت به واتساب)؛ رسائله من المعرّف الجديد تصل إلى هذا الملف.',
    };
  if (system.type === 'customer_identity_changed')
    return {
      kind: 'identity_changed',
      text:
        '🔐 أبلغت واتساب بتغيّر هوية المستفيد فيها (كأن أعاد تثبيت واتساب أو انتقل إلى هاتف جديد)؛ ' +
        'تحقّق من أنه صاحب الطلب قبل مشاركة أي بيانات شخصية.',
    };
  return { kind: 'system', text: `ℹ️ ${system.body ?? system.type ?? 'إشعار من واتساب'}` };
}

/** What staff read for the kinds WhatsApp names in an unsupported message; any other is shown as named. */
const UNSUPPORTED_KINDS: Record<string, string> = {
  poll_creation: 'استطلاع رأي',
  poll_update: 'تصويت في استطلاع',
  edit: 'تعديل رسالة',
  pin: 'تثبيت رسالة',
};

/** Worded as Messenger's: WhatsApp cannot show it here, so the sender is asked to send it again. */
function unsupportedText(type: string | undefined): string {
  const named = type ? ` (${UNSUPPORTED_KINDS[type] ?? type})` : '';
  return `(رسالة من نوع لا تعرضه واتساب للجمعية${named}؛ يُطلب من المرسل إعادتها نصًّا أو صورة)`;
}

/** What a WhatsApp message says, with the ad it came from, and its kind when it is not text. */
export function whatsappContent(
  message: WhatsAppMessage,
  from: string | undefined,
): { text: string; kind?: string } {
  const content = ownContent(message, from);
  const referral = message.referral && referralLine(message.referral);
  return referral ? { ...content, text: `${content.text}\n${referral}` } : content;
}

function ownContent(message: WhatsAppMessage, from: string | undefined): { text: string; kind?: string } {
  if (message.text) return { text: message.text.body };
  if (message.type === 'system' && message.system) return systemContent(message.system, from);
  const flow = message.interactive?.nfm_reply;
  if (flow) return { kind: 'flow', text: `📋 ردّ على نموذج واتساب:\n${flowAnswers(flow.response_json)}` };
  if (message.order) return { kind: 'order', text: orderText(message.order) };
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
  // Still `unknown`, so the message is kept whole beside what staff read.
  if (message.type === 'unsupported')
    return { kind: 'unknown', text: unsupportedText(message.unsupported?.type) };
  return { kind: 'unknown', text: `(رسالة من نوع لا يقرؤه النظام: ${message.type})` };
}

export function whatsappAttachments(
  message: Partial<Pick<WhatsAppMessage, (typeof WHATSAPP_MEDIA)[number]>>,
): Attachment[] {
  return WHATSAPP_MEDIA.flatMap((kind) => {
    const item = message[kind];
    if (!item) return [];
    const extension = EXTENSIONS[item.mime_type?.split(';')[0]?.trim() ?? ''];
    const name =
      item.filename ?? (kind === 'audio' && item.voice ? 'voice' : kind) + (extension ? `.${extension}` : '');
    return [
      {
        ...pendingMedia(name, item.mime_type ?? 'application/octet-stream', {
          provider: 'whatsapp',
          mediaId: item.id,
        }),
        ...(item.sha256 && { fingerprint: item.sha256 }),
      },
    ];
  });
}
