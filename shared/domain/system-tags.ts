import { UNVERIFIED_SENDER_TAG } from './identity.ts';

/** Mail the provider's checks found to be spam. */
export const SPAM_TAG = 'spam';
/** An out-of-office or other machine-written mail. */
export const AUTOMATED_TAG = 'auto_reply';

/**
 * Tags intake sets for what it found (an unproven sender, a machine-written mail, spam): routing rules and reports
 * read them, so a staff change of a ticket's tags keeps them (shared/use-cases/update-ticket.ts).
 */
export const SYSTEM_TAGS = [UNVERIFIED_SENDER_TAG, AUTOMATED_TAG, SPAM_TAG] as const;
export type SystemTag = (typeof SYSTEM_TAGS)[number];

export const isSystemTag = (tag: string): tag is SystemTag =>
  (SYSTEM_TAGS as readonly string[]).includes(tag);
