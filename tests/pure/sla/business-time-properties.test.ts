import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingTime,
  type BusinessCalendar,
  workingPeriodsOn,
  workingTimeBetween,
} from '../../../shared/sla/business-calendar.ts';
import { DEFAULT_CALENDAR } from '../../../shared/sla/defaults.ts';

const MINUTE = 60_000;
const calendar: BusinessCalendar = DEFAULT_CALENDAR;

/** Reference: walks minute by minute and counts the minutes that fall inside a working period. */
function bruteForceAdd(start: Date, minutes: number): Date {
  let at = Math.ceil(start.getTime() / MINUTE) * MINUTE;
  let left = minutes;
  while (true) {
    if (isWorking(new Date(at))) {
      if (left === 0) return new Date(at);
      left -= 1;
    } else if (left === 0 && isWorking(new Date(at - MINUTE))) {
      // A deadline may fall exactly at the end of a period.
      return new Date(at);
    }
    at += MINUTE;
  }
}

function isWorking(instant: Date): boolean {
  const date = new Date(instant.getTime() + 3 * 3_600_000).toISOString().slice(0, 10);
  return workingPeriodsOn(calendar, date).some(([start, end]) => instant >= start && instant < end);
}

function inWorkingTimeOrAtItsEnd(instant: Date): boolean {
  return isWorking(instant) || isWorking(new Date(instant.getTime() - 1));
}

// Whole minutes in late 2026 to mid 2027: weekends, National Day, Ramadan 1448 and both Eids of 1448.
const start = fc
  .integer({
    min: Date.parse('2026-09-01T00:00:00Z') / MINUTE,
    max: Date.parse('2027-06-30T00:00:00Z') / MINUTE,
  })
  .map((minutes) => new Date(minutes * MINUTE));
const target = fc.integer({ min: 1, max: 3 * 7 * 60 });

describe('business time (properties)', () => {
  it('never puts a deadline outside working time', () => {
    fc.assert(
      fc.property(start, target, (from, minutes) =>
        inWorkingTimeOrAtItsEnd(addWorkingTime(calendar, from, minutes * MINUTE)),
      ),
      { numRuns: 300 },
    );
  });

  it('is monotonic in the start and in the target', () => {
    fc.assert(
      fc.property(
        start,
        fc.integer({ min: 0, max: 5000 }),
        target,
        fc.integer({ min: 0, max: 600 }),
        (from, later, minutes, more) => {
          const base = addWorkingTime(calendar, from, minutes * MINUTE).getTime();
          expect(
            addWorkingTime(calendar, new Date(from.getTime() + later * MINUTE), minutes * MINUTE).getTime(),
          ).toBeGreaterThanOrEqual(base);
          expect(addWorkingTime(calendar, from, (minutes + more) * MINUTE).getTime()).toBeGreaterThanOrEqual(
            base,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('agrees with a minute-by-minute reference', () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 8 * 60 }), (from, minutes) => {
        expect(addWorkingTime(calendar, from, minutes * MINUTE).toISOString()).toBe(
          bruteForceAdd(from, minutes).toISOString(),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('counts back exactly what it added', () => {
    fc.assert(
      fc.property(start, target, (from, minutes) => {
        const due = addWorkingTime(calendar, from, minutes * MINUTE);
        expect(workingTimeBetween(calendar, from, due)).toBe(minutes * MINUTE);
      }),
      { numRuns: 200 },
    );
  });
});
