import * as z from 'zod/mini';
import type { DeliveryStatus } from '../../../shared/domain/message.ts';
import { UnreadablePayloadError } from '../delivery-contents.ts';

/**
 * SES sending events (configuration-set event publishing, or identity notifications) as SNS delivers them.
 * Only the fields we act on are read; SES adds fields freely, so everything else passes.
 */
const sesSendingEvent = z.looseObject({
  eventType: z.optional(z.string()),
  notificationType: z.optional(z.string()),
  mail: z.looseObject({ messageId: z.string().check(z.minLength(1)) }),
  bounce: z.optional(
    z.looseObject({
      bounceType: z.optional(z.string()),
      bounceSubType: z.optional(z.string()),
      bouncedRecipients: z.optional(z.array(z.looseObject({ diagnosticCode: z.optional(z.string()) }))),
    }),
  ),
  reject: z.optional(z.looseObject({ reason: z.optional(z.string()) })),
  complaint: z.optional(z.looseObject({ complaintFeedbackType: z.optional(z.string()) })),
});

/** What a sending event means for our outbound message. */
export interface DeliveryFeedback {
  /** SES's id of the sent mail (the local part of the Message-ID it put on the wire). */
  sesMessageId: string;
  status: Extract<DeliveryStatus, 'delivered' | 'failed'>;
  reason?: string;
  /** The recipient marked the mail as spam: it was delivered, and staff should know. */
  complaint?: boolean;
}

const NOT_SES_EVENT = 'The SNS message is not an SES sending event';

/** An SES sending event → feedback on our message; undefined for events we do not track (Send, Open, …). */
export function deliveryFeedbackOf(message: string): DeliveryFeedback | undefined {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    throw new UnreadablePayloadError(NOT_SES_EVENT);
  }
  const parsed = sesSendingEvent.safeParse(json);
  if (!parsed.success) throw new UnreadablePayloadError(NOT_SES_EVENT);
  const event = parsed.data;
  const sesMessageId = event.mail.messageId;
  switch (event.eventType ?? event.notificationType) {
    case 'Delivery':
      return { sesMessageId, status: 'delivered' };
    case 'Bounce': {
      const kind = [event.bounce?.bounceType, event.bounce?.bounceSubType].filter(Boolean).join('/');
      const diagnostic = event.bounce?.bouncedRecipients?.find((recipient) => recipient.diagnosticCode);
      return {
        sesMessageId,
        status: 'failed',
        reason: [`Bounced (${kind || 'unknown'})`, diagnostic?.diagnosticCode].filter(Boolean).join(': '),
      };
    }
    case 'Reject':
      return {
        sesMessageId,
        status: 'failed',
        reason: `Rejected by SES: ${event.reject?.reason ?? 'unknown'}`,
      };
    case 'Rendering Failure':
      return { sesMessageId, status: 'failed', reason: 'SES could not render the mail' };
    case 'Complaint':
      return {
        sesMessageId,
        status: 'delivered',
        complaint: true,
        reason: `Marked as spam by the recipient${event.complaint?.complaintFeedbackType ? ` (${event.complaint.complaintFeedbackType})` : ''}`,
      };
    default:
      return undefined;
  }
}
