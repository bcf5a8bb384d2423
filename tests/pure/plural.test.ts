import { describe, expect, it } from 'vitest';
import { ar } from '../../web/src/lib/i18n/ar.ts';
import { en } from '../../web/src/lib/i18n/en.ts';
import { pluralForm } from '../../web/src/lib/i18n/plural.ts';

describe('plural messages', () => {
  it('takes each of Arabic’s six forms by count', () => {
    const forms = { zero: 'zero', one: 'one', two: 'two', few: 'few', many: 'many', other: 'other' };
    expect([0, 1, 2, 3, 10, 11, 99, 100, 102].map((count) => pluralForm(forms, 'ar', count))).toEqual([
      'zero',
      'one',
      'two',
      'few',
      'few',
      'many',
      'many',
      'other',
      'other',
    ]);
  });

  it('falls back to the other form where a message has no form for the category', () => {
    expect(pluralForm({ one: 'one', other: 'other' }, 'ar', 5)).toBe('other');
  });

  it('says "10 days" in Arabic with the plural of few, and "1 decision" in English', () => {
    const daysLeft = ar['case.daysLeft'];
    if (typeof daysLeft === 'string') throw new Error('case.daysLeft is a plural message');
    expect(pluralForm(daysLeft, 'ar', 10)).toBe('متبقٍ {count} أيام');
    expect(pluralForm(daysLeft, 'ar', 11)).toBe('متبقٍ {count} يومًا');
    expect(pluralForm(daysLeft, 'ar', 2)).toBe('متبقٍ يومان');
    const decided = en['reports.decided'];
    if (typeof decided === 'string') throw new Error('reports.decided is a plural message');
    expect(pluralForm(decided, 'en', 1)).toBe('{count} decision');
    expect(pluralForm(decided, 'en', 3)).toBe('{count} decisions');
  });
});
