import type { Locale } from '../lib/i18n/i18n.svelte.ts';

/** The reports' figures: whole and one-decimal numbers, percentages, durations and calendar days. */
export function formatters(locale: Locale) {
  const names = locale.tags;
  const integer = new Intl.NumberFormat(names.numbers, { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(names.numbers, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const percent = new Intl.NumberFormat(names.numbers, { style: 'percent', maximumFractionDigits: 1 });
  const dayOptions: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', timeZone: 'UTC' };
  const gregorian = new Intl.DateTimeFormat(names.gregorian, { ...dayOptions, year: 'numeric' });
  const gregorianShort = new Intl.DateTimeFormat(names.gregorian, dayOptions);
  const hijri = new Intl.DateTimeFormat(names.hijri, { ...dayOptions, year: 'numeric' });
  const dayDate = (day: string) => new Date(`${day}T00:00:00Z`);
  return {
    integer: (value: number) => integer.format(value),
    decimal: (value: number) => decimal.format(value),
    percent: (value: number | undefined) => (value === undefined ? '—' : percent.format(value / 100)),
    /** A duration in the largest sensible unit: minutes, hours or days. */
    duration(ms: number | undefined): string {
      if (ms === undefined) return '—';
      const minutes = ms / 60_000;
      if (minutes < 90) return locale.t('reports.minutes', { n: integer.format(Math.round(minutes)) });
      if (minutes < 48 * 60) return locale.t('reports.hours', { n: decimal.format(minutes / 60) });
      return locale.t('reports.days', { n: decimal.format(minutes / 1440) });
    },
    /** A calendar day as "25 Nov 2026 · 4 Jumada II 1448". */
    day: (day: string) => `${gregorian.format(dayDate(day))} · ${hijri.format(dayDate(day))}`,
    shortDay: (day: string) => gregorianShort.format(dayDate(day)),
  };
}

export type Formatters = ReturnType<typeof formatters>;
