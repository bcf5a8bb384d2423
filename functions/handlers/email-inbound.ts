import middy from '@middy/core';
import type { SESEvent } from 'aws-lambda';
import { sesVerdictsOf } from '../channels/email/ses-verdicts.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import {
  acknowledgementsPart,
  notificationsPart,
  outboxPart,
  quarantinePart,
  routingPart,
} from '../lib/dependency-parts.ts';
import { type EmailDeliveryOutcome, receiveRawEmail } from '../lib/email-delivery.ts';
import { logger, observability } from '../lib/observability.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';

/**
 * SES receipt rule, Lambda action: the S3 action before it stored the raw mail under `<prefix><SES message id>`
 * in the raw-mail bucket; this reads it and hands it to the email intake with SES's verdicts (spam, virus,
 * SPF/DKIM/DMARC).
 */
export const createEmailInboundHandler = (getDeps: () => AppDependencies) =>
  middy<SESEvent, EmailDeliveryOutcome[]>()
    .use(observability())
    .handler(async (event: SESEvent) => {
      const deps = getDeps();
      const prefix = deps.rawMailPrefix;
      const outcomes: EmailDeliveryOutcome[] = [];
      for (const record of event.Records) {
        const { mail, receipt } = record.ses;
        const rawRef = `${prefix}${mail.messageId}`;
        const stored = await deps.rawMail.get(rawRef);
        if (!stored) {
          // The S3 action did not keep it (a rule misconfigured); the record itself is all that is left.
          await deps.deadLetters.send({
            source: 'email-inbound',
            reason: 'raw_mail_missing',
            payload: JSON.stringify(record),
            at: new Date().toISOString(),
          });
          logger.error('Raw mail missing from the bucket; dead-lettered', { rawRef });
          outcomes.push({ outcome: 'dead_lettered', reason: 'raw_mail_missing' });
          continue;
        }
        const { spam, virus, authentication } = sesVerdictsOf(record.ses);
        outcomes.push(
          await receiveRawEmail(deps, {
            raw: stored.body,
            rawRef,
            receivedAt: new Date(receipt.timestamp),
            envelopeFrom: mail.source,
            verdict: { spam, virus },
            authentication,
          }),
        );
      }
      return outcomes;
    });

export const handler = createEmailInboundHandler(
  lambdaDependencies(
    awsSenders,
    acknowledgementsPart,
    notificationsPart,
    outboxPart,
    quarantinePart,
    routingPart,
  ),
);
