import { addWorkingTime, type BusinessCalendar, workingTimeBetween } from './business-calendar.ts';
import { calendarTimekeeper, type Timekeeper } from './clocks.ts';
import type { SlaPolicy } from './policy.ts';

/** The SLA policies and the business calendar in force. */
export interface SlaSettings {
  policies: SlaPolicy[];
  calendar: BusinessCalendar;
}

/** Where use cases read the SLA settings from (the table, cached briefly by the adapter). */
export interface SlaSettingsSource {
  load(): Promise<SlaSettings>;
}

export function timekeeperFor(policy: SlaPolicy, calendar: BusinessCalendar): Timekeeper {
  if (policy.time === 'calendar') return calendarTimekeeper;
  return {
    add: (start, ms) => addWorkingTime(calendar, start, ms),
    between: (from, to) => workingTimeBetween(calendar, from, to),
  };
}
