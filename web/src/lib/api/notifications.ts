import { call } from './http.ts';

/** One notice in the signed-in person's notification centre (the server's StaffNotification). */
export interface StaffNotice {
  id: string;
  at: string;
  kind: 'escalation_warning' | 'escalation_breach' | 'escalation_further' | 'assigned' | 'mentioned';
  ticketId: string;
  reference: string;
  /** In the person's notice language. */
  text: string;
  /** In both languages (notices written before these were kept have only `text`). */
  lines?: { ar: string; en: string };
  readAt?: string;
}

export const notificationsApi = {
  list: () => call<{ notifications: StaffNotice[]; unread: number }>('GET', '/api/notifications'),
  markRead: (id: string) => call<unknown>('POST', `/api/notifications/${encodeURIComponent(id)}/read`),
};

/**
 * Told when the live connection says a notice was put in this person's notification centre (an assignment, an
 * escalation), so the bell reads its notices again at once; other people's changes leave it alone.
 */
export const liveNotices = new EventTarget();
