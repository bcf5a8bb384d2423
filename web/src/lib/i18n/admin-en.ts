import type { adminAr } from './admin-ar.ts';

/** The admin pages' and the notification centre's strings in English, with the same keys as admin-ar.ts. */
export const adminEn: Record<keyof typeof adminAr, string> = {
  'notifications.open': 'Notifications',
  'notifications.unread': '{count} unread',
  'notifications.empty': 'No notifications',
  'notifications.markRead': 'Mark as read',
  'notifications.failed': 'The notifications could not be loaded',
};
