import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { toLatinDigits } from './digits.ts';

/**
 * Normalises a phone number to E.164, reading Saudi local forms (05…, 9665…, 009665…) and Arabic-Indic digits.
 * Returns undefined for anything that is not a valid number, or holds anything besides the number.
 */
export function normalisePhone(input: string, defaultCountry: 'SA' = 'SA'): string | undefined {
  // Separators people type, and the invisible direction marks Arabic text fields add around numbers.
  let text = toLatinDigits(input).replace(/[\s\-().\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  // A phone and nothing else: libphonenumber would read a number out of `0551234567; DROP` or `0111234567x`.
  if (!/^\+?\d{4,20}$/.test(text)) return undefined;
  if (text.startsWith('00')) text = `+${text.slice(2)}`;
  if (/^9665\d{8}$/.test(text)) text = `+${text}`;
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  return parsed?.isValid() ? parsed.number : undefined;
}
