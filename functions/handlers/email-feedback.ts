import { type DeliveryFeedback, deliveryFeedbackOf } from '../channels/email/feedback.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { snsWebhookFunction } from '../lib/webhook-function.ts';
import { lambdaDependencies } from '../platform/aws.ts';

/**
 * SES bounces, complaints and deliveries of the mail we sent (SNS topic of the sending configuration set): the
 * delivery status lands on the outbound message, found by the Message-ID SES put on the wire.
 */
export const createEmailFeedbackHandler = (getDeps: () => AppDependencies) =>
  snsWebhookFunction<DeliveryFeedback>(getDeps, {
    source: () => 'email-feedback',
    parse: (record) => {
      const feedback = deliveryFeedbackOf(record.Sns.Message);
      return { entries: feedback ? [feedback] : [], unreadable: [] };
    },
    ingest: async (feedback, deps) => {
      const domain = deps.sentMailDomain;
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
      // Not ours (mail sent by another system on the same identity) is normal: the outcome says so, nothing more.
      return { outcome: found ? feedback.status : 'not_ours' };
    },
  });

export const handler = createEmailFeedbackHandler(lambdaDependencies());
