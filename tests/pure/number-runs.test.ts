import { describe, expect, it } from 'vitest';
import { directionOf, latinRuns, numberRuns } from '../../web/src/lib/number-runs.ts';

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

describe('the Latin runs of a message', () => {
  const ltr = (text: string) =>
    latinRuns(text)
      .filter((run) => run.ltr)
      .map((run) => run.text);

  it('sets apart references, links, phones and English phrases whole, and keeps the text in order', () => {
    const text =
      'تم التحقق من طلبكم رقم SND-2026-000044، الحالة: http://127.0.0.1:3000/public/status?r=SND-2026-000044&s=ab.c اتصل +966551111114 أو Thank you all.';
    expect(ltr(text)).toEqual([
      'SND-2026-000044',
      'http://127.0.0.1:3000/public/status?r=SND-2026-000044&s=ab.c',
      '+966551111114',
      'Thank you all',
    ]);
    expect(
      latinRuns(text)
        .map((run) => run.text)
        .join(''),
    ).toBe(text);
  });

  it('leaves Arabic text and Arabic-Indic digits as they are', () => {
    expect(latinRuns('عدد أفراد الأسرة ٣')).toEqual([{ text: 'عدد أفراد الأسرة ٣', ltr: false }]);
    expect(latinRuns('')).toEqual([]);
  });
});

describe('the direction of a text whose Latin runs are isolated', () => {
  it('is that of its first letter, as dir="auto" reads it, whatever comes first in Latin', () => {
    expect(directionOf('SND-2026-000044 تم استلام طلبكم')).toBe('ltr');
    expect(directionOf('تم استلام طلبكم SND-2026-000044')).toBe('rtl');
    expect(directionOf('Hello, my name is أحمد')).toBe('ltr');
    expect(directionOf('0551234567 ٣')).toBe('auto');
  });
});
