/** The sparse index of tickets by their next SLA check, in hour buckets, and how far the sweep has come. */
export interface EscalationIndex {
  /** The hour bucket an instant falls in (the adapter's key scheme). */
  bucketOf(instant: string): string;
  /** The ids of the tickets whose next check in this bucket is due by `now` (each is read again as it is changed). */
  ticketIdsDueInBucket(bucket: string, now: string): Promise<string[]>;
  /** When the last sweep ran; buckets before its hour hold nothing due. */
  getWatermark(): Promise<string | undefined>;
  setWatermark(sweptAt: string): Promise<void>;
}
