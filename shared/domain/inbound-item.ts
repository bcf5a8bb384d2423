import type { Channel, StoppableChannel } from './channel.ts';
import type { Identity } from './identity.ts';
import type { InboundContact } from './inbound-contact.ts';
import type { Attachment, ReactionChange } from './message.ts';

/** A beneficiary stopping our messages on a channel, or starting them again. */
export interface OptOut {
  channel: StoppableChannel;
  /** Where: their phone (SMS), their chat with the bot (Telegram). */
  identity: Identity;
  optedOut: boolean;
  at: string;
  /** What they sent: the word, or the provider's name for the bot's standing (`kicked`, `member`). */
  word: string;
  /** The delivery that said so, for the one lookup that finds their contact. */
  providerMessageId: string;
}

/**
 * One thing a messaging webhook can carry, each acted on by itself: a message (the one intake), a beneficiary's
 * correction of an earlier message, a reaction to one, a first `/start` that only wants a greeting, or the
 * beneficiary blocking (or unblocking) the bot.
 */
export type InboundItem =
  | { kind: 'message'; inbound: InboundContact }
  | {
      kind: 'edit';
      channel: Channel;
      /** The provider's id of the message that was edited (the one we stored). */
      providerMessageId: string;
      text: string;
      at: string;
      /** The files the edited message carries now, when it carries any (one may have been replaced). */
      attachments?: Attachment[];
    }
  | ({
      kind: 'reaction';
      channel: Channel;
      /** The provider's id of the message reacted to, ours or the beneficiary's. */
      providerMessageId: string;
    } & ReactionChange)
  | { kind: 'greeting'; channel: Channel; to: string; language: 'ar' | 'en' }
  | { kind: 'opt_out'; optOut: OptOut };

export const hasArabic = (text: string) => /[\u0600-\u06FF]/.test(text);

/** What staff read for a voice note without words: the note itself plays in the inbox. */
export const VOICE_NOTE = 'رسالة صوتية';
/** What a message its sender withdrew (unsent, deleted for everyone) says now; its words stay in its history. */
export const UNSENT = '(سحب المرسل هذه الرسالة)';
