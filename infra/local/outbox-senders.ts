import {
  messagingAttachment,
  messagingRequest,
  whatsappMediaRequest,
  whatsappRequest,
} from '../../functions/channels/meta/graph-senders.ts';
import { smsTextWithLinks } from '../../functions/channels/sms/file-links.ts';
import { checkSmsLength } from '../../functions/channels/sms/sms-sender.ts';
import { sendMessageRequest, telegramFileMethod } from '../../functions/channels/telegram/bot-api-sender.ts';
import type { Channel } from '../../shared/domain/channel.ts';
import type { FileLinks } from '../../shared/ports/file-links.ts';
import type { OutboundMessage, OutboundSender, OutboundSenders } from '../../shared/ports/outbound.ts';
import type { LocalOutbox } from './outbox.ts';

/**
 * A sender that records the provider request in the local outbox instead of calling the provider. Channels that
 * build a real provider payload (MIME, Graph API body) replace these with their own local senders.
 */
export function outboxSender(outbox: LocalOutbox, channel: Channel, links?: FileLinks): OutboundSender {
  return {
    async send(original) {
      // An SMS carries its files as links, as SNS would receive it.
      const message =
        channel === 'sms'
          ? { ...original, text: await smsTextWithLinks(original, links), attachments: [] }
          : original;
      // The same refusals the real senders make, so `npm start` answers as AWS would.
      if (channel === 'sms') checkSmsLength(message.text);
      const request = providerRequest(channel, message);
      const entry = await outbox.deliver({
        channel,
        to: message.to,
        summary: message.subject ?? message.text.slice(0, 80),
        payload: JSON.stringify(request, null, 2),
        payloadType: 'application/json',
        ...(message.ticketReference && { ticketReference: message.ticketReference }),
      });
      return { providerMessageId: localProviderId(channel, message.to, entry.id) };
    },
  };
}

/** Telegram's message ids are whole numbers per chat; the outbox hands out its own, above any a test chat uses. */
let telegramMessageIds = 1_000_000_000 + (Date.now() % 1_000_000_000);

/**
 * The id the provider would give: Telegram's `<chat>:<message id>` (as the Bot API sender records it), so a
 * beneficiary's answer to a reply sent from `npm start` finds it; another channel's names the outbox entry.
 */
function localProviderId(channel: Channel, to: string, entryId: string): string {
  if (channel !== 'telegram') return `local-${entryId}`;
  telegramMessageIds += 1;
  return `${to}:${telegramMessageIds}`;
}

/** Exactly what the provider would receive, so the outbox shows the real request (and, after it, each file's). */
function providerRequest(channel: Channel, message: OutboundMessage): unknown {
  const text = textRequest(channel, message);
  if (message.attachments.length === 0) return text;
  const files = message.attachments.map((attachment) => {
    const file = { name: attachment.name, contentType: attachment.contentType, size: attachment.size };
    if (channel === 'whatsapp')
      return {
        upload: {
          endpoint: 'POST /{phone-number-id}/media',
          messaging_product: 'whatsapp',
          type: file.contentType,
          file,
        },
        message: whatsappMediaRequest(message.to, attachment, '{uploaded media id}'),
      };
    if (channel === 'telegram') {
      const { method, field } = telegramFileMethod(attachment);
      return { method, chat_id: message.to, [field]: file };
    }
    if (channel === 'messenger' || channel === 'instagram')
      return { recipient: { id: message.to }, message: messagingAttachment(attachment), filedata: file };
    return file;
  });
  return { message: text, files };
}

function textRequest(channel: Channel, message: OutboundMessage): unknown {
  if (channel === 'telegram') return sendMessageRequest(message);
  if (channel === 'whatsapp') return whatsappRequest(message);
  if (channel === 'messenger' || channel === 'instagram') return messagingRequest(message);
  return message;
}

/** Email has its own local sender (full MIME, optional relay): `outbox-email-sender.ts`. */
const PROVIDER_CHANNELS: Channel[] = ['sms', 'whatsapp', 'messenger', 'instagram', 'telegram'];

export function localOutboxSenders(outbox: LocalOutbox, links?: FileLinks): OutboundSenders {
  return Object.fromEntries(
    PROVIDER_CHANNELS.map((channel) => [channel, outboxSender(outbox, channel, links)]),
  );
}
