import type { SupportCase } from './support-request.ts';

/**
 * When the society reaches an applicant or a registered family without being asked, counted from the case's own
 * dates. The society's procedure (issue #19): missing documents are asked for again on days 3 and 7 after the
 * request and the case closes as incomplete on day 10; a registration is valid for a year and the family is told
 * 30 days before it ends; a delivered service is followed up 14 days later.
 */
export interface ReminderSchedule {
  /** Days after the documents were asked for on which the applicant is reminded. */
  missingDocumentsReminderDays: readonly number[];
  /** Days after the documents were asked for on which a case still without them closes as incomplete. */
  closeIncompleteAfterDays: number;
  registrationValidityMonths: number;
  /** Days before a registration ends on which the family is asked to renew it. */
  recertificationNoticeDays: number;
  /** Days after the service was delivered on which the family is asked how it went. */
  followUpAfterDays: number;
}

export const REMINDER_SCHEDULE: ReminderSchedule = {
  missingDocumentsReminderDays: [3, 7],
  closeIncompleteAfterDays: 10,
  registrationValidityMonths: 12,
  recertificationNoticeDays: 30,
  followUpAfterDays: 14,
};

export type ReminderKind = 'missing_documents' | 'close_incomplete' | 'recertification' | 'service_follow_up';

export interface CaseReminder {
  kind: ReminderKind;
  /** Unique on the case: the kind, its day and the date it counts from, so a new request starts afresh. */
  key: string;
  dueAt: string;
  /** The date the reminder names: when the case will close, or when the registration ends. */
  deadline?: string;
}

const DAY_MS = 86_400_000;

const plusDays = (instant: string, days: number) =>
  new Date(Date.parse(instant) + days * DAY_MS).toISOString();

function plusMonths(instant: string, months: number): string {
  const at = new Date(instant);
  at.setUTCMonth(at.getUTCMonth() + months);
  return at.toISOString();
}

/** When the case's registration ends; none before it is registered. */
export function registrationValidUntil(
  supportCase: SupportCase,
  schedule: ReminderSchedule = REMINDER_SCHEDULE,
): string | undefined {
  return supportCase.registeredAt
    ? plusMonths(supportCase.registeredAt, schedule.registrationValidityMonths)
    : undefined;
}

/** Every reminder the case calls for as it stands, sent or not. */
export function caseReminders(
  supportCase: SupportCase,
  schedule: ReminderSchedule = REMINDER_SCHEDULE,
): CaseReminder[] {
  const reminders: CaseReminder[] = [];
  // Documents were asked for when the verification returned the case to the applicant.
  const askedAt = supportCase.step === 'returned_to_applicant' ? supportCase.verification?.at : undefined;
  if (askedAt) {
    const closesAt = plusDays(askedAt, schedule.closeIncompleteAfterDays);
    for (const day of schedule.missingDocumentsReminderDays.filter(
      (day) => day < schedule.closeIncompleteAfterDays,
    )) {
      reminders.push({
        kind: 'missing_documents',
        key: `missing_documents:${day}@${askedAt}`,
        dueAt: plusDays(askedAt, day),
        deadline: closesAt,
      });
    }
    reminders.push({ kind: 'close_incomplete', key: `close_incomplete@${askedAt}`, dueAt: closesAt });
  }
  const validUntil = registrationValidUntil(supportCase, schedule);
  if (validUntil) {
    reminders.push({
      kind: 'recertification',
      key: `recertification@${validUntil}`,
      dueAt: plusDays(validUntil, -schedule.recertificationNoticeDays),
      deadline: validUntil,
    });
  }
  // Keyed on the first delivery: later deliveries of the same service are not followed up again.
  const deliveredAt = supportCase.serviceDelivered?.at;
  if (deliveredAt) {
    reminders.push({
      kind: 'service_follow_up',
      key: `service_follow_up@${deliveredAt}`,
      dueAt: plusDays(deliveredAt, schedule.followUpAfterDays),
    });
  }
  return reminders;
}

const isSent = (supportCase: SupportCase, reminder: CaseReminder) =>
  (supportCase.remindersSent ?? []).includes(reminder.key);

/**
 * What to do for the case at `now`: `act` on these, and mark `settled` (they include `act`) so nothing is done
 * twice. A late run sends only the latest missing-documents reminder, and none once the case is due to close.
 */
export function dueReminders(
  supportCase: SupportCase,
  now: Date,
  schedule: ReminderSchedule = REMINDER_SCHEDULE,
): { act: CaseReminder[]; settled: string[] } {
  const due = caseReminders(supportCase, schedule).filter(
    (reminder) => Date.parse(reminder.dueAt) <= now.getTime() && !isSent(supportCase, reminder),
  );
  const closing = due.some((reminder) => reminder.kind === 'close_incomplete');
  const documents = due.filter((reminder) => reminder.kind === 'missing_documents');
  const latestDocuments = closing ? undefined : documents.at(-1);
  const act = due.filter((reminder) => reminder.kind !== 'missing_documents' || reminder === latestDocuments);
  return { act, settled: due.map((reminder) => reminder.key) };
}

/** When the case next needs the reminder sweep; none when nothing is left to send. */
export function nextReminderAt(
  supportCase: SupportCase,
  schedule: ReminderSchedule = REMINDER_SCHEDULE,
): string | undefined {
  const pending = caseReminders(supportCase, schedule)
    .filter((reminder) => !isSent(supportCase, reminder))
    .map((reminder) => reminder.dueAt)
    .sort();
  return pending[0];
}
