/** A case the reminder sweep must look at, at or after `at`. */
export interface AgendaEntry {
  ticketId: string;
  at: string;
}

/**
 * When each support case next needs the reminder sweep: one entry per case and instant, read by due time, so a
 * sweep reads only the cases whose time has come, never all cases.
 */
export interface ReminderAgenda {
  /** Writing the same entry twice keeps one. */
  schedule(entry: AgendaEntry): Promise<void>;
  /** Entries due at or before `now`, oldest first, at most `limit`. */
  due(now: string, limit: number): Promise<AgendaEntry[]>;
  remove(entry: AgendaEntry): Promise<void>;
}
