import { describe, expect, it } from 'vitest';
import { directionOf, leftToRightRuns } from '../../web/src/lib/left-to-right-runs.ts';

const isolated = (text: string) =>
  leftToRightRuns(text)
    .filter((run) => run.ltr)
    .map(({ text: run, whole }) => ({ run, whole }));

describe('the left-to-right runs of a text', () => {
  it('keeps a phone number at the end of an Arabic subject as one run', () => {
    expect(leftToRightRuns('أرجو التواصل على 0551234567')).toEqual([
      { text: 'أرجو التواصل على ', ltr: false, whole: false },
      { text: '0551234567', ltr: true, whole: true },
    ]);
  });

  it('takes grouped, international and Arabic-Indic numbers whole', () => {
    expect(isolated('جوال +966 55 123-4567 للتواصل')).toEqual([{ run: '+966 55 123-4567', whole: true }]);
    expect(isolated('رقمي ٠٥٥١٢٣٤٥٦٧')).toEqual([{ run: '٠٥٥١٢٣٤٥٦٧', whole: true }]);
    // A short Arabic-Indic number is left in the text; a Latin digit is set apart like any Latin.
    expect(leftToRightRuns('عدد أفراد الأسرة ٣')).toEqual([
      { text: 'عدد أفراد الأسرة ٣', ltr: false, whole: false },
    ]);
  });

  it('sets apart references, links, phones and English phrases, keeping short tokens whole and the text in order', () => {
    const text =
      'تم التحقق من طلبكم رقم SND-2026-000044، الحالة: http://127.0.0.1:3000/public/status?r=SND-2026-000044&s=ab.c اتصل +966551111114 أو Thank you all.';
    expect(isolated(text)).toEqual([
      { run: 'SND-2026-000044', whole: true },
      { run: 'http://127.0.0.1:3000/public/status?r=SND-2026-000044&s=ab.c', whole: false },
      { run: '+966551111114', whole: true },
      { run: 'Thank you all', whole: false },
    ]);
    expect(
      leftToRightRuns(text)
        .map((run) => run.text)
        .join(''),
    ).toBe(text);
    expect(leftToRightRuns('')).toEqual([]);
  });
});

describe('the direction of a text whose left-to-right runs are isolated', () => {
  it('is that of its first letter, as dir="auto" reads it, whatever comes first in Latin', () => {
    expect(directionOf('SND-2026-000044 تم استلام طلبكم')).toBe('ltr');
    expect(directionOf('تم استلام طلبكم SND-2026-000044')).toBe('rtl');
    expect(directionOf('Hello, my name is أحمد')).toBe('ltr');
    expect(directionOf('0551234567 ٣')).toBe('auto');
  });
});
