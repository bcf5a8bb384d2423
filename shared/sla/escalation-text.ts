import type { EscalationNotice } from '../ports/staff-notifier.ts';

const CLOCK_NAMES = {
  firstResponse: 'الرد الأول',
  nextResponse: 'الرد التالي',
  resolution: 'الحل',
  committeeDecision: 'قرار لجنة البحث',
} as const;

/** The one line staff read in a notification, Arabic first. */
export function escalationSummary(notice: EscalationNotice): string {
  const clock = CLOCK_NAMES[notice.clock];
  const what =
    notice.level === 'further'
      ? `تصعيد: مهلة ${clock} متجاوزة ولم يُرد بعد`
      : notice.level === 'breach'
        ? `تجاوز مهلة ${clock}`
        : `اقتراب انتهاء مهلة ${clock}`;
  return `${what} للتذكرة ${notice.ticket.reference}: ${notice.ticket.subject} · SLA ${notice.level} (${notice.clock}) due ${notice.dueAt}`;
}
