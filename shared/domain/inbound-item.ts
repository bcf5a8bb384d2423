import type { Channel } from './channel.ts';
import type { InboundContact } from './inbound-contact.ts';

/**
 * One thing a messaging webhook can carry, each acted on by itself: a message (the one intake), a beneficiary's
 * correction of an earlier message, a reaction to one, or a first `/start` that only wants a greeting.
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
    }
  | {
      kind: 'reaction';
      channel: Channel;
      /** The provider's id of the message reacted to, ours or the beneficiary's. */
      providerMessageId: string;
      emoji: string;
      at: string;
    }
  | { kind: 'greeting'; channel: Channel; to: string; language: 'ar' | 'en' };

export const hasArabic = (text: string) => /[\u0600-\u06FF]/.test(text);

/** What staff read for a voice note without words: the note itself plays in the inbox. */
export const VOICE_NOTE = 'رسالة صوتية';
/** What a message its sender withdrew (unsent, deleted for everyone) says now; its words stay in its history. */
export const UNSENT = '(سحب المرسل هذه الرسالة)';
