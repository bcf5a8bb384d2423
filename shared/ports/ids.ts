/** Time-sortable unique ids (ULIDs in the adapters), so items sort by creation within a partition. */
export interface IdGenerator {
  next(at?: Date): string;
}
