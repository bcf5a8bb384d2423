/** Time-sortable unique ids (ULIDs in the adapters), so items sort by creation within a partition. */
export interface IdGenerator {
  next(at?: Date): string;
  /**
   * The same id every time for the same instant and seed: for what a retry may record again (an escalation whose
   * sweep died after recording it), so the second write lands on the first.
   */
  repeatable(at: Date, seed: string): string;
}
