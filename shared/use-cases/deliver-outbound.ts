import type { Message } from '../domain/message.ts';
import type { OutboundMessage, OutboundSender } from '../ports/outbound.ts';

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
