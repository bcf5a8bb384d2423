/**
 * A day as beneficiaries read it: the Hijri date (Umm al-Qura, the Saudi civil calendar) with the Gregorian beside
 * it, on the society's clock (Asia/Riyadh), e.g. «الأحد ٢٦ جمادى الآخرة ١٤٤٨ هـ (٦ ديسمبر ٢٠٢٦م)». Every message to a
 * beneficiary that names a date names it this way.
 */
import { dateFormatOnFirstUse } from './date-format-on-first-use.ts';

export type DateLanguage = 'ar' | 'en';

const TIME_ZONE = 'Asia/Riyadh';

const HIJRI = {
  ar: dateFormatOnFirstUse('ar-SA-u-ca-islamic-umalqura-nu-arab', {
    timeZone: TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }),
  en: dateFormatOnFirstUse('en-GB-u-ca-islamic-umalqura-nu-latn', {
    timeZone: TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }),
};

const GREGORIAN = {
  ar: dateFormatOnFirstUse('ar-SA-u-ca-gregory-nu-arab', {
    timeZone: TIME_ZONE,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }),
  en: dateFormatOnFirstUse('en-GB-u-ca-gregory-nu-latn', {
    timeZone: TIME_ZONE,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }),
};

/** The parts we place ourselves: engines differ in their literals and era words, not in these. */
function parts(format: Intl.DateTimeFormat, at: Date): Record<'weekday' | 'day' | 'month' | 'year', string> {
  const found = { weekday: '', day: '', month: '', year: '' };
  for (const part of format.formatToParts(at)) {
    if (part.type in found) found[part.type as keyof typeof found] = part.value;
  }
  return found;
}

/** The Hijri date with the Gregorian in brackets, in Arabic (Arabic-Indic digits) or English. */
export function hijriWithGregorian(instant: string | Date, language: DateLanguage = 'ar'): string {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  const hijri = parts(HIJRI[language](), at);
  const gregorian = parts(GREGORIAN[language](), at);
  return language === 'ar'
    ? `${hijri.weekday} ${hijri.day} ${hijri.month} ${hijri.year} هـ (${gregorian.day} ${gregorian.month} ${gregorian.year}م)`
    : `${hijri.weekday} ${hijri.day} ${hijri.month} ${hijri.year} AH (${gregorian.day} ${gregorian.month} ${gregorian.year})`;
}
