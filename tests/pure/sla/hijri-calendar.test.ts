import { describe, expect, it } from 'vitest';
import {
  addWorkingTime,
  type BusinessCalendar,
  fromHijri,
  gregorianRange,
  toHijri,
  workingPeriodsOn,
} from '../../../shared/sla/business-calendar.ts';

const riyadh = (local: string) => new Date(`${local}+03:00`);
const HOUR = 3_600_000;
const day = (start: string, end: string) => [{ start, end }];
const weekOf = (periods: { start: string; end: string }[]) => [
  periods,
  periods,
  periods,
  periods,
  periods,
  [],
  [],
];
const base: BusinessCalendar = {
  timeZone: 'Asia/Riyadh',
  week: weekOf(day('08:00', '16:00')),
  overrides: [],
  holidays: [],
};

describe('Hijri dates (Umm al-Qura, through Intl)', () => {
  it('converts both ways', () => {
    expect(toHijri('2026-02-18')).toEqual({ year: 1447, month: 9, day: 1 });
    expect(fromHijri('1447-09-01')).toBe('2026-02-18');
    expect(fromHijri('1448-10-01')).toBe('2027-03-09');
    expect(fromHijri('1446-12-10')).toBe('2025-06-06');
  });

  it('round-trips every day of sixty years', () => {
    const misses: string[] = [];
    for (let at = Date.UTC(2000, 0, 1); at < Date.UTC(2060, 0, 1); at += 86_400_000) {
      const gregorian = new Date(at).toISOString().slice(0, 10);
      const { year, month, day: d } = toHijri(gregorian);
      const hijri = `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      if (fromHijri(hijri) !== gregorian) misses.push(gregorian);
    }
    expect(misses).toEqual([]);
  });

  it('has no day for the 30th of a 29-day month nor a malformed date', () => {
    // Ramadan 1448 has 29 days in Umm al-Qura.
    expect(fromHijri('1448-09-30')).toBeUndefined();
    expect(fromHijri('1447-13-01')).toBeUndefined();
    expect(fromHijri('1447/09/01')).toBeUndefined();
  });
});

describe('Ramadan hours by Hijri year', () => {
  const calendar: BusinessCalendar = {
    ...base,
    ramadan: [{ hijriYear: 1448, week: weekOf(day('10:00', '15:00')) }],
  };

  it('applies through Ramadan of that year only, whatever its Gregorian dates', () => {
    // 2027-02-08 is 1 Ramadan 1448 (a Monday), 2027-02-07 the day before.
    expect(workingPeriodsOn(calendar, '2027-02-08')).toEqual([
      [riyadh('2027-02-08T10:00:00'), riyadh('2027-02-08T15:00:00')],
    ]);
    expect(workingPeriodsOn(calendar, '2027-02-07')).toEqual([
      [riyadh('2027-02-07T08:00:00'), riyadh('2027-02-07T16:00:00')],
    ]);
    // Ramadan 1447 (2026-02-18 …) has no hours entered: the usual week.
    expect(workingPeriodsOn(calendar, '2026-02-22')).toEqual([
      [riyadh('2026-02-22T08:00:00'), riyadh('2026-02-22T16:00:00')],
    ]);
  });

  it('makes the SLA clock count the shorter day', () => {
    // Monday 1 Ramadan 1448, 14:00 + 2 working hours: one today (to 15:00), one from Tuesday 10:00.
    expect(addWorkingTime(calendar, riyadh('2027-02-08T14:00:00'), 2 * HOUR)).toEqual(
      riyadh('2027-02-09T11:00:00'),
    );
  });

  it('gives way to a date-ranged override', () => {
    const withOverride: BusinessCalendar = {
      ...calendar,
      overrides: [
        { name: 'دوام خاص', from: '2027-02-08', to: '2027-02-08', week: weekOf(day('09:00', '11:00')) },
      ],
    };
    expect(workingPeriodsOn(withOverride, '2027-02-08')).toEqual([
      [riyadh('2027-02-08T09:00:00'), riyadh('2027-02-08T11:00:00')],
    ]);
  });
});

describe('holidays entered in Hijri dates', () => {
  const eid = { name: 'عيد الفطر 1448', from: '1448-10-01', to: '1448-10-04', calendar: 'hijri' } as const;
  const calendar: BusinessCalendar = { ...base, holidays: [eid] };

  it('closes the Gregorian days they fall on', () => {
    // 1–4 Shawwal 1448 = 2027-03-09 … 2027-03-12.
    expect(workingPeriodsOn(calendar, '2027-03-09')).toEqual([]);
    expect(workingPeriodsOn(calendar, '2027-03-11')).toEqual([]);
    expect(workingPeriodsOn(calendar, '2027-03-14')).not.toEqual([]);
    expect(gregorianRange(eid)).toEqual({ from: '2027-03-09', to: '2027-03-12' });
  });

  it('stops the clock over the holiday', () => {
    // Monday 2027-03-08 15:00 + 2 working hours: one on Monday, the holiday runs to Friday, so Sunday 09:00.
    expect(addWorkingTime(calendar, riyadh('2027-03-08T15:00:00'), 2 * HOUR)).toEqual(
      riyadh('2027-03-14T09:00:00'),
    );
  });

  it('sits beside Gregorian holidays', () => {
    const both: BusinessCalendar = {
      ...calendar,
      holidays: [...calendar.holidays, { name: 'اليوم الوطني', from: '2027-09-23', to: '2027-09-23' }],
    };
    expect(workingPeriodsOn(both, '2027-09-23')).toEqual([]);
    expect(workingPeriodsOn(both, '2027-03-10')).toEqual([]);
  });
});
