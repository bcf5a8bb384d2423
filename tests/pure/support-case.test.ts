import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEMPLATE_TEXTS,
  isMessageTemplateId,
  renderTemplate,
  unknownPlaceholders,
} from '../../shared/domain/message-templates.ts';
import type { Role } from '../../shared/domain/staff.ts';
import {
  CASE_ACTIONS,
  CASE_STEPS,
  CASE_TRANSITIONS,
  canTake,
  caseTemplateId,
  nextStep,
} from '../../shared/workflow/support-request.ts';

describe('the support-request procedure', () => {
  it('allows each action only from its steps and for its roles, for every step × role', () => {
    const roles: Role[] = ['agent', 'researcher', 'committee', 'supervisor', 'manager', 'admin'];
    for (const action of CASE_ACTIONS) {
      for (const step of CASE_STEPS) {
        for (const role of roles) {
          const rule = CASE_TRANSITIONS[action];
          const expected = !rule.roles.includes(role)
            ? 'wrong_role'
            : !rule.from.includes(step)
              ? 'wrong_step'
              : 'allowed';
          const result = canTake(action, step, [role]);
          expect(result.allowed ? 'allowed' : result.reason, `${action} at ${step} by ${role}`).toBe(
            expected,
          );
        }
      }
    }
  });

  it('lets only the committee decide, and only while the case is before it', () => {
    expect(canTake('decide', 'committee_review', ['committee'])).toEqual({ allowed: true });
    expect(canTake('decide', 'committee_review', ['agent'])).toEqual({
      allowed: false,
      reason: 'wrong_role',
    });
    expect(canTake('decide', 'approved', ['committee'])).toEqual({ allowed: false, reason: 'wrong_step' });
  });

  it('returns an incomplete application to the applicant, and verifies a complete one', () => {
    expect(
      nextStep('record_verification', {
        checklist: { identityMatches: true, documentsPresent: false, dataConsistent: true },
      }),
    ).toBe('returned_to_applicant');
    expect(
      nextStep('record_verification', {
        checklist: { identityMatches: true, documentsPresent: true, dataConsistent: true },
      }),
    ).toBe('verified');
    expect(nextStep('decide', { outcome: 'rejected' })).toBe('rejected');
  });

  it('announces each step after intake in Arabic with the reference filled in', () => {
    const templateId = caseTemplateId('returned_to_applicant');
    expect(templateId).toBe('case_returned_to_applicant');
    expect(
      renderTemplate(DEFAULT_TEMPLATE_TEXTS[templateId ?? 'status_code'], {
        reference: 'SND-2026-000001',
        missing: 'صورة الهوية',
        statusLink: 'https://sanad.example/public/status?r=SND-2026-000001&s=x.y',
      }),
    ).toBe(
      'طلبكم رقم SND-2026-000001 يحتاج إلى استكمال: صورة الهوية. نرجو تزويدنا بها للمتابعة.\nحالة الطلب:\nhttps://sanad.example/public/status?r=SND-2026-000001&s=x.y',
    );
    expect(caseTemplateId('intake')).toBeUndefined();
    for (const step of CASE_STEPS.filter((step) => step !== 'intake')) {
      const id = caseTemplateId(step);
      expect(id && isMessageTemplateId(id), step).toBe(true);
    }
  });

  it('refuses placeholders a template does not offer, so no beneficiary gets a blank', () => {
    expect(unknownPlaceholders('case_approved', 'وافقنا على {reference}: {service}')).toEqual([]);
    expect(unknownPlaceholders('case_approved', 'وافقنا على {reference} {reason} {reason}')).toEqual([
      'reason',
    ]);
  });
});
