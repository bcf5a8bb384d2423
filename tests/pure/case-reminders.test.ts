import { describe, expect, it } from 'vitest';
import { hijriWithGregorian } from '../../shared/domain/hijri-date.ts';
import {
  caseReminders,
  dueReminders,
  nextReminderAt,
  REMINDER_SCHEDULE,
  registrationValidUntil,
} from '../../shared/workflow/case-reminders.ts';
import type { SupportCase } from '../../shared/workflow/support-request.ts';

const askedAt = '2026-12-06T06:00:00.000Z';
const day = 86_400_000;
const afterAsking = (days: number) => new Date(Date.parse(askedAt) + days * day);

const returned: SupportCase = {
  step: 'returned_to_applicant',
  verification: {
    identityMatches: true,
    documentsPresent: false,
    dataConsistent: true,
    missing: 'إثبات الدخل',
    by: 'u-agent',
    at: askedAt,
  },
};

const kinds = (supportCase: SupportCase, days: number) =>
  dueReminders(supportCase, afterAsking(days)).act.map((reminder) => `${reminder.kind}:${reminder.dueAt}`);

describe('the reminder schedule of a support case', () => {
  it('asks for missing documents on days 3 and 7, closes on day 10, and names the closing day', () => {
    expect(caseReminders(returned).map((reminder) => [reminder.kind, reminder.dueAt])).toEqual([
      ['missing_documents', afterAsking(3).toISOString()],
      ['missing_documents', afterAsking(7).toISOString()],
      ['close_incomplete', afterAsking(10).toISOString()],
    ]);
    expect(caseReminders(returned)[0]?.deadline).toBe(afterAsking(10).toISOString());
    expect(kinds(returned, 2.99)).toEqual([]);
    expect(kinds(returned, 3)).toEqual([`missing_documents:${afterAsking(3).toISOString()}`]);
    expect(nextReminderAt(returned)).toBe(afterAsking(3).toISOString());
  });

  it('sends nothing twice: what was settled stays settled, and the next time is the next unsent one', () => {
    const { settled } = dueReminders(returned, afterAsking(3.5));
    const marked: SupportCase = { ...returned, remindersSent: settled };
    expect(dueReminders(marked, afterAsking(3.5))).toEqual({ act: [], settled: [] });
    expect(nextReminderAt(marked)).toBe(afterAsking(7).toISOString());
  });

  it('a late run sends only the latest reminder due, and only the closing once the case is due to close', () => {
    const late = dueReminders(returned, afterAsking(8));
    expect(late.act.map((reminder) => reminder.dueAt)).toEqual([afterAsking(7).toISOString()]);
    expect(late.settled).toHaveLength(2);
    const closing = dueReminders(returned, afterAsking(12));
    expect(closing.act.map((reminder) => reminder.kind)).toEqual(['close_incomplete']);
    expect(closing.settled).toHaveLength(3);
  });

  it('starts afresh when the case is returned again, and stops when the documents came', () => {
    const returnedAgain: SupportCase = {
      ...returned,
      remindersSent: dueReminders(returned, afterAsking(12)).settled,
      verification: {
        ...(returned.verification as NonNullable<SupportCase['verification']>),
        at: afterAsking(20).toISOString(),
      },
    };
    expect(nextReminderAt(returnedAgain)).toBe(afterAsking(23).toISOString());
    expect(caseReminders({ ...returned, step: 'intake' })).toEqual([]);
    expect(nextReminderAt({ ...returned, step: 'incomplete' })).toBeUndefined();
  });

  it('asks a registered family to renew 30 days before the year ends, and follows up 14 days after the service', () => {
    const registered: SupportCase = {
      step: 'service_delivered',
      registeredAt: '2026-12-12T06:00:00.000Z',
      serviceDelivered: { service: 'ماكينة خياطة', at: '2026-12-15T06:00:00.000Z', by: 'u-agent' },
    };
    expect(registrationValidUntil(registered)).toBe('2027-12-12T06:00:00.000Z');
    expect(registrationValidUntil(registered, { ...REMINDER_SCHEDULE, registrationValidityMonths: 6 })).toBe(
      '2027-06-12T06:00:00.000Z',
    );
    expect(caseReminders(registered).map((reminder) => [reminder.kind, reminder.dueAt])).toEqual([
      ['recertification', '2027-11-12T06:00:00.000Z'],
      ['service_follow_up', '2026-12-29T06:00:00.000Z'],
    ]);
    expect(nextReminderAt(registered)).toBe('2026-12-29T06:00:00.000Z');
    expect(caseReminders({ step: 'approved' })).toEqual([]);
  });
});

describe('dates in messages to beneficiaries', () => {
  it('names the Hijri day (Umm al-Qura, Riyadh time) with the Gregorian beside it, in Arabic and English', () => {
    expect(hijriWithGregorian('2026-12-06T09:00:00+03:00')).toBe(
      'الأحد ٢٦ جمادى الآخرة ١٤٤٨ هـ (٦ ديسمبر ٢٠٢٦م)',
    );
    expect(hijriWithGregorian('2026-12-06T09:00:00+03:00', 'en')).toBe(
      'Sunday 26 Jumada II 1448 AH (6 December 2026)',
    );
    // 22:00 UTC is already the next day in Riyadh.
    expect(hijriWithGregorian('2026-12-06T22:00:00Z')).toBe(
      'الاثنين ٢٧ جمادى الآخرة ١٤٤٨ هـ (٧ ديسمبر ٢٠٢٦م)',
    );
    // Eid al-Fitr 1448 by Umm al-Qura.
    expect(hijriWithGregorian(new Date('2027-03-09T12:00:00+03:00'))).toBe(
      'الثلاثاء ١ شوال ١٤٤٨ هـ (٩ مارس ٢٠٢٧م)',
    );
  });
});
