import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';

/** A working period within a day, local time `HH:mm`; several make a split shift. */
export interface WorkingPeriod {
  start: string;
  end: string;
}

/** Working periods per weekday, index 0 = Sunday … 6 = Saturday. */
export type WorkingWeek = WorkingPeriod[][];

export interface CalendarOverride {
  name: string;
  /** Local dates `YYYY-MM-DD`, inclusive. */
  from: string;
  to: string;
  week: WorkingWeek;
}

export interface Holiday {
  name: string;
  from: string;
  to: string;
}

/**
 * The society's working time: a week, date-ranged overrides (Ramadan hours) and holidays (the two Eids, whose
 * dates follow the Hijri calendar and are entered each year; National Day; Founding Day).
 */
export interface BusinessCalendar {
  timeZone: string;
  week: WorkingWeek;
  overrides: CalendarOverride[];
  holidays: Holiday[];
}

const DAY_MS = 86_400_000;
/** Beyond this a target cannot be met in any real calendar; stop rather than loop on an empty one. */
const MAX_DAYS = 3 * 366;

function localDate(calendar: BusinessCalendar, instant: Date): string {
  return formatInTimeZone(instant, calendar.timeZone, 'yyyy-MM-dd');
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The working periods of one local date as instants, in order. */
export function workingPeriodsOn(calendar: BusinessCalendar, date: string): [Date, Date][] {
  if (calendar.holidays.some((holiday) => holiday.from <= date && date <= holiday.to)) return [];
  const override = calendar.overrides.find((candidate) => candidate.from <= date && date <= candidate.to);
  const periods = (override?.week ?? calendar.week)[weekdayOf(date)] ?? [];
  return periods
    .map((period): [Date, Date] => [
      fromZonedTime(`${date}T${period.start}:00`, calendar.timeZone),
      fromZonedTime(`${date}T${period.end}:00`, calendar.timeZone),
    ])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0].getTime() - b[0].getTime());
}

/** The instant `ms` of working time after `start`. */
export function addWorkingTime(calendar: BusinessCalendar, start: Date, ms: number): Date {
  let remaining = ms;
  let date = localDate(calendar, start);
  for (let day = 0; day < MAX_DAYS; day++, date = nextDate(date)) {
    for (const [periodStart, periodEnd] of workingPeriodsOn(calendar, date)) {
      const from = Math.max(periodStart.getTime(), start.getTime());
      if (from >= periodEnd.getTime()) continue;
      const available = periodEnd.getTime() - from;
      if (remaining <= available) return new Date(from + remaining);
      remaining -= available;
    }
  }
  throw new Error('The business calendar has no working time in the next three years');
}

/** Working time between two instants (0 when `to` is not after `from`). */
export function workingTimeBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  if (to <= from) return 0;
  let total = 0;
  let date = localDate(calendar, from);
  const last = localDate(calendar, to);
  for (let day = 0; day < MAX_DAYS && date <= last; day++, date = nextDate(date)) {
    for (const [periodStart, periodEnd] of workingPeriodsOn(calendar, date)) {
      const start = Math.max(periodStart.getTime(), from.getTime());
      const end = Math.min(periodEnd.getTime(), to.getTime());
      if (end > start) total += end - start;
    }
  }
  return total;
}
