import type { announcementsAr } from './announcements-ar.ts';

/** The announcements page (English), with the same keys as the Arabic. */
export const announcementsEn: Record<keyof typeof announcementsAr, string> = {
  'nav.announcements': 'Announcements',
  'announcements.title': 'Announcement to registered beneficiaries',
  'announcements.intro':
    'Each registered family in the chosen segment gets the message once, on its own channel; those who opted out get nothing. It goes out in batches at the rate providers accept, and replies reach the family’s ticket.',
  'announcements.name': 'Announcement name (for staff)',
  'announcements.audience': 'Audience',
  'announcements.branches': 'Branches',
  'announcements.requestTypes': 'Request type',
  'announcements.householdMin': 'Household members from',
  'announcements.householdMax': 'to',
  'announcements.registeredSince': 'Registered since',
  'announcements.allHint': 'Leave the audience empty to reach every registered family.',
  'announcements.text': 'Message text',
  'announcements.send': 'Send announcement',
  'announcements.sent': '“{name}” is recorded for {recipients} families and is being sent in batches.',
  'announcements.history': 'Announcements sent',
  'announcements.none': 'No announcement has been sent yet.',
  'announcements.column.name': 'Announcement',
  'announcements.column.date': 'Date',
  'announcements.column.recipients': 'Families',
  'announcements.column.sent': 'Sent',
  'announcements.column.delivered': 'Delivered',
  'announcements.column.failed': 'Failed',
  'announcements.column.skipped': 'Not sent',
  'announcements.column.pending': 'Sending',
  'announcements.column.replied': 'Replied',
  'announcements.skippedHint':
    '“Not sent”: the family opted out, the day’s text budget was spent, or it has no channel.',
};
