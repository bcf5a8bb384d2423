/** The report periods staff pick most: today, the last 7 or 30 days, and the current Hijri month. */
export const PRESETS = ['today', 'week', 'month', 'hijriMonth'] as const;
export type Preset = (typeof PRESETS)[number];

const DAY_MS = 86_400_000;
const dayBefore = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);

const hijriDayOfMonth = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura-nu-latn', {
  day: 'numeric',
  timeZone: 'UTC',
});

/** The first day (Gregorian, YYYY-MM-DD) of the Umm al-Qura month that `day` falls in. */
export function hijriMonthStart(day: string): string {
  const dayOfMonth = Number(hijriDayOfMonth.format(new Date(`${day}T00:00:00Z`)));
  return dayBefore(day, dayOfMonth - 1);
}

/** The days a preset covers, ending `today` (a Riyadh calendar day). */
export function presetRange(preset: Preset, today: string): { from: string; to: string } {
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'week':
      return { from: dayBefore(today, 6), to: today };
    case 'month':
      return { from: dayBefore(today, 29), to: today };
    case 'hijriMonth':
      return { from: hijriMonthStart(today), to: today };
  }
}
