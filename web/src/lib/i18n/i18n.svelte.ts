import { CHANNELS, type Channel } from '../../../../shared/domain/channel.ts';
import { branches } from '../state/branches.svelte.ts';
import { ar, type MessageKey } from './ar.ts';
import { en } from './en.ts';
import { type Message, pluralForm } from './plural.ts';

// Unicode isolates by code point: the Svelte compiler warns on the characters written in source.
const LEFT_TO_RIGHT_ISOLATE = String.fromCodePoint(0x2066);
const FIRST_STRONG_ISOLATE = String.fromCodePoint(0x2068);
const POP_DIRECTIONAL_ISOLATE = String.fromCodePoint(0x2069);
const ARABIC_INDIC = '٠١٢٣٤٥٦٧٨٩';

export type Language = 'ar' | 'en';

/**
 * The society's clock, which every date and time is shown on, as a help desk shows its account's zone: a message,
 * a window's end and an appointment read as the society and its beneficiaries read them (the texts they get say
 * Riyadh time), wherever a reader's computer is set (a visit at 01:00 in Riyadh is on the day before in London).
 */
export const SOCIETY_TIME_ZONE = 'Asia/Riyadh';

/**
 * A time on the society's clock as a date-time picker gives it (`2026-12-04T09:00`), as an instant: 09:00 in
 * Riyadh whatever the browser's clock says. Riyadh keeps UTC+03:00 all year (no summer time).
 */
export const societyInstant = (local: string): string =>
  new Date(`${/T\d{2}:\d{2}$/.test(local) ? `${local}:00` : local}+03:00`).toISOString();

const CATALOGUES: Record<Language, Record<MessageKey, Message>> = { ar, en };
const KEY = 'sanad.language';
const DIGITS_KEY = 'sanad.digits';

/** Arabic-Indic (٠١٢) or Latin (012) digits in Arabic, as each member of staff prefers; English uses Latin. */
export type Digits = 'arab' | 'latn';

/** Locale tags for numbers and both calendars: ar-SA would default to the Hijri calendar, so Gregorian is explicit. */
function tagsOf(language: Language, digits: Digits) {
  if (language === 'en')
    return { numbers: 'en-GB', gregorian: 'en-GB-u-ca-gregory', hijri: 'en-GB-u-ca-islamic-umalqura' };
  return {
    numbers: `ar-SA-u-nu-${digits}`,
    gregorian: `ar-SA-u-ca-gregory-nu-${digits}`,
    hijri: `ar-SA-u-ca-islamic-umalqura-nu-${digits}`,
  };
}

/** The inbox's language: catalogue look-ups, numbers and dates, and the document's `lang`/`dir`. */
export class Locale {
  language = $state<Language>((localStorage.getItem(KEY) as Language | null) === 'en' ? 'en' : 'ar');
  dir = $derived(this.language === 'ar' ? 'rtl' : 'ltr');
  digits = $state<Digits>(localStorage.getItem(DIGITS_KEY) === 'latn' ? 'latn' : 'arab');
  /** The digits the page shows: Arabic's follow the setting. */
  shownDigits = $derived<Digits>(this.language === 'ar' ? this.digits : 'latn');
  tags = $derived(tagsOf(this.language, this.digits));

  /** A message in the page's language; a plural message takes its form from the `count` parameter. */
  t = (key: MessageKey, params: Record<string, string | number> = {}): string => {
    const message = CATALOGUES[this.language][key] as Message | undefined;
    // A key built from data this inbox has no words for (a newer server's kind): shown as it is, never a crash.
    if (message === undefined) return key;
    const text =
      typeof message === 'string' ? message : pluralForm(message, this.language, Number(params.count ?? 0));
    return text.replace(/\{(\w+)\}/g, (_, name: string) =>
      name in params ? this.formatValue(params[name] as string | number) : `{${name}}`,
    );
  };

  /** A channel's name, the same on every page (reports name channels by their stored string). */
  channel = (channel: string): string =>
    (CHANNELS as readonly string[]).includes(channel) ? this.t(`channel.${channel as Channel}`) : channel;

  /** A queue's or branch's name in the page's language. */
  name = (named: { nameAr: string; nameEn: string }): string =>
    this.language === 'ar' ? named.nameAr : named.nameEn;

  /** A branch's name by its id; undefined for an id the society does not have. */
  branch = (id: string): string | undefined => {
    const branch = branches.byId(id);
    return branch && this.name(branch);
  };

  setLanguage(language: Language): void {
    this.language = language;
    localStorage.setItem(KEY, language);
    document.documentElement.lang = language;
    document.documentElement.dir = this.dir;
  }

  setDigits(digits: Digits): void {
    this.digits = digits;
    localStorage.setItem(DIGITS_KEY, digits);
  }

  /**
   * A left-to-right token (a reference, phone, email, address, version) set inside a sentence, isolated as
   * `<bdi dir="ltr">` would be, so the sentence around it keeps its order in Arabic.
   */
  ltr = (token: string): string => `${LEFT_TO_RIGHT_ISOLATE}${token}${POP_DIRECTIONAL_ISOLATE}`;

  /** Words in whichever direction they were written (staff's, a beneficiary's), isolated from the sentence. */
  isolated = (words: string): string => `${FIRST_STRONG_ISOLATE}${words}${POP_DIRECTIONAL_ISOLATE}`;

  number = (value: number): string => new Intl.NumberFormat(this.tags.numbers).format(value);

  /** Digits that are not a quantity (the 05 a mobile number starts with) in the page's digits, zeros kept. */
  numerals = (text: string): string =>
    this.shownDigits === 'arab'
      ? text.replace(/[0-9]/g, (digit) => ARABIC_INDIC[Number(digit)] ?? digit)
      : text;

  /** Gregorian date and time, e.g. ٢٥‏/١١‏/٢٠٢٦ ٩:٠٥ م, on the society's clock. */
  dateTime = (iso: string): string =>
    new Intl.DateTimeFormat(this.tags.gregorian, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: SOCIETY_TIME_ZONE,
    }).format(new Date(iso));

  /** Gregorian date alone, e.g. ١‏/١‏/٢٠٢٧; a day (YYYY-MM-DD) is read as that day on the society's clock. */
  date = (isoOrDay: string): string =>
    new Intl.DateTimeFormat(this.tags.gregorian, { dateStyle: 'medium', timeZone: SOCIETY_TIME_ZONE }).format(
      instantOf(isoOrDay),
    );

  /** The Hijri (Umm al-Qura) date shown beside the Gregorian one, on the same clock. */
  hijri = (iso: string): string =>
    new Intl.DateTimeFormat(this.tags.hijri, { dateStyle: 'medium', timeZone: SOCIETY_TIME_ZONE }).format(
      instantOf(iso),
    );

  /** Short list time: the time today, else the date. */
  shortTime = (iso: string, now = new Date()): string => {
    const date = new Date(iso);
    const dayOf = (instant: Date) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: SOCIETY_TIME_ZONE }).format(instant);
    const sameDay = dayOf(date) === dayOf(now);
    return new Intl.DateTimeFormat(
      this.tags.gregorian,
      sameDay
        ? { timeStyle: 'short', timeZone: SOCIETY_TIME_ZONE }
        : { day: 'numeric', month: 'short', timeZone: SOCIETY_TIME_ZONE },
    ).format(date);
  };

  private formatValue(value: string | number): string {
    return typeof value === 'number' ? this.number(value) : value;
  }
}

export const locale = new Locale();

/** An instant, or a calendar day taken at its noon in UTC: the same day on any clock from UTC−11 to UTC+11. */
function instantOf(isoOrDay: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(isoOrDay) ? `${isoOrDay}T12:00:00Z` : isoOrDay);
}

/** A piece of a sentence: plain text, or a left-to-right token that `ltr` isolated. */
export interface SentencePart {
  text: string;
  ltr: boolean;
}

const ISOLATED_TOKEN = /\u2066([^\u2069]*)\u2069/;

/**
 * A sentence cut at its isolated tokens, so a page can set each in its own `<bdi dir="ltr">`: an element isolates
 * in every engine and on paper, where the invisible isolate characters may be dropped or ignored.
 */
export function sentenceParts(sentence: string): SentencePart[] {
  return sentence
    .split(ISOLATED_TOKEN)
    .map((text, index) => ({ text, ltr: index % 2 === 1 }))
    .filter((part) => part.text !== '');
}
