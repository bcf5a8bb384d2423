import type { Channel } from '../domain/channel.ts';
import type { Identity } from '../domain/identity.ts';
import type { DeliveryStatus } from '../domain/message.ts';

/** Our outbound message, found by the id its provider gave it, takes a delivery report (a bounce, a receipt). */
export interface DeliveryStatusUpdater {
  updateDeliveryStatus(
    channel: Channel,
    providerMessageId: string,
    status: DeliveryStatus,
    failureReason?: string,
  ): Promise<{ ticketId: string; messageId: string } | undefined>;
}

/** A sender's latest conversation on a channel, whose messages a report by time (a watermark) is about. */
export interface ConversationFinder {
  conversationTicketId(channel: Channel, identity: Identity): Promise<string | undefined>;
}
