import * as z from 'zod/mini';
import { senderAssurance } from '../../../shared/domain/channel.ts';
import type { Identity } from '../../../shared/domain/identity.ts';
import { answeredMessage } from '../../../shared/domain/message.ts';
import { normalisePhone } from '../../../shared/domain/phone.ts';
import { optOutCommand } from '../../../shared/domain/sms-opt-out.ts';
import { UnreadablePayloadError } from '../delivery-contents.ts';
import { epochSecondsText } from '../provider-fields.ts';
import { languageOf, type MetaWebhook, reasonOf } from './parse.ts';
import {
  changeOfEarlier,
  type WhatsAppMessage,
  whatsappAttachments,
  whatsappContent,
  whatsappMessage,
} from './whatsapp-message.ts';

const whatsappStatus = z.object({
  id: z.string(),
  timestamp: z.optional(epochSecondsText),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  errors: z.optional(z.array(z.object({ code: z.optional(z.number()), title: z.optional(z.string()) }))),
});

/** Only the envelope is required whole; each message and status inside is read on its own. */
const whatsappEnvelope = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      changes: z.array(
        z.object({
          value: z.object({
            // A user with a username may come without wa_id (their phone), known by user_id (their BSUID).
            contacts: z.optional(
              z.array(
                z.object({
                  wa_id: z.optional(z.string()),
                  user_id: z.optional(z.string()),
                  profile: z.optional(
                    z.object({ name: z.optional(z.string()), username: z.optional(z.string()) }),
                  ),
                }),
              ),
            ),
            messages: z.optional(z.array(z.unknown())),
            statuses: z.optional(z.array(z.unknown())),
            user_preferences: z.optional(z.array(z.unknown())),
          }),
        }),
      ),
    }),
  ),
});

/**
 * Who sent a message, as WhatsApp vouches: their phone, and their business-scoped user id (BSUID) when it comes
 * too, so that once they hide the phone behind a username their messages still find them.
 */
function whatsappIdentities(phone: string | undefined, userId: string | undefined): Identity[] {
  const assurance = senderAssurance('whatsapp');
  return [
    ...(phone ? [{ kind: 'phone' as const, value: phone, assurance }] : []),
    ...(userId ? [{ kind: 'whatsapp' as const, value: userId, assurance }] : []),
  ];
}

/** The user's own "offers and announcements" setting changed (the `user_preferences` webhook field). */
const userPreference = z.object({
  wa_id: z.string(),
  category: z.literal('marketing_messages'),
  value: z.enum(['stop', 'resume']),
  timestamp: z.union([z.number(), epochSecondsText]),
});

/**
 * A message that only stops or resumes the society's messages: the word typed (STOP / إيقاف, START / اشتراك), a
 * marketing template's stop button, or WhatsApp telling of the user's marketing setting.
 */
function stopOf(message: WhatsAppMessage): { optedOut: boolean; word: string } | undefined {
  if (message.type === 'system' && message.system?.type === 'user_preference_changed') {
    const marketing = message.system.marketing;
    if (marketing !== 'stop' && marketing !== 'resume') return undefined;
    return { optedOut: marketing === 'stop', word: `marketing_messages:${marketing}` };
  }
  // A button is known by its payload, or by its words when the payload is the template's own id.
  const said =
    message.type === 'text'
      ? [message.text?.body]
      : message.type === 'button'
        ? [message.button?.payload, message.button?.text]
        : [];
  for (const words of said) {
    const command = words === undefined ? undefined : optOutCommand(words);
    if (command) return { optedOut: command === 'opt_out', word: words?.slice(0, 64) ?? '' };
  }
  return undefined;
}

/** A verified WhatsApp Cloud API webhook → items, delivery reports, and the parts we could not read. */
export function parseWhatsApp(payload: unknown): MetaWebhook {
  const parsed = whatsappEnvelope.safeParse(payload);
  if (!parsed.success) throw new UnreadablePayloadError('Not a WhatsApp Cloud API webhook');
  const result: MetaWebhook = { items: [], reports: [], watermarks: [], unreadable: [] };
  for (const change of parsed.data.entry.flatMap((entry) => entry.changes)) {
    const contacts = change.value.contacts ?? [];
    // A message names its sender by phone (`from`) or BSUID (`from_user_id`); a lone contact names it otherwise.
    const only = contacts.length === 1 ? contacts[0] : undefined;
    const contactOf = (message: WhatsAppMessage) =>
      message.from === undefined && message.from_user_id === undefined
        ? only
        : contacts.find(
            (contact) =>
              (message.from !== undefined && contact.wa_id === message.from) ||
              (message.from_user_id !== undefined && contact.user_id === message.from_user_id),
          );
    for (const rawMessage of change.value.messages ?? []) {
      const read = whatsappMessage.safeParse(rawMessage);
      if (!read.success) {
        result.unreadable.push({
          reason: `WhatsApp message: ${reasonOf(read.error)}`,
          raw: JSON.stringify(rawMessage),
        });
        continue;
      }
      const message = read.data;
      const contact = contactOf(message);
      const waId = message.from ?? contact?.wa_id;
      const phone = waId === undefined ? undefined : normalisePhone(`+${waId}`);
      const userId = message.from_user_id ?? contact?.user_id;
      const identities = whatsappIdentities(phone, userId);
      if ((waId !== undefined && !phone) || identities.length === 0) {
        result.unreadable.push({
          reason:
            waId === undefined
              ? 'The sender has neither a phone number nor a WhatsApp user id'
              : 'The sender is not a phone number',
          raw: JSON.stringify(rawMessage),
        });
        continue;
      }
      const at = new Date(Number(message.timestamp) * 1000).toISOString();
      const stop = stopOf(message);
      if (stop && phone) {
        // Recorded per number and noted on their open ticket, never a ticket of its own (as STOP by SMS).
        result.items.push({
          kind: 'opt_out',
          optOut: {
            channel: 'whatsapp',
            identity: { kind: 'phone', value: phone, assurance: senderAssurance('whatsapp') },
            optedOut: stop.optedOut,
            at,
            word: stop.word,
            providerMessageId: message.id,
          },
        });
        continue;
      }
      if (message.type === 'reaction' && message.reaction) {
        // No emoji (or an empty one) is the reaction taken back; each change is a message of its own id.
        result.items.push({
          kind: 'reaction',
          channel: 'whatsapp',
          providerMessageId: message.reaction.message_id,
          emoji: message.reaction.emoji ?? '',
          at,
          key: message.id,
        });
        continue;
      }
      const changed = changeOfEarlier(message);
      if (changed) {
        result.items.push({ kind: 'edit', channel: 'whatsapp', ...changed, at });
        continue;
      }
      // The user opened the chat and wrote nothing yet: a hello, not a request to file (as Telegram's /start).
      if (message.type === 'request_welcome') {
        result.items.push({
          kind: 'greeting',
          channel: 'whatsapp',
          to: phone ?? (userId as string),
          language: 'ar',
        });
        continue;
      }
      const content = whatsappContent(message, phone);
      // WhatsApp itself tells of the new number: it is linked to this sender, so the new number's first message
      // makes a contact marked as a possible duplicate of theirs (ingest joins only identities a contact lists).
      const newPhone =
        message.system?.type === 'user_changed_number' && message.system.wa_id
          ? normalisePhone(`+${message.system.wa_id}`)
          : undefined;
      // So is a new business-scoped user id (a username-only user's address).
      const newUserId = message.system?.type === 'user_changed_user_id' ? message.system.user_id : undefined;
      result.items.push({
        kind: 'message',
        inbound: {
          channel: 'whatsapp',
          providerMessageId: message.id,
          identities: [
            ...identities,
            ...(newPhone && newPhone !== phone ? whatsappIdentities(newPhone, undefined) : []),
            ...(newUserId && newUserId !== userId ? whatsappIdentities(undefined, newUserId) : []),
          ],
          displayName: contact?.profile?.name || contact?.profile?.username,
          text: content.text,
          attachments: whatsappAttachments(message),
          language: languageOf(content.text),
          receivedAt: at,
          ...(content.kind && { kind: content.kind }),
          ...((message.context?.forwarded || message.context?.frequently_forwarded) && { forwarded: true }),
          ...(message.context?.id && { replyTo: answeredMessage(message.context.id) }),
          ...(content.kind === 'unknown' && { raw: JSON.stringify(rawMessage) }),
        },
      });
    }
    for (const rawPreference of change.value.user_preferences ?? []) {
      const read = userPreference.safeParse(rawPreference);
      const phone = read.success ? normalisePhone(`+${read.data.wa_id}`) : undefined;
      if (!read.success || !phone) {
        result.unreadable.push({
          reason: read.success
            ? 'WhatsApp preference: not a phone'
            : `WhatsApp preference: ${reasonOf(read.error)}`,
          raw: JSON.stringify(rawPreference),
        });
        continue;
      }
      const { value, timestamp } = read.data;
      result.items.push({
        kind: 'opt_out',
        optOut: {
          channel: 'whatsapp',
          identity: { kind: 'phone', value: phone, assurance: senderAssurance('whatsapp') },
          optedOut: value === 'stop',
          at: new Date(Number(timestamp) * 1000).toISOString(),
          word: `marketing_messages:${value}`,
          providerMessageId: `preference:${read.data.wa_id}:${value}:${timestamp}`,
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
        ...(status.timestamp && { at: new Date(Number(status.timestamp) * 1000).toISOString() }),
        status: status.status,
        reason:
          status.errors?.map((error) => `${error.code ?? ''} ${error.title ?? ''}`.trim()).join('; ') ||
          undefined,
      });
    }
  }
  return result;
}
