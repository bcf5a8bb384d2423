/** One notice in a staff member's notification centre. */
export interface StaffNotification {
  id: string;
  userId: string;
  at: string;
  kind: 'escalation_warning' | 'escalation_breach' | 'escalation_further' | 'assigned' | 'mentioned';
  ticketId: string;
  reference: string;
  /** The line in the person's notice language (their emails' language too). */
  text: string;
  /** The line in both languages, so the inbox shows it in the language it is read in (absent on older notices). */
  lines?: { ar: string; en: string };
  readAt?: string;
}

/** Each person's notices, newest first; written by the sweep and by assignments, read by the inbox. */
export interface NotificationStore {
  /** A notice whose id is already there is left as it is (read or not): telling again is no new notice. */
  add(notifications: StaffNotification[]): Promise<void>;
  listFor(userId: string, limit: number): Promise<StaffNotification[]>;
  /** False when the person has no such notice. */
  markRead(userId: string, notificationId: string, at: string): Promise<boolean>;
}
