/** One change to a setting: who made it, when, to what, and what it was before. */
export interface AuditEntry {
  id: string;
  at: string;
  actorId: string;
  actorName: string;
  /** The kind of setting (`queue`, `staff`, …) and which one. */
  setting: string;
  subjectId: string;
  action: 'create' | 'update' | 'delete';
  /** The setting before the change (absent when created) and after it (`null` when removed). */
  from?: unknown;
  to: unknown;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(limit: number): Promise<AuditEntry[]>;
}
