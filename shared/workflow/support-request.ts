import type { Delivery } from '../domain/delivery.ts';
import type { HomeVisit } from '../domain/home-visit.ts';
import type { MessageTemplateId } from '../domain/message-templates.ts';
import type { Role } from '../domain/staff.ts';
import type { SupportApplication } from '../domain/support-application.ts';

/** The steps of the society's support-request procedure, in order. */
export const CASE_STEPS = [
  /** Applied on the public form, waiting for the one-time code sent to the phone given: not yet for verification. */
  'phone_unconfirmed',
  'intake',
  'returned_to_applicant',
  'verified',
  'social_research',
  'committee_review',
  'approved',
  'rejected',
  'registered',
  'service_delivered',
  /** Ended early by a supervisor: the applicant withdrew the request. */
  'withdrawn',
  /** Ended early by a supervisor: the application is not a valid one (a duplicate, a false identity). */
  'invalid',
  /** Closed by the reminder schedule: the missing documents never came (shared/workflow/case-reminders.ts). */
  'incomplete',
] as const;
export type CaseStep = (typeof CASE_STEPS)[number];

export const CASE_ACTIONS = [
  'record_verification',
  'refer_to_researcher',
  'record_study',
  'send_to_committee',
  'decide',
  'register',
  'deliver_service',
  'withdraw',
  'mark_invalid',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** The steps up to the committee's review (CASE_STEPS are in order). */
const EARLY_END_FROM: readonly CaseStep[] = CASE_STEPS.slice(0, CASE_STEPS.indexOf('committee_review') + 1);

/**
 * Where each action may be taken from, and by whom (the committee alone decides). Beneficiary relations receive
 * and verify; when something is unclear they refer the applicant to a researcher during verification, who records
 * a study and may finish the verification; only a verified application goes to the committee.
 */
export const CASE_TRANSITIONS: Record<CaseAction, { from: readonly CaseStep[]; roles: readonly Role[] }> = {
  record_verification: {
    from: ['intake', 'returned_to_applicant', 'social_research'],
    roles: ['agent', 'researcher', 'supervisor'],
  },
  refer_to_researcher: {
    from: ['intake', 'returned_to_applicant', 'verified'],
    roles: ['agent', 'supervisor'],
  },
  record_study: { from: ['social_research'], roles: ['researcher', 'supervisor'] },
  send_to_committee: { from: ['verified', 'social_research'], roles: ['agent', 'researcher', 'supervisor'] },
  decide: { from: ['committee_review'], roles: ['committee'] },
  register: { from: ['approved'], roles: ['agent', 'researcher', 'supervisor'] },
  deliver_service: { from: ['registered'], roles: ['agent', 'researcher', 'supervisor'] },
  // Ending a case early is a supervisor's decision, from any step before the committee has decided.
  withdraw: { from: EARLY_END_FROM, roles: ['supervisor', 'admin'] },
  mark_invalid: { from: EARLY_END_FROM, roles: ['supervisor', 'admin'] },
};

export interface VerificationChecklist {
  identityMatches: boolean;
  documentsPresent: boolean;
  dataConsistent: boolean;
  /** What the applicant must still provide, in words they understand. */
  missing?: string;
}

/** How the researcher studied the applicant's situation. */
export const STUDY_METHODS = ['call', 'home_visit'] as const;
export type StudyMethod = (typeof STUDY_METHODS)[number];

/** The case kept on a support-request ticket. */
export interface SupportCase {
  step: CaseStep;
  /** The application as submitted (form or walk-in), with the applicant's declaration. */
  application?: SupportApplication;
  verification?: VerificationChecklist & { by: string; at: string };
  /** Why beneficiary relations referred the applicant to a researcher, and from which step. */
  referral?: { reason: string; from: CaseStep; by: string; at: string };
  /** When the applicant last sent missing documents through their upload link (the case went back to intake). */
  documentsReceivedAt?: string;
  study?: { method: StudyMethod; findings: string; by: string; at: string };
  /** When it was sent to the committee. */
  referredAt?: string;
  /** Two calendar weeks from the complete application reaching the committee. */
  committeeDueAt?: string;
  decision?: { outcome: 'approved' | 'rejected'; reason: string; service?: string; by: string; at: string };
  registeredAt?: string;
  serviceDelivered?: { service: string; at: string; by: string };
  /** Why and by whom a supervisor ended the case early (withdrawn or invalid), or the schedule did (incomplete). */
  ended?: { reason: string; by: string; at: string };
  /** Keys of the scheduled reminders already sent (or passed), so a retried sweep sends none twice. */
  remindersSent?: string[];
  /** Visits to the beneficiary's home, in the order they were scheduled. */
  homeVisits?: HomeVisit[];
  /** The registered beneficiary's deliveries (one-off or monthly), soonest first. */
  deliveries?: Delivery[];
}

export const COMMITTEE_WINDOW_DAYS = 14;

/** Steps after which the procedure has nothing left to do. */
export const FINAL_CASE_STEPS: readonly CaseStep[] = [
  'rejected',
  'service_delivered',
  'withdrawn',
  'invalid',
  'incomplete',
];

/** Whether the case still runs: then only its own steps may end the ticket. */
export function isCaseOpen(supportCase: SupportCase): boolean {
  return !FINAL_CASE_STEPS.includes(supportCase.step);
}

/** The actions the procedure offers from the case's current step (what to do instead of closing by hand). */
export function openCaseActions(supportCase: SupportCase): CaseAction[] {
  return CASE_ACTIONS.filter((action) => CASE_TRANSITIONS[action].from.includes(supportCase.step));
}

export type CaseRefusal = { allowed: false; reason: 'wrong_step' | 'wrong_role' } | { allowed: true };

/** Whether `action` may be taken now by someone with `roles`. */
export function canTake(action: CaseAction, step: CaseStep, roles: readonly Role[]): CaseRefusal {
  const rule = CASE_TRANSITIONS[action];
  if (!rule.roles.some((role) => roles.includes(role))) return { allowed: false, reason: 'wrong_role' };
  if (!rule.from.includes(step)) return { allowed: false, reason: 'wrong_step' };
  return { allowed: true };
}

/** Whether the data was verified complete: only then may the committee study the case. */
export function isVerifiedComplete(supportCase: SupportCase): boolean {
  const checks = supportCase.verification;
  return Boolean(checks?.identityMatches && checks.documentsPresent && checks.dataConsistent);
}

/**
 * Why the case itself (not the step or role) refuses the action: a case opens only from an application with the
 * applicant's declaration, and an unverified one never reaches the committee.
 */
export function caseRefusal(action: CaseAction, supportCase: SupportCase): string | undefined {
  if (!supportCase.application?.declaration.accepted)
    return 'This case has no application with the applicant’s declaration; it must be submitted through the support-request form';
  if (action === 'send_to_committee' && !isVerifiedComplete(supportCase))
    return 'Only a verified application goes to the committee: record a complete verification first';
  return undefined;
}

/** The step an action leads to (a study keeps the case with the researcher). */
export function nextStep(
  action: CaseAction,
  input: { checklist?: VerificationChecklist; outcome?: 'approved' | 'rejected' },
): CaseStep {
  switch (action) {
    case 'record_verification': {
      const checks = input.checklist;
      return checks?.identityMatches && checks.documentsPresent && checks.dataConsistent
        ? 'verified'
        : 'returned_to_applicant';
    }
    case 'refer_to_researcher':
    case 'record_study':
      return 'social_research';
    case 'send_to_committee':
      return 'committee_review';
    case 'decide':
      return input.outcome === 'approved' ? 'approved' : 'rejected';
    case 'register':
      return 'registered';
    case 'deliver_service':
      return 'service_delivered';
    case 'withdraw':
      return 'withdrawn';
    case 'mark_invalid':
      return 'invalid';
  }
}

/**
 * Files the applicant sent on any channel while the case waited for their documents: it goes back to
 * verification, as an upload through their link does, so no reminder or closing counts them as never sent.
 */
export function documentsArrived(supportCase: SupportCase, at: string): SupportCase | undefined {
  if (supportCase.step !== 'returned_to_applicant') return undefined;
  return { ...supportCase, step: 'intake', documentsReceivedAt: at };
}

/** The message template that tells the applicant their case reached `step`; none before verification. */
export function caseTemplateId(step: CaseStep): MessageTemplateId | undefined {
  return step === 'intake' || step === 'phone_unconfirmed' ? undefined : `case_${step}`;
}
