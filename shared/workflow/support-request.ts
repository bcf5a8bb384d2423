import type { Role } from '../domain/staff.ts';

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
] as const;
export type CaseStep = (typeof CASE_STEPS)[number];

export const CASE_ACTIONS = [
  'record_verification',
  'refer_to_researcher',
  'send_to_committee',
  'decide',
  'register',
  'deliver_service',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

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
  verification?: VerificationChecklist & { by: string; at: string };
  referredAt?: string;
  /** Two calendar weeks from the complete application reaching the committee. */
  committeeDueAt?: string;
  decision?: { outcome: 'approved' | 'rejected'; reason: string; service?: string; by: string; at: string };
  registeredAt?: string;
  serviceDelivered?: { service: string; at: string; by: string };
}

export const COMMITTEE_WINDOW_DAYS = 14;

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
  }
}

/** What the applicant is told at each step, in Arabic (editable templates; `{reference}` etc. filled in). */
export const CASE_ANNOUNCEMENTS: Partial<Record<CaseStep, string>> = {
  returned_to_applicant: 'طلبكم رقم {reference} يحتاج إلى استكمال: {missing}. نرجو تزويدنا بها للمتابعة.',
  verified: 'تم التحقق من بيانات طلبكم رقم {reference}، وسيُعرض قريباً على لجنة البحث.',
  social_research:
    'أُحيل طلبكم رقم {reference} إلى الباحث الاجتماعي وسيتواصل معكم لشرح الإجراءات أو ترتيب زيارة.',
  committee_review: 'عُرض طلبكم رقم {reference} على لجنة البحث، ويصدر القرار خلال أسبوعين بحد أقصى ({due}).',
  approved: 'يسرنا إبلاغكم بالموافقة على طلبكم رقم {reference}: {service}.',
  rejected:
    'نعتذر، لم تتم الموافقة على طلبكم رقم {reference}. السبب: {reason}. يمكنكم التواصل معنا للاستفسار.',
  registered: 'تم تسجيلكم مستفيدين لدى الجمعية (طلب رقم {reference}).',
  service_delivered: 'تم تقديم الخدمة لطلبكم رقم {reference}: {service}. نسعد بسماع رأيكم.',
};

export function announcement(step: CaseStep, values: Record<string, string>): string | undefined {
  const template = CASE_ANNOUNCEMENTS[step];
  return template?.replace(/\{(\w+)\}/g, (_match, name: string) => values[name] ?? '');
}
