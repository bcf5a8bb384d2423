import type { SendResult } from './outbound.ts';

/**
 * The providers an SMS can go through: SNS Publish, AWS End User Messaging's SendTextMessage, or a Saudi SMS
 * aggregator's HTTP API. One is chosen by a setting (`SMS_PROVIDER`).
 */
export type SmsProviderName = 'sns' | 'end-user-messaging' | 'aggregator';

/** One text ready to leave: files are already links in it, and its length has been checked. */
export interface OutgoingSms {
  /** E.164. */
  to: string;
  text: string;
  /** Ties the provider's records to the request or provider message that caused this text. */
  correlationId?: string;
}

/**
 * Sends one SMS and answers the provider's message id; throws when it was not accepted. Received texts come back
 * as the one normalised `InboundContact` (channel `sms`, the provider's inbound id as the duplicate guard's key)
 * through each provider's own inbound path: an SNS topic for End User Messaging, a signed webhook for the
 * aggregator.
 */
export interface SmsProvider {
  send(sms: OutgoingSms): Promise<SendResult>;
}
