import type { Channel } from '../domain/channel.ts';
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
