/** Remembers when each sender was last acknowledged, so automatic answers stay at one per interval. */
export interface AcknowledgementLedger {
  /**
   * Claims the right to acknowledge `address` at `at` for `ticketId`: true (and recorded) when no acknowledgement
   * went to it within `intervalMs`, or the claim is this ticket's own (its first attempt died before sending);
   * false otherwise. Conditional, so two concurrent mails from one sender give one answer.
   */
  claim(address: string, at: Date, intervalMs: number, ticketId: string): Promise<boolean>;
}
