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
  caseRefusal,
  caseTemplateId,
  nextStep,
  type SupportCase,
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

  it('lets beneficiary relations refer to a researcher during verification, not only after it', () => {
    for (const step of ['intake', 'returned_to_applicant', 'verified'] as const)
      expect(canTake('refer_to_researcher', step, ['agent'])).toEqual({ allowed: true });
    expect(canTake('record_study', 'social_research', ['researcher'])).toEqual({ allowed: true });
    expect(canTake('record_study', 'social_research', ['agent'])).toMatchObject({ reason: 'wrong_role' });
    expect(nextStep('record_study', {})).toBe('social_research');
  });

  it('opens a case only from an application with its declaration, and sends only a verified one to the committee', () => {
    const application = { declaration: { accepted: true } } as SupportCase['application'];
    const verification = {
      identityMatches: true,
      documentsPresent: true,
      dataConsistent: true,
      by: 'u',
      at: '',
    };
    expect(caseRefusal('record_verification', { step: 'intake' })).toContain('declaration');
    expect(caseRefusal('record_verification', { step: 'intake', application })).toBeUndefined();
    expect(caseRefusal('send_to_committee', { step: 'social_research', application })).toContain('verified');
    expect(
      caseRefusal('send_to_committee', {
        step: 'social_research',
        application,
        verification: { ...verification, documentsPresent: false },
      }),
    ).toContain('verified');
    expect(
      caseRefusal('send_to_committee', { step: 'social_research', application, verification }),
    ).toBeUndefined();
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
        uploadLink: 'https://sanad.example/public/applications/t0ken',
      }),
    ).toBe(
      'طلبكم رقم SND-2026-000001 يحتاج إلى استكمال: صورة الهوية. ارفعوا المستندات من هذا الرابط، وهو صالح لمرة واحدة خلال 7 أيام:\nhttps://sanad.example/public/applications/t0ken\nحالة الطلب:\nhttps://sanad.example/public/status?r=SND-2026-000001&s=x.y',
    );
    // Before intake the applicant is sent the phone code itself, not a step notice.
    expect(caseTemplateId('intake')).toBeUndefined();
    expect(caseTemplateId('phone_unconfirmed')).toBeUndefined();
    for (const step of CASE_STEPS.filter((step) => step !== 'intake' && step !== 'phone_unconfirmed')) {
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
