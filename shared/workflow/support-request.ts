import type { MessageTemplateId } from '../domain/message-templates.ts';
import type { Role } from '../domain/staff.ts';
import type { SupportApplication } from '../domain/support-application.ts';

/** The steps of the society's support-request procedure, in order. */
export const CASE_STEPS = [
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
] as const;
export type CaseStep = (typeof CASE_STEPS)[number];

export const CASE_ACTIONS = [
  'record_verification',
  'refer_to_researcher',
  'send_to_committee',
  'decide',
  'register',
  'deliver_service',
  'withdraw',
  'mark_invalid',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

const EARLY_END_FROM: readonly CaseStep[] = [
  'intake',
  'returned_to_applicant',
  'verified',
  'social_research',
  'committee_review',
];

/** Where each action may be taken from, and by whom (the committee alone decides). */
export const CASE_TRANSITIONS: Record<CaseAction, { from: readonly CaseStep[]; roles: readonly Role[] }> = {
  record_verification: {
    from: ['intake', 'returned_to_applicant'],
    roles: ['agent', 'researcher', 'supervisor'],
  },
  refer_to_researcher: { from: ['verified'], roles: ['agent', 'supervisor'] },
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

/** The case kept on a support-request ticket. */
export interface SupportCase {
  step: CaseStep;
  /** The application as submitted (form or walk-in), with the applicant's declaration. */
  application?: SupportApplication;
  verification?: VerificationChecklist & { by: string; at: string };
  referredAt?: string;
  /** Two calendar weeks from the complete application reaching the committee. */
  committeeDueAt?: string;
  decision?: { outcome: 'approved' | 'rejected'; reason: string; service?: string; by: string; at: string };
  registeredAt?: string;
  serviceDelivered?: { service: string; at: string; by: string };
  /** Why and by whom a supervisor ended the case early (withdrawn or invalid). */
  ended?: { reason: string; by: string; at: string };
}

export const COMMITTEE_WINDOW_DAYS = 14;

/** Steps after which the procedure has nothing left to do. */
export const FINAL_CASE_STEPS: readonly CaseStep[] = [
  'rejected',
  'service_delivered',
  'withdrawn',
  'invalid',
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

/** The step an action leads to. */
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

/** The message template that tells the applicant their case reached `step`; none for intake. */
export function caseTemplateId(step: CaseStep): MessageTemplateId | undefined {
  return step === 'intake' ? undefined : `case_${step}`;
}
