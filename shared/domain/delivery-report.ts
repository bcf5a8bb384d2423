import { isNullSender } from './auto-reply-policy.ts';

/**
 * Reports from mail systems about mail we sent: an RFC 3464 delivery status notification, or an older plain-text
 * bounce (qmail's "failure notice", Exim, Sendmail, Exchange) that quotes the original's headers. Pure rules over
 * what the parser found in the mail.
 */

/** RFC 3464 §2.3.3: only `failed` means the mail was not delivered; `delayed` is still being retried. */
const REPORT_ACTIONS = ['failed', 'delayed', 'delivered', 'relayed', 'expanded'] as const;
/** And `displayed`: a read receipt (RFC 8098) says our mail was opened. */
export type ReportAction = (typeof REPORT_ACTIONS)[number] | 'displayed';

/** A report about mail we sent: which of ours it names, and what became of it. */
export type BounceReport = {
  /** Message-IDs (with angle brackets) the report names, most specific first. */
  originalMessageIds: string[];
  /**
   * Whether the mail says by its form or subject that it is a report. If only its sender is a mail system, it is
   * one only when it names mail of ours (a postmaster may also write as a person).
   */
  certain: boolean;
} & ({ action: 'failed'; reason: string } | { action: Exclude<ReportAction, 'failed'> });

/** What the parser found in a received mail that tells a report from a person's mail. */
export interface ReportFacts {
  /** The envelope sender; an empty one (`<>`) is the null sender bounces come from. */
  returnPath?: string;
  /** The From address, lower-cased. */
  from: string;
  subject?: string;
  /** `multipart/report; report-type=delivery-status`. */
  deliveryStatusReport: boolean;
  /** `multipart/report; report-type=disposition-notification`: a read receipt. */
  readReceipt: boolean;
  /** The `message/delivery-status` parts: RFC 3464 fields, a block per message then per recipient. */
  statusFields: string[];
  /** The mail's readable text; a plain-text bounce quotes the original's headers there. */
  text: string;
  /** The original's headers returned as `text/rfc822-headers` or `message/rfc822` parts. */
  originalHeaders: string[];
  /** Message-IDs in the mail's own In-Reply-To and References. */
  replyIds: string[];
}

const MAIL_SYSTEM_SENDERS = /^(mailer-daemon|postmaster|microsoftexchange[0-9a-f]{32})$/i;

/** Subjects of bounces: qmail, Exim, Sendmail, Postfix, Exchange, Gmail, Domino and others. */
const FAILURE_SUBJECTS =
  /^(failure notice|returned mail\b|undeliver(ed|able)\b|mail delivery (failed|failure)|delivery (status notification \(failure\)|failure|has failed|notification: delivery has failed)|non-?delivery|nondeliverable|message not delivered|mail system error)/i;

/** Subjects of delay warnings (Sendmail, Exim, Postfix, Gmail, Exchange): the mail is still being retried. */
const DELAY_SUBJECTS =
  /^(warning: (could not send message|message \S+ delayed)|delayed mail|delivery (status notification \(delay\)|delayed))/i;

/** The report in a received mail, if it is one; undefined for mail a person wrote. */
export function bounceReportOf(facts: ReportFacts): BounceReport | undefined {
  // A read receipt names the mail it reports on (Original-Message-ID); it is no person's message.
  if (facts.readReceipt)
    return { originalMessageIds: namedIds(facts, true), certain: true, action: 'displayed' };
  const subject = facts.subject?.trim() ?? '';
  const delayed = DELAY_SUBJECTS.test(subject);
  if (facts.deliveryStatusReport) {
    return withAction(
      { originalMessageIds: namedIds(facts, true), certain: true },
      recipientsOutcome(facts.statusFields) ?? {
        // A report that says nothing per recipient was always taken for a bounce; its subject may say otherwise.
        action: delayed ? 'delayed' : 'failed',
      },
    );
  }
  const mailSystem = MAIL_SYSTEM_SENDERS.test(facts.from.split('@')[0] ?? '');
  if (!isNullSender(facts.returnPath) && !mailSystem) return undefined;
  const certain = delayed || FAILURE_SUBJECTS.test(subject);
  // Automatic replies come from the null sender too (RFC 3834) and may quote our mail: without a bounce's subject,
  // only a mail system's own address makes it a report.
  if (!certain && !mailSystem) return undefined;
  // Its own In-Reply-To is how a person answers our mail: only a certain report is read by it.
  const originalMessageIds = namedIds(facts, certain);
  if (!certain && originalMessageIds.length === 0) return undefined;
  return withAction(
    { originalMessageIds, certain },
    delayed
      ? { action: 'delayed' }
      : { action: 'failed', diagnostic: plainTextDiagnostic(facts.text) ?? subject },
  );
}

function withAction(
  report: { originalMessageIds: string[]; certain: boolean },
  outcome: { action: ReportAction; diagnostic?: string },
): BounceReport {
  if (outcome.action !== 'failed') return { ...report, action: outcome.action };
  const diagnostic = outcome.diagnostic?.trim().slice(0, 300);
  return { ...report, action: 'failed', reason: `Bounced${diagnostic ? `: ${diagnostic}` : ''}` };
}

/**
 * What the per-recipient blocks say: failed when any recipient failed, delivered when all were, otherwise what
 * the first said (delayed, relayed, expanded); undefined when no block names an action or status.
 */
function recipientsOutcome(
  statusFields: string[],
): { action: ReportAction; diagnostic?: string } | undefined {
  const recipients = statusFields
    .flatMap((fields) => fields.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n[ \t]*\r?\n/))
    // Per-message fields (Reporting-MTA, Arrival-Date) carry neither Action nor Status.
    .filter((block) => /^(action|status):/im.test(block))
    .flatMap((block) => {
      const status = field(block, 'status');
      const action = recipientAction(field(block, 'action'), status);
      return action ? [{ action, diagnostic: field(block, 'diagnostic-code') ?? status }] : [];
    });
  const failed = recipients.find((recipient) => recipient.action === 'failed');
  if (failed) return failed;
  if (recipients.length > 0 && recipients.every((recipient) => recipient.action === 'delivered')) {
    return { action: 'delivered' };
  }
  return recipients[0];
}

/** RFC 3463 status classes: 2 success, 4 transient (still retried), 5 permanent. */
const STATUS_CLASS_ACTIONS: Record<string, ReportAction> = {
  '2': 'delivered',
  '4': 'delayed',
  '5': 'failed',
};

/** The Action field; without one, the class of the Status code. */
function recipientAction(action: string | undefined, status: string | undefined): ReportAction | undefined {
  const named = action?.split(/[\s;(]/)[0]?.toLowerCase();
  return REPORT_ACTIONS.find((known) => known === named) ?? STATUS_CLASS_ACTIONS[status?.trim()[0] ?? ''];
}

function field(block: string, name: string): string | undefined {
  return block.match(new RegExp(`^${name}:[ \\t]*(.+)$`, 'im'))?.[1]?.trim() || undefined;
}

/**
 * Message-IDs a report names: the returned headers' own, an Original-Message-ID field, headers quoted in its text
 * (plain-text bounces, sometimes indented or quoted with `>`), then, when asked, its In-Reply-To and References.
 * Ids longer than a mail program writes (250 characters) are left out, as intake leaves them out.
 */
function namedIds(facts: ReportFacts, withReplyIds: boolean): string[] {
  const quoted = [...facts.originalHeaders, ...facts.statusFields, facts.text].flatMap((text) =>
    [...text.matchAll(/^[ \t>]*(?:(?:x-)?original-)?message-id:\s*(<[^<>\s]{1,248}>)/gim)].map(
      (match) => match[1] ?? '',
    ),
  );
  return [...new Set([...quoted, ...(withReplyIds ? facts.replyIds : [])])];
}

/**
 * The line of a plain-text bounce that says why, before the copy of the original: the first one with an SMTP
 * reply or enhanced status code (`550 5.1.1 User unknown`, qmail's `(#5.1.1)`).
 */
function plainTextDiagnostic(text: string): string | undefined {
  const notice = text.split(/^[ \t>]*(?:return-path|received|message-id|from|date):/im)[0] ?? '';
  return notice
    .split(/\r?\n/)
    .find((line) => /(?<![\d.])[45]\.\d{1,3}\.\d{1,3}(?![\d.])|(?<![\d.])[45]\d\d[ -](?=\S)/.test(line))
    ?.trim();
}
