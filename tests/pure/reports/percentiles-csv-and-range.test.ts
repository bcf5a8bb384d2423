import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, toCsv, UTF8_BOM } from '../../../shared/reports/csv.ts';
import { bucketOf, PERCENTILE_RELATIVE_ERROR, percentile } from '../../../shared/reports/histogram.ts';
import { riyadhDay } from '../../../shared/reports/reported-ticket.ts';
import { reportRange } from '../../../shared/use-cases/reports.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('percentile summary', () => {
  it('gives every percentile within the stated relative error of a real value of that rank', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: MINUTE, max: 60 * 24 * HOUR }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0.5, 0.9),
        (samples, q) => {
          const histogram: Record<number, number> = {};
          for (const sample of samples) histogram[bucketOf(sample)] = (histogram[bucketOf(sample)] ?? 0) + 1;
          const exact = [...samples].sort((a, b) => a - b)[Math.ceil(q * samples.length) - 1] as number;
          const estimate = percentile(histogram, q) as number;
          expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(PERCENTILE_RELATIVE_ERROR + 1e-9);
        },
      ),
    );
  });

  it('has no percentile for an empty summary', () => {
    expect(percentile({}, 0.5)).toBeUndefined();
  });
});

describe('CSV', () => {
  it('starts with a BOM and escapes commas, quotes, line breaks and formula starts', () => {
    const csv = toCsv(
      ['الاسم', 'ملاحظة'],
      [
        ['أم خالد', 'قال "نعم", ثم\nذهب'],
        ['=HYPERLINK("x")', 7],
      ],
    );

    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv.slice(1)).toBe(
      'الاسم,ملاحظة\r\nأم خالد,"قال ""نعم"", ثم\nذهب"\r\n"\'=HYPERLINK(""x"")",7\r\n',
    );
    expect(csvField(-3)).toBe('-3');
  });
});

describe('report range', () => {
  const deps = (now: string) => ({ clock: { now: () => new Date(now) }, reports: undefined as never });

  it('defaults to today in Riyadh, which starts at 21:00 UTC the day before', () => {
    expect(reportRange(deps('2026-11-24T21:30:00.000Z'), {})).toEqual({
      from: '2026-11-25',
      to: '2026-11-25',
    });
    expect(riyadhDay('2026-11-24T20:59:59.000Z')).toBe('2026-11-24');
  });

  it('refuses a range that ends before it starts or spans more than a year', () => {
    const d = deps('2026-11-25T10:00:00.000Z');
    expect(() => reportRange(d, { from: '2026-11-25', to: '2026-11-01' })).toThrow(/after/);
    expect(() => reportRange(d, { from: '2025-01-01', to: '2026-11-01' })).toThrow(/at most/);
  });
});
