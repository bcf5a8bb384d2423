/** Remembers when each sender was last acknowledged, so automatic answers stay at one per interval. */
export interface AcknowledgementLedger {
  /**
   * Claims the right to acknowledge `address` at `at`: true (and recorded) when no acknowledgement went to it
   * within `intervalMs`, false otherwise. Conditional, so two concurrent mails from one sender give one answer.
   */
  claim(address: string, at: Date, intervalMs: number): Promise<boolean>;
}
