import { describe, expect, it } from 'vitest';
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
