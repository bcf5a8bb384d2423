import { dateFormatOnFirstUse } from '../domain/date-format-on-first-use.ts';

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
  /** `YYYY-MM-DD`, inclusive: Gregorian dates, or Umm al-Qura Hijri dates when `calendar` is `hijri`. */
  from: string;
  to: string;
  calendar?: 'gregorian' | 'hijri';
}

/** The hours kept through Ramadan of one Hijri year, whichever Gregorian dates it falls on. */
export interface RamadanHours {
  hijriYear: number;
  week: WorkingWeek;
}

/**
 * The society's working time: a week, Ramadan hours by Hijri year, date-ranged overrides and holidays (the two
 * Eids, entered each year in Hijri or Gregorian dates; National Day; Founding Day). A holiday wins over any
 * hours, an override over Ramadan's, Ramadan's over the week's.
 */
export interface BusinessCalendar {
  timeZone: string;
  week: WorkingWeek;
  ramadan?: RamadanHours[];
  overrides: CalendarOverride[];
  holidays: Holiday[];
}

const DAY_MS = 86_400_000;
const RAMADAN = 9;
// The Saudi official calendar; Latin digits so the parts parse.
const hijriFormat = dateFormatOnFirstUse('en-u-ca-islamic-umalqura-nu-latn', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

export interface HijriDate {
  year: number;
  month: number;
  day: number;
}

// SLA clocks ask for the same few days again and again; Intl's formatting is the slow part.
const hijriOf = new Map<string, HijriDate>();
const HIJRI_CACHE_SIZE = 4096;

/** The Umm al-Qura date of a Gregorian `YYYY-MM-DD`. */
export function toHijri(gregorian: string): HijriDate {
  const known = hijriOf.get(gregorian);
  if (known) return known;
  const parts = hijriFormat().formatToParts(new Date(`${gregorian}T00:00:00Z`));
  const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value);
  const hijri = { year: part('year'), month: part('month'), day: part('day') };
  if (hijriOf.size >= HIJRI_CACHE_SIZE) hijriOf.clear();
  hijriOf.set(gregorian, hijri);
  return hijri;
}

export const formatHijri = ({ year, month, day }: HijriDate): string =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

const HIJRI_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Mean Hijri year and month in days, and where year 1 began (16 July 622, Julian), for a first guess.
const HIJRI_YEAR_DAYS = 354.367;
const HIJRI_MONTH_DAYS = 29.5306;
const HIJRI_EPOCH_MS = Date.UTC(622, 6, 19);

/**
 * The Gregorian `YYYY-MM-DD` of an Umm al-Qura `YYYY-MM-DD`, or undefined when no such day exists (the 30th of
 * a 29-day month). Intl converts only the other way: guess from mean lengths, then walk to the day.
 */
export function fromHijri(hijri: string): string | undefined {
  const match = HIJRI_DATE.exec(hijri);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 30 || year < 1) return undefined;
  const ordinal = (date: HijriDate) =>
    (date.year - 1) * HIJRI_YEAR_DAYS + (date.month - 1) * HIJRI_MONTH_DAYS + date.day;
  const target = ordinal({ year, month, day });
  let guess = HIJRI_EPOCH_MS + Math.round(target - 1) * DAY_MS;
  for (let step = 0; step < 4; step++) {
    const off = Math.round(target - ordinal(toHijri(new Date(guess).toISOString().slice(0, 10))));
    if (off === 0) break;
    guess += off * DAY_MS;
  }
  for (const shift of [0, -1, 1, -2, 2]) {
    const candidate = new Date(guess + shift * DAY_MS).toISOString().slice(0, 10);
    if (formatHijri(toHijri(candidate)) === hijri) return candidate;
  }
  return undefined;
}

/** A holiday's first and last days as Gregorian dates (undefined when a Hijri day does not exist). */
export function gregorianRange(holiday: Holiday): { from?: string; to?: string } {
  if (holiday.calendar !== 'hijri') return { from: holiday.from, to: holiday.to };
  return { from: fromHijri(holiday.from), to: fromHijri(holiday.to) };
}

/** Beyond this a target cannot be met in any real calendar; stop rather than loop on an empty one. */
const MAX_DAYS = 3 * 366;

/**
 * A wall-clock formatter per time zone, made on first use (the runtime's ICU: date-fns-tz's conversions add to
 * each bundle, and it builds a formatter as it loads, which set ICU up in every function's start).
 */
const wallClocks = new Map<string, Intl.DateTimeFormat>();

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The date and time on the clocks of `timeZone` at `instant`. */
function wallClockAt(timeZone: string, instant: Date): WallClock {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallClocks.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((candidate) => candidate.type === type)?.value);
  // Some ICU versions write midnight as 24 even in a 0–23 cycle.
  const hour = part('hour') % 24;
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour,
    minute: part('minute'),
    second: part('second'),
  };
}

const twoDigits = (value: number) => String(value).padStart(2, '0');

function localDate(calendar: BusinessCalendar, instant: Date): string {
  const { year, month, day } = wallClockAt(calendar.timeZone, instant);
  return `${year}-${twoDigits(month)}-${twoDigits(day)}`;
}

/** How far the clocks of `timeZone` are ahead of UTC at `instant` (whole seconds, as zones are), ms. */
function offsetAt(timeZone: string, instant: number): number {
  const { year, month, day, hour, minute, second } = wallClockAt(timeZone, new Date(instant));
  return Date.UTC(year, month - 1, day, hour, minute, second) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a local date and time (`HH:mm`) name in `timeZone`: the wall time read as UTC, less the zone's
 * offset then, taken again at the instant found so a clock change between the two is followed.
 */
function instantOf(date: string, time: string, timeZone: string): Date {
  const wall = Date.parse(`${date}T${time}:00Z`);
  const first = wall - offsetAt(timeZone, wall);
  return new Date(wall - offsetAt(timeZone, first));
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/**
 * Each calendar's working periods by date, computed once: every SLA clock walks the same few days, and each day
 * costs time-zone and Hijri conversions. A calendar is replaced, never changed, when an admin edits it.
 */
const periodsByCalendar = new WeakMap<BusinessCalendar, Map<string, readonly [Date, Date][]>>();

/** The working periods of one local date as instants, in order. */
export function workingPeriodsOn(calendar: BusinessCalendar, date: string): readonly [Date, Date][] {
  const periods = periodsByCalendar.get(calendar) ?? new Map<string, readonly [Date, Date][]>();
  periodsByCalendar.set(calendar, periods);
  const onDate = periods.get(date) ?? computeWorkingPeriods(calendar, date);
  periods.set(date, onDate);
  return onDate;
}

function computeWorkingPeriods(calendar: BusinessCalendar, date: string): [Date, Date][] {
  const needsHijri =
    (calendar.ramadan?.length ?? 0) > 0 || calendar.holidays.some((holiday) => holiday.calendar === 'hijri');
  const hijri = needsHijri ? toHijri(date) : undefined;
  const hijriText = hijri && formatHijri(hijri);
  const onHoliday = (holiday: Holiday) => {
    const day = holiday.calendar === 'hijri' ? hijriText : date;
    return day !== undefined && holiday.from <= day && day <= holiday.to;
  };
  if (calendar.holidays.some(onHoliday)) return [];
  const override = calendar.overrides.find((candidate) => candidate.from <= date && date <= candidate.to);
  const ramadan =
    hijri?.month === RAMADAN
      ? calendar.ramadan?.find((candidate) => candidate.hijriYear === hijri.year)
      : undefined;
  const periods = (override?.week ?? ramadan?.week ?? calendar.week)[weekdayOf(date)] ?? [];
  return periods
    .map((period): [Date, Date] => [
      instantOf(date, period.start, calendar.timeZone),
      instantOf(date, period.end, calendar.timeZone),
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
