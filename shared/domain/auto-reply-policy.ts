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
  /** The same from other auto-responders. */
  xAutorespond?: string;
  /** Out-of-office replies without any header still say so in the subject. */
  subject?: string;
  /** Where the sender asks answers to go (Reply-To), lower-cased. */
  replyTo?: string;
}

export type NoAutoReplyReason =
  | 'auto_submitted'
  | 'bulk_precedence'
  | 'mailing_list'
  | 'bounce'
  | 'no_reply_sender'
  | 'auto_responder'
  | 'out_of_office';

export type AutoReplyDecision = { allowed: true } | { allowed: false; reason: NoAutoReplyReason };

/** The header every automatic mail we send carries (RFC 3834 §5). */
export const AUTO_SUBMITTED_HEADER = { name: 'Auto-Submitted', value: 'auto-replied' } as const;

/** At most one acknowledgement per sender in this window, so two auto-responders cannot ping-pong. */
export const ACKNOWLEDGEMENT_INTERVAL_MS = 24 * 60 * 60 * 1000;

const SYSTEM_LOCAL_PARTS =
  /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|donotreply|bounces?)([+\-.].*)?$/i;

/** The envelope's null sender (`<>`): what bounces and, by RFC 3834, automatic replies come from. */
export function isNullSender(returnPath: string | undefined): boolean {
  return returnPath !== undefined && returnPath.replace(/[<>\s]/g, '') === '';
}

/** Whether a received mail may get an automatic answer; every "no" says why, for the ticket's history. */
export function autoReplyDecision(mail: MailSignals): AutoReplyDecision {
  const autoSubmitted = mail.autoSubmitted?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return { allowed: false, reason: 'auto_submitted' };
  if (isNullSender(mail.returnPath)) return { allowed: false, reason: 'bounce' };
  if (mail.contentType?.trim().toLowerCase() === 'multipart/report')
    return { allowed: false, reason: 'bounce' };
  const precedence = mail.precedence?.trim().toLowerCase();
  if (precedence === 'bulk' || precedence === 'junk' || precedence === 'list') {
    return { allowed: false, reason: 'bulk_precedence' };
  }
  if (mail.listId || mail.listUnsubscribe) return { allowed: false, reason: 'mailing_list' };
  if (
    /\b(all|autoreply)\b/i.test(mail.autoResponseSuppress ?? '') ||
    mail.xAutoreply !== undefined ||
    mail.xAutorespond !== undefined
  ) {
    return { allowed: false, reason: 'auto_responder' };
  }
  if (isOutOfOfficeSubject(mail.subject)) return { allowed: false, reason: 'out_of_office' };
  if (isSystemAddress(mail.from)) return { allowed: false, reason: 'no_reply_sender' };
  // Answers go to Reply-To; a no-reply address there gets nothing either.
  if (mail.replyTo && isSystemAddress(mail.replyTo)) return { allowed: false, reason: 'no_reply_sender' };
  return { allowed: true };
}

/** Reasons that mean a machine wrote the mail, not the beneficiary: recorded, but it starts no clock. */
const AUTOMATED_REASONS: ReadonlySet<NoAutoReplyReason> = new Set([
  'auto_submitted',
  'bulk_precedence',
  'bounce',
  'no_reply_sender',
  'auto_responder',
  'out_of_office',
]);

/** Whether a machine sent the mail (auto-reply, bulk, no-reply system); a mailing list post may be a person. */
export function isAutomatedMail(mail: MailSignals): boolean {
  const decision = autoReplyDecision(mail);
  return !decision.allowed && AUTOMATED_REASONS.has(decision.reason);
}

/**
 * Subjects auto-responders put on out-of-office replies, in English and Arabic, at the start of the subject
 * (a person writing "about my automatic reply" is not caught). Arabic is matched after removing diacritics and
 * tatweel and folding alef forms.
 */
const OUT_OF_OFFICE_SUBJECTS = [
  /^(re:\s*)?(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|autoreply|auto[- ]?response|away from (the )?office|on vacation|vacation reply|i am out of the office|i'm out of the office)\b/i,
  /^(رد تلقائي|رد الي|الرد الالي|الرد التلقائي|رد اوتوماتيكي|خارج المكتب|انا خارج المكتب|في اجازه|خارج الدوام)/,
];

export function isOutOfOfficeSubject(subject: string | undefined): boolean {
  if (!subject) return false;
  const folded = subject
    .trim()
    .replace(/[\u064B-\u0652\u0640]/g, '')
    .replace(/[أإآ]/g, 'ا')
    .replace(/ة/g, 'ه')
    .replace(/ى/g, 'ي')
    .replace(/\s+/g, ' ');
  return OUT_OF_OFFICE_SUBJECTS.some((pattern) => pattern.test(folded));
}

function isSystemAddress(address: string): boolean {
  const localPart = address.split('@')[0] ?? '';
  return !address || SYSTEM_LOCAL_PARTS.test(localPart);
}
