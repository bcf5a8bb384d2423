import type { StaffNotification } from '../../../../shared/ports/notifications.ts';
import { call } from './http.ts';

/** One notice in the signed-in person's notification centre, as the server keeps it. */
export type StaffNotice = StaffNotification;

export const notificationsApi = {
  list: () => call<{ notifications: StaffNotice[]; unread: number }>('GET', '/api/notifications'),
  markRead: (id: string) => call<unknown>('POST', `/api/notifications/${encodeURIComponent(id)}/read`),
};

/**
 * Told when the live connection says a notice was put in this person's notification centre (an assignment, an
 * escalation), so the bell reads its notices again at once; other people's changes leave it alone.
 */
export const liveNotices = new EventTarget();
