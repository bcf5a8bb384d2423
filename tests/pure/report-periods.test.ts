import { describe, expect, it } from 'vitest';
import { hijriMonthStart, presetRange } from '../../web/src/reports/periods.ts';

describe('report periods', () => {
  it('counts the last 7 and 30 days including today', () => {
    expect(presetRange('today', '2026-11-29')).toEqual({ from: '2026-11-29', to: '2026-11-29' });
    expect(presetRange('week', '2026-11-29')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(presetRange('month', '2026-03-01')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
  });

  it('starts this Hijri month on its first Umm al-Qura day', () => {
    // 1 Jumada II 1448 is 11 November 2026; 1 Ramadan 1447 is 18 February 2026.
    expect(hijriMonthStart('2026-11-29')).toBe('2026-11-11');
    expect(hijriMonthStart('2026-11-11')).toBe('2026-11-11');
    expect(hijriMonthStart('2026-03-01')).toBe('2026-02-18');
    expect(presetRange('hijriMonth', '2026-11-29')).toEqual({ from: '2026-11-11', to: '2026-11-29' });
  });
});
