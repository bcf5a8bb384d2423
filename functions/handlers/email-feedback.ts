import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { deliveryFeedbackOf, UnreadableFeedbackError } from '../channels/email/feedback.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { logger } from '../lib/observability.ts';
import { lambdaDependencies } from '../platform/aws.ts';

/**
 * SES bounces, complaints and deliveries of the mail we sent (SNS topic of the sending configuration set): the
 * delivery status lands on the outbound message, found by the Message-ID SES put on the wire.
 */
export const createEmailFeedbackHandler = (getDeps: () => AppDependencies) =>
  middy<SNSEvent, void>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event: SNSEvent) => {
      const deps = getDeps();
      const domain = deps.sentMailDomain;
      for (const record of event.Records) {
        let feedback: ReturnType<typeof deliveryFeedbackOf>;
        try {
          feedback = deliveryFeedbackOf(record.Sns.Message);
        } catch (error) {
          if (!(error instanceof UnreadableFeedbackError)) throw error;
          await deps.deadLetters.send({
            source: 'email-feedback',
            reason: error.message,
            payload: record.Sns.Message,
            at: new Date().toISOString(),
          });
          continue;
        }
        if (!feedback) continue;
        const found = await deps.store.updateDeliveryStatus(
          'email',
          `<${feedback.sesMessageId}@${domain}>`,
          feedback.status,
          feedback.complaint ? undefined : feedback.reason,
        );
        if (found && feedback.complaint) {
          await deps.store.addEvents([
            {
              id: deps.ids.next(),
              ticketId: found.ticketId,
              type: 'email_complaint',
              at: deps.clock.now().toISOString(),
              data: { messageId: found.messageId, reason: feedback.reason },
            },
          ]);
        }
        // Not ours (mail sent by another system on the same identity) is normal; only the count is logged.
        logger.info('SES sending event', { status: feedback.status, matched: Boolean(found) });
      }
    });

export const handler = createEmailFeedbackHandler(lambdaDependencies());
