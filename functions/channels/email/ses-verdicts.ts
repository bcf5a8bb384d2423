import type { SESMessage } from 'aws-lambda';
import * as z from 'zod/mini';
import {
  type AuthVerdict,
  domainOf,
  type MailAuthentication,
  passingDkimDomains,
} from '../../../shared/domain/email-authenticity.ts';

const verdict = z.catch(
  z.optional(z.looseObject({ status: z.enum(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED']) })),
  undefined,
);
const receiptVerdicts = z.looseObject({
  spamVerdict: verdict,
  virusVerdict: verdict,
  spfVerdict: verdict,
  dkimVerdict: verdict,
  dmarcVerdict: verdict,
  dmarcPolicy: z.catch(z.optional(z.string()), undefined),
});

/** SES stamps its own Authentication-Results with this authserv-id. */
const SES_AUTHSERV_ID = 'amazonses.com';

export interface SesVerdicts {
  spam: boolean;
  virus: boolean;
  authentication: MailAuthentication;
}

/**
 * What SES concluded about a received mail (Lambda action record). A verdict SES did not give, or gave in a shape
 * we do not know, proves nothing: the mail is then treated as unauthenticated, never as passing.
 */
export function sesVerdictsOf(ses: SESMessage): SesVerdicts {
  const receipt = receiptVerdicts.parse(ses.receipt ?? {});
  const status = (value: { status: AuthVerdict } | undefined) => value?.status;
  const envelopeDomain = ses.mail?.source ? domainOf(ses.mail.source) : undefined;
  return {
    // `GRAY`, `PROCESSING_FAILED` and `DISABLED` are not verdicts against the mail.
    spam: status(receipt.spamVerdict) === 'FAIL',
    virus: status(receipt.virusVerdict) === 'FAIL',
    authentication: {
      spf: status(receipt.spfVerdict),
      dkim: status(receipt.dkimVerdict),
      dmarc: status(receipt.dmarcVerdict),
      ...(receipt.dmarcPolicy && { dmarcPolicy: receipt.dmarcPolicy }),
      // SPF checks the envelope sender (MAIL FROM), which SES gives as the mail's source.
      ...(envelopeDomain && { spfDomain: envelopeDomain }),
      dkimDomains: passingDkimDomains(ses.mail?.headers ?? [], SES_AUTHSERV_ID),
    },
  };
}
