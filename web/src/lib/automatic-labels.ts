import type { AutomaticKind } from '../../../shared/ports/outbox.ts';
import type { SkipReason } from '../../../shared/use-cases/automatic-messages.ts';
import type { MessageKey } from './i18n/ar.ts';

/** What an automatic message skipped or resent was, as the timeline names it: every kind the server records. */
const KIND_LABELS: Record<AutomaticKind | 'phone_confirmation_code', MessageKey> = {
  acknowledgement: 'automatic.acknowledgement',
  case_notice: 'automatic.case_notice',
  survey: 'automatic.survey',
  survey_thanks: 'automatic.survey_thanks',
  status_code: 'automatic.status_code',
  phone_confirmation_code: 'automatic.phone_confirmation_code',
  announcement: 'automatic.announcement',
  reminder: 'automatic.reminder',
  automatic_answer: 'automatic.automatic_answer',
  file_not_received: 'automatic.file_not_received',
};

const REASON_LABELS: Record<SkipReason, MessageKey> = {
  opted_out: 'automatic.skipped.opted_out',
  blocked: 'automatic.skipped.blocked',
  daily_budget: 'automatic.skipped.daily_budget',
  number_limit: 'automatic.skipped.number_limit',
  no_channel: 'automatic.skipped.no_channel',
  no_ticket: 'automatic.skipped.no_ticket',
};

/** The label of an automatic message's kind; one this inbox does not know yet (a newer server's) is named generally. */
export function automaticKindLabel(kind: unknown): MessageKey {
  return KIND_LABELS[kind as keyof typeof KIND_LABELS] ?? 'automatic.other';
}

export function skipReasonLabel(reason: unknown): MessageKey {
  return REASON_LABELS[reason as SkipReason] ?? 'automatic.skipped.other';
}
