import { fromZonedTime } from 'date-fns-tz';
import { describe, expect, it } from 'vitest';
import type { BusinessCalendar, WorkingPeriod } from '../../../shared/sla/business-calendar.ts';
import {
  addWorkingTime,
  workingPeriodsOn,
  workingTimeBetween,
} from '../../../shared/sla/business-calendar.ts';
import { DEFAULT_CALENDAR } from '../../../shared/sla/defaults.ts';

const riyadh = (local: string) => new Date(`${local}+03:00`);
const HOUR = 3_600_000;
const calendar = DEFAULT_CALENDAR;

describe("the society's business calendar (Asia/Riyadh, Sunday–Thursday, two shifts)", () => {
  it('has two shifts on a working day and none on Friday or Saturday', () => {
    // 2026-11-29 is a Sunday, 2026-11-27 a Friday.
    expect(workingPeriodsOn(calendar, '2026-11-29')).toEqual([
      [riyadh('2026-11-29T08:00:00'), riyadh('2026-11-29T12:00:00')],
      [riyadh('2026-11-29T12:30:00'), riyadh('2026-11-29T16:00:00')],
    ]);
    expect(workingPeriodsOn(calendar, '2026-11-27')).toEqual([]);
    expect(workingPeriodsOn(calendar, '2026-11-28')).toEqual([]);
  });

  it('skips the lunch break when counting forward', () => {
    expect(addWorkingTime(calendar, riyadh('2026-11-29T11:00:00'), 2 * HOUR)).toEqual(
      riyadh('2026-11-29T13:30:00'),
    );
  });

  it('carries what is left over a Thursday evening to Sunday morning', () => {
    // Thursday 2026-11-26 15:00, 4 working hours: one on Thursday, three from Sunday 08:00.
    expect(addWorkingTime(calendar, riyadh('2026-11-26T15:00:00'), 4 * HOUR)).toEqual(
      riyadh('2026-11-29T11:00:00'),
    );
  });

  it('starts at the next opening when a contact arrives at night or on the weekend', () => {
    expect(addWorkingTime(calendar, riyadh('2026-11-27T22:00:00'), HOUR)).toEqual(
      riyadh('2026-11-29T09:00:00'),
    );
  });

  it('keeps Ramadan hours in their date range', () => {
    // 2027-02-14 is a Sunday in Ramadan 1448: 10:00–15:00.
    expect(workingPeriodsOn(calendar, '2027-02-14')).toEqual([
      [riyadh('2027-02-14T10:00:00'), riyadh('2027-02-14T15:00:00')],
    ]);
    expect(addWorkingTime(calendar, riyadh('2027-02-14T14:00:00'), 2 * HOUR)).toEqual(
      riyadh('2027-02-15T11:00:00'),
    );
  });

  it('has no working time on a holiday (National Day, Eid)', () => {
    // 2026-09-23 National Day is a Wednesday.
    expect(workingPeriodsOn(calendar, '2026-09-23')).toEqual([]);
    expect(addWorkingTime(calendar, riyadh('2026-09-22T15:30:00'), HOUR)).toEqual(
      riyadh('2026-09-24T08:30:00'),
    );
    expect(workingPeriodsOn(calendar, '2027-03-10')).toEqual([]);
  });

  it('counts working time between two instants consistently with adding it', () => {
    const from = riyadh('2026-11-26T10:00:00');
    const to = addWorkingTime(calendar, from, 11.5 * HOUR);
    expect(workingTimeBetween(calendar, from, to)).toBe(11.5 * HOUR);
    expect(workingTimeBetween(calendar, to, from)).toBe(0);
    expect(workingTimeBetween(calendar, riyadh('2026-11-27T00:00:00'), riyadh('2026-11-28T23:59:00'))).toBe(
      0,
    );
  });
});

describe('a calendar kept in another time zone', () => {
  // Hours away from the small hours, where clock changes fall, on every day of the week.
  const day: WorkingPeriod[] = [
    { start: '00:00', end: '00:30' },
    { start: '08:00', end: '12:00' },
    { start: '23:00', end: '23:59' },
  ];
  const calendarIn = (timeZone: string): BusinessCalendar => ({
    timeZone,
    week: Array.from({ length: 7 }, () => day),
    overrides: [],
    holidays: [],
  });
  // Ordinary days and the days clocks change in Europe, North America, Lord Howe Island and the Chatham Islands.
  const dates = [
    '2026-01-15',
    '2026-03-08',
    '2026-03-29',
    '2026-04-05',
    '2026-09-27',
    '2026-10-04',
    '2026-10-25',
    '2026-11-01',
    '2026-12-31',
  ];

  it.each([
    'Asia/Riyadh',
    'Europe/London',
    'America/New_York',
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'America/St_Johns',
  ])('reads its working hours in %s as date-fns-tz does, across clock changes', (timeZone) => {
    const calendar = calendarIn(timeZone);
    for (const date of dates) {
      expect(workingPeriodsOn(calendar, date), `${timeZone} ${date}`).toEqual(
        day.map(({ start, end }) => [
          fromZonedTime(`${date}T${start}:00`, timeZone),
          fromZonedTime(`${date}T${end}:00`, timeZone),
        ]),
      );
    }
  });

  it('starts counting on the local date of the zone, not of UTC', () => {
    // 02:00 UTC on 30 November is 22:30 on the 29th in St. John's (UTC−3:30): that evening's hour comes first.
    const stJohns = calendarIn('America/St_Johns');
    expect(addWorkingTime(stJohns, new Date('2026-11-30T02:00:00Z'), HOUR / 2)).toEqual(
      fromZonedTime('2026-11-29T23:30:00', 'America/St_Johns'),
    );
  });
});
