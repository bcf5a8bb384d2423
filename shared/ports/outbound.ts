import type { Channel } from '../domain/channel.ts';
import type { Attachment } from '../domain/message.ts';

/** A reply leaving the society on a beneficiary's channel. */
export interface OutboundMessage {
  channel: Channel;
  /** The recipient's address on that channel (E.164, email, platform user id). */
  to: string;
  subject?: string;
  text: string;
  html?: string;
  attachments: Attachment[];
  ticketReference: string;
  /** For email replies: the message we answer and its thread. */
  inReplyTo?: string;
  references?: string[];
  /** The provider's id of the earlier message this one answers, where the channel shows that (WhatsApp, Telegram). */
  answering?: string;
  /** Automatic mail (acknowledgements, updates) must say so, so auto-responders do not answer it. */
  automatic?: boolean;
  /** The display name our mail is from (the society's, from its profile); the address stays the configured one. */
  senderName?: string;
  /** An approved WhatsApp template, the only way to write once the 24-hour service window has closed. */
  template?: { name: string; language: string; parameters: string[] };
  /** The id of the request or provider message that caused this one, passed to the provider where it takes one. */
  correlationId?: string;
}

export interface SendResult {
  providerMessageId: string;
}

/** The provider refused the message itself (a 4xx): the same send cannot succeed later, so it is not retried. */
export class RefusedByProviderError extends Error {}

/** One per provider channel: SES, SNS SMS, Graph API, Telegram Bot API; locally the outbox. */
export interface OutboundSender {
  send(message: OutboundMessage): Promise<SendResult>;
}

/** The sender for each channel that can carry a reply; a channel without one cannot be answered on. */
export type OutboundSenders = Partial<Record<Channel, OutboundSender>>;
