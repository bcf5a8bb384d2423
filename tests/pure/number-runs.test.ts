import { describe, expect, it } from 'vitest';
import { numberRuns } from '../../web/src/lib/number-runs.ts';

describe('number runs of a subject', () => {
  it('keeps a phone number at the end of an Arabic subject as one run', () => {
    expect(numberRuns('أرجو التواصل على 0551234567')).toEqual([
      { text: 'أرجو التواصل على ', number: false },
      { text: '0551234567', number: true },
    ]);
  });

  it('takes grouped, international and Arabic-Indic numbers whole, and leaves short numbers in the text', () => {
    expect(numberRuns('جوال +966 55 123-4567 للتواصل').filter((run) => run.number)).toEqual([
      { text: '+966 55 123-4567', number: true },
    ]);
    expect(numberRuns('رقمي ٠٥٥١٢٣٤٥٦٧').at(-1)).toEqual({ text: '٠٥٥١٢٣٤٥٦٧', number: true });
    expect(numberRuns('عدد 3 أطفال')).toEqual([{ text: 'عدد 3 أطفال', number: false }]);
  });
});
