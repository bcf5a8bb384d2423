import * as z from 'zod/mini';
import { assertMayManageRouting, saveBusinessCalendar } from '../../../shared/use-cases/routing-admin.ts';
import { json, parseJson, validate } from '../../lib/http.ts';
import type { StaffRoute } from '../../lib/http-handler.ts';

const time = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/));
const gregorianDate = z.iso.date();
/** Umm al-Qura months have 29 or 30 days, which one only the calendar's tables say: any day to the 30th is taken. */
const hijriDate = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|30)$/));
/** A period ends after it starts, a date range on or after its first day; the reason is said at the end. */
const workingPeriod = z.strictObject({ start: time, end: time }).check(
  z.superRefine((period, context) => {
    if (period.end <= period.start)
      context.addIssue({ code: 'custom', message: 'ends_before_starts', path: ['end'] });
  }),
);
/** A day's periods may come in any order, but two that overlap would count the shared hours twice. */
const workingDay = z.array(workingPeriod).check(
  z.maxLength(4),
  z.superRefine((periods, context) => {
    const sorted = periods
      .map((period, index) => ({ ...period, index }))
      .sort((a, b) => (a.start < b.start ? -1 : 1));
    for (const [at, period] of sorted.entries()) {
      const before = sorted[at - 1];
      if (before && period.start < before.end)
        context.addIssue({ code: 'custom', message: 'periods_overlap', path: [period.index, 'start'] });
    }
  }),
);
const workingWeek = z.array(workingDay).check(z.length(7));
// Hijri and Gregorian dates written YYYY-MM-DD both compare as text.
const endsOnOrAfter = (range: { from: string; to: string }, context: z.core.$RefinementCtx) => {
  if (range.to < range.from)
    context.addIssue({ code: 'custom', message: 'ends_before_starts', path: ['to'] });
};
const rangeName = z.string().check(z.trim(), z.minLength(1), z.maxLength(80));
const calendarSchema = z.strictObject({
  timeZone: z
    .string()
    .check(
      z.refine((zone) => Intl.supportedValuesOf('timeZone').includes(zone), { message: 'invalid_value' }),
    ),
  week: workingWeek,
  ramadan: z.optional(
    z
      .array(
        z.strictObject({ hijriYear: z.number().check(z.int(), z.gte(1400), z.lte(1500)), week: workingWeek }),
      )
      .check(
        z.maxLength(50),
        z.refine((years) => new Set(years.map((year) => year.hijriYear)).size === years.length, {
          message: 'invalid_value',
        }),
      ),
  ),
  overrides: z
    .array(
      z
        .strictObject({ name: rangeName, from: gregorianDate, to: gregorianDate, week: workingWeek })
        .check(z.superRefine(endsOnOrAfter)),
    )
    .check(z.maxLength(50)),
  holidays: z
    .array(
      z
        .union([
          z.strictObject({
            name: rangeName,
            from: gregorianDate,
            to: gregorianDate,
            calendar: z.optional(z.literal('gregorian')),
          }),
          z.strictObject({ name: rangeName, from: hijriDate, to: hijriDate, calendar: z.literal('hijri') }),
        ])
        .check(z.superRefine(endsOnOrAfter)),
    )
    .check(z.maxLength(200)),
});

/** The business calendar: working weeks, Ramadan's, overrides and holidays. */
export const calendarRoutes: Record<string, StaffRoute> = {
  'GET /api/business-calendar': async (_event, deps) => json(200, (await deps.sla.load()).calendar),
  'PUT /api/business-calendar': async (event, deps, principal) => {
    assertMayManageRouting(principal);
    return json(200, await saveBusinessCalendar(deps, principal, validate(calendarSchema, parseJson(event))));
  },
};
