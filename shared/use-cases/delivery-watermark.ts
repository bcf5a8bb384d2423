import { coveredByWatermark, type DeliveryWatermark } from '../domain/message.ts';
import type { ConversationFinder, DeliveryStatusUpdater } from '../ports/delivery-status.ts';
import type { TicketWithThread } from '../ports/ticket-store.ts';

export interface WatermarkDeps {
  store: DeliveryStatusUpdater &
    ConversationFinder & { getTicketWithThread(ticketId: string): Promise<TicketWithThread | undefined> };
}

/**
 * A report by time (Messenger's `read` and `delivery` watermarks) marks each of our messages in the person's
 * conversation on that channel sent by then, so staff see what was read as they do on WhatsApp. Returns how many
 * it moved on.
 */
export async function applyDeliveryWatermark(deps: WatermarkDeps, mark: DeliveryWatermark): Promise<number> {
  const ticketId = await deps.store.conversationTicketId(mark.channel, {
    kind: mark.channel,
    value: mark.userId,
  });
  const thread = ticketId ? await deps.store.getTicketWithThread(ticketId) : undefined;
  const covered = coveredByWatermark(thread?.messages ?? [], mark);
  for (const message of covered) {
    await deps.store.updateDeliveryStatus(mark.channel, message.providerMessageId as string, mark.status);
  }
  return covered.length;
}
