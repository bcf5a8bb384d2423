/** What a provider's delivery holds, as a channel's parser reads it for the webhook skeleton. */

/** Something the provider delivered that we will never read, however often it comes: kept, then acknowledged. */
export class UnreadablePayloadError extends Error {}

/** A part of a delivery that cannot be read, kept whole while the rest is acted on. */
export interface UnreadablePart {
  reason: string;
  raw: string;
}

/** What one delivery holds: the entries to act on and the parts that cannot be read. */
export interface DeliveryContents<Entry> {
  entries: Entry[];
  unreadable: UnreadablePart[];
}

/** What acting on one entry did; nothing when there is nothing to tell the provider (a status report). */
export type EntryResult = { outcome: string; ticketId?: string } | undefined;
