/**
 * RFC 3834 loop protection: when the society may answer a mail automatically (acknowledgements), and how
 * often. Pure rules over the few header facts that matter, so they can be tested as a table.
 */
export interface MailSignals {
  /** The envelope sender (Return-Path); an empty string is the null sender `<>` of a bounce. */
  returnPath?: string;
  /** The From address, lower-cased. */
  from: string;
  autoSubmitted?: string;
  precedence?: string;
  listId?: string;
  listUnsubscribe?: string;
  /** The top-level content type, e.g. `multipart/report` for delivery status notifications. */
  contentType?: string;
  /** Exchange's request not to be answered automatically (`All`, `AutoReply`, `OOF`, …). */
  autoResponseSuppress?: string;
  /** Set by auto-responders that predate RFC 3834 (some vacation scripts). */
  xAutoreply?: string;
}

export type NoAutoReplyReason =
  | 'auto_submitted'
  | 'bulk_precedence'
  | 'mailing_list'
  | 'bounce'
  | 'no_reply_sender'
  | 'auto_responder';

export type AutoReplyDecision = { allowed: true } | { allowed: false; reason: NoAutoReplyReason };

/** The header every automatic mail we send carries (RFC 3834 §5). */
export const AUTO_SUBMITTED_HEADER = { name: 'Auto-Submitted', value: 'auto-replied' } as const;

/** At most one acknowledgement per sender in this window, so two auto-responders cannot ping-pong. */
export const ACKNOWLEDGEMENT_INTERVAL_MS = 24 * 60 * 60 * 1000;

const SYSTEM_LOCAL_PARTS =
  /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|donotreply|bounces?)([+\-.].*)?$/i;

/** Whether a received mail may get an automatic answer; every "no" says why, for the ticket's history. */
export function autoReplyDecision(mail: MailSignals): AutoReplyDecision {
  const autoSubmitted = mail.autoSubmitted?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return { allowed: false, reason: 'auto_submitted' };
  if (mail.returnPath !== undefined && mail.returnPath.replace(/[<>\s]/g, '') === '') {
    return { allowed: false, reason: 'bounce' };
  }
  if (mail.contentType?.trim().toLowerCase() === 'multipart/report')
    return { allowed: false, reason: 'bounce' };
  const precedence = mail.precedence?.trim().toLowerCase();
  if (precedence === 'bulk' || precedence === 'junk' || precedence === 'list') {
    return { allowed: false, reason: 'bulk_precedence' };
  }
  if (mail.listId || mail.listUnsubscribe) return { allowed: false, reason: 'mailing_list' };
  if (/\b(all|autoreply)\b/i.test(mail.autoResponseSuppress ?? '') || mail.xAutoreply) {
    return { allowed: false, reason: 'auto_responder' };
  }
  const localPart = mail.from.split('@')[0] ?? '';
  if (!mail.from || SYSTEM_LOCAL_PARTS.test(localPart)) return { allowed: false, reason: 'no_reply_sender' };
  return { allowed: true };
}
