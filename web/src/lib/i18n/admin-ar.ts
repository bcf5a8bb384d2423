/** The admin pages' and the notification centre's strings in Arabic; merged into the one catalogue (ar.ts). */
export const adminAr = {
  'notifications.open': 'التنبيهات',
  'notifications.unread': '{count} غير مقروءة',
  'notifications.empty': 'لا توجد تنبيهات',
  'notifications.markRead': 'تعليم كمقروء',
  'notifications.failed': 'تعذر تحميل التنبيهات',
} as const;
