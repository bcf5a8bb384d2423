import type { Message } from '../domain/message.ts';
import { type OutboundMessage, type OutboundSender, RefusedByProviderError } from '../ports/outbound.ts';

/**
 * Sends one message through a channel's sender and returns it with the outcome to keep on the ticket: the
 * provider's id, or the failure and its reason (never lost, never retried blindly).
 */
export async function deliver(
  sender: OutboundSender,
  message: Message,
  outbound: OutboundMessage,
): Promise<Message> {
  try {
    const sent = await sender.send(outbound);
    return { ...message, providerMessageId: sent.providerMessageId, deliveryStatus: 'sent' };
  } catch (error) {
    return {
      ...message,
      deliveryStatus: 'failed',
      failureReason: error instanceof Error ? error.message.slice(0, 500) : 'Sending failed',
    };
  }
}

/** Pauses before the second and third try of an automatic message: a provider's brief outage passes. */
const RETRY_DELAYS_MS = [100, 400];

/**
 * For automatic messages nobody watches being sent: a failed send is tried again a few times before the
 * failure is kept on the ticket, unless the provider refused the message itself.
 */
export async function deliverWithRetries(
  sender: OutboundSender,
  message: Message,
  outbound: OutboundMessage,
): Promise<Message> {
  let refused = false;
  const watched: OutboundSender = {
    send: (out) =>
      sender.send(out).catch((error: unknown) => {
        refused = error instanceof RefusedByProviderError;
        throw error;
      }),
  };
  let result = await deliver(watched, message, outbound);
  for (const delay of RETRY_DELAYS_MS) {
    if (result.deliveryStatus !== 'failed' || refused) break;
    await new Promise((resolve) => setTimeout(resolve, delay));
    result = await deliver(watched, message, outbound);
  }
  return result;
}
