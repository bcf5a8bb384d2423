import type { MailAuthentication } from '../../shared/domain/email-authenticity.ts';
import { type EmailReceipt, receiveEmail } from '../../shared/use-cases/receive-email.ts';
import { parseEmail, type RawEmailDelivery, UnprocessableEmailError } from '../channels/email/parse.ts';
import type { AppDependencies } from './dependencies.ts';
import { logger } from './observability.ts';

export interface ScannedEmailDelivery extends RawEmailDelivery {
  verdict: { spam: boolean; virus: boolean };
  /** What the receiving service proved about the sender; the local SMTP port proves nothing by default. */
  authentication: MailAuthentication;
}

export type EmailDeliveryOutcome =
  | EmailReceipt
  | { outcome: 'rejected'; reason: 'virus' }
  | { outcome: 'dead_lettered'; reason: string };

/**
 * One received mail, from SES (raw in S3) or the local SMTP port: parsed, then through the email intake. A mail
 * that cannot be parsed is dead-lettered with a pointer to its stored raw copy; other failures are thrown so the
 * delivery is retried (Lambda's retries, or an SMTP 4xx) and nothing is lost.
 */
export async function receiveRawEmail(
  deps: AppDependencies,
  delivery: ScannedEmailDelivery,
): Promise<EmailDeliveryOutcome> {
  // Infected mail is not even parsed, so nothing of it reaches the attachments bucket or a ticket.
  if (delivery.verdict.virus) {
    logger.warn('Mail rejected: virus verdict', { rawRef: delivery.rawRef });
    return { outcome: 'rejected', reason: 'virus' };
  }
  let parsed: Awaited<ReturnType<typeof parseEmail>>;
  try {
    parsed = await parseEmail(delivery, deps.objects, deps.mediaMaxBytes);
  } catch (error) {
    if (!(error instanceof UnprocessableEmailError)) throw error;
    await deps.deadLetters.send({
      source: 'email-inbound',
      reason: error.reason,
      payload: JSON.stringify({ rawRef: delivery.rawRef, receivedAt: delivery.receivedAt.toISOString() }),
      at: new Date().toISOString(),
    });
    // Only the reason and where the raw copy is: never the sender or the content.
    logger.error('Mail could not be parsed; dead-lettered', {
      reason: error.reason,
      rawRef: delivery.rawRef,
    });
    return { outcome: 'dead_lettered', reason: error.reason };
  }
  const receipt = await receiveEmail(deps, {
    ...parsed,
    verdict: { spam: delivery.verdict.spam },
    authentication: delivery.authentication,
  });
  logger.info('Mail received', {
    outcome: receipt.outcome,
    ticketId: 'ticketId' in receipt ? receipt.ticketId : undefined,
    // Where the mail is kept whole: the ticket's message holds what intake made of it.
    rawRef: delivery.rawRef,
    acknowledgement: 'acknowledgement' in receipt ? receipt.acknowledgement : undefined,
    // A bounce naming no mail of ours, or a delay notice, leaves only this line (and the raw mail).
    matched: 'matched' in receipt ? receipt.matched : undefined,
    action: 'action' in receipt ? receipt.action : undefined,
    spam: delivery.verdict.spam,
    dmarc: delivery.authentication.dmarc,
  });
  return receipt;
}
