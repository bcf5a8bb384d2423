import { describe, expect, it } from 'vitest';
import { normaliseForMatching } from '../../../shared/routing/normalise.ts';
import { evaluateRules, type RuleSet } from '../../../shared/routing/rules.ts';
import { DEFAULT_RULE_SET } from '../../../shared/sla/defaults.ts';
import { anInboundContact } from '../../support/factories.ts';

const contact = { id: 'c', name: 'x', identities: [], tags: [] as string[], createdAt: '', updatedAt: '' };
const ruleSet: RuleSet = { ...DEFAULT_RULE_SET, version: 1, updatedAt: '', updatedBy: '' };

describe('text folding for keyword matching', () => {
  it.each([
    ['إعانة', 'اعانه'],
    ['مُسَاعَدَة', 'مساعده'],
    ['مستشفى', 'مستشفي'],
    ['مـــســاعدة', 'مساعده'],
    ['رقم ١٢٣', 'رقم 123'],
    ['Volunteer  Work', 'volunteer work'],
    ['مسؤول', 'مسوول'],
    ['\u200Fمسا\u200Bعدة\u202B', 'مساعده'],
  ])('folds %s to %s', (input, folded) => {
    expect(normaliseForMatching(input)).toBe(folded);
  });
});

describe('routing rules', () => {
  it('send an application to beneficiary relations for intake, the branch’s own when it has one, tagged', () => {
    const match = evaluateRules(ruleSet, { inbound: anInboundContact({ type: 'support_request' }), contact });
    expect(match.rule?.id).toBe('support-by-type');
    expect(match.decision).toMatchObject({ queueId: 'beneficiary-relations', tags: ['دعم'] });
    const north = evaluateRules(ruleSet, {
      inbound: anInboundContact({ type: 'support_request', city: 'حائل' }),
      contact,
    });
    expect(north.decision).toMatchObject({ queueId: 'branch-north', tags: ['دعم'] });
    expect(JSON.stringify(ruleSet)).not.toContain('social-research');
  });

  it('match keywords however the hamza, taa marbuta and diacritics were typed', () => {
    const match = evaluateRules(ruleSet, {
      inbound: anInboundContact({ text: 'أحتاج اعانه عاجلة لأسرتي' }),
      contact,
    });
    expect(match.rule?.id).toBe('support-by-words');
    expect(match.decision).toMatchObject({ queueId: 'beneficiary-relations', tags: ['دعم'] });
  });

  it('match English keywords case-insensitively', () => {
    const match = evaluateRules(ruleSet, {
      inbound: anInboundContact({ text: 'I would like to VOLUNTEER' }),
      contact,
    });
    expect(match.decision.queueId).toBe('volunteering');
  });

  it('route by city to the branch, and raise complaints', () => {
    expect(
      evaluateRules(ruleSet, { inbound: anInboundContact({ city: 'حائل' }), contact }).decision.queueId,
    ).toBe('branch-north');
    const complaint = evaluateRules(ruleSet, { inbound: anInboundContact({ type: 'complaint' }), contact });
    expect(complaint.decision).toMatchObject({ priority: 'high', queueId: 'beneficiary-relations' });
  });

  it('need every named condition, skip disabled rules, and fall back to the default queue', () => {
    const strict: RuleSet = {
      ...ruleSet,
      rules: [
        {
          id: 'sms-support',
          name: 'x',
          enabled: true,
          conditions: { channels: ['sms'], keywords: ['دعم'] },
          actions: { queueId: 'social-research' },
        },
        { id: 'off', name: 'x', enabled: false, conditions: {}, actions: { queueId: 'volunteering' } },
      ],
    };
    const bySms = evaluateRules(strict, {
      inbound: anInboundContact({ channel: 'sms', text: 'طلب دعم' }),
      contact,
    });
    expect(bySms.rule?.id).toBe('sms-support');
    const byMail = evaluateRules(strict, {
      inbound: anInboundContact({ channel: 'email', text: 'طلب دعم' }),
      contact,
    });
    expect(byMail.rule).toBeUndefined();
    expect(byMail.decision.queueId).toBe('beneficiary-relations');
  });

  it('match contact tags and language', () => {
    const tagged: RuleSet = {
      ...ruleSet,
      rules: [
        {
          id: 'registered',
          name: 'x',
          enabled: true,
          conditions: { contactTags: ['مستفيد مسجل'], languages: ['en'] },
          actions: { queueId: 'social-research', priority: 'high' },
        },
      ],
    };
    const registered = { ...contact, tags: ['مستفيد مسجل'] };
    expect(
      evaluateRules(tagged, { inbound: anInboundContact({ language: 'en' }), contact: registered }).rule?.id,
    ).toBe('registered');
    expect(
      evaluateRules(tagged, { inbound: anInboundContact({ language: 'ar' }), contact: registered }).rule,
    ).toBeUndefined();
  });
});
