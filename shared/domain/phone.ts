import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { toLatinDigits } from './digits.ts';

/**
 * Normalises a phone number to E.164, reading Saudi local forms (05…, 9665…, 009665…) and Arabic-Indic digits.
 * Returns undefined for anything that is not a valid number.
 */
export function normalisePhone(input: string, defaultCountry: 'SA' = 'SA'): string | undefined {
  let text = toLatinDigits(input).replace(/[\s\-().]/g, '');
  if (text.startsWith('00')) text = `+${text.slice(2)}`;
  if (/^9665\d{8}$/.test(text)) text = `+${text}`;
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  return parsed?.isValid() ? parsed.number : undefined;
}
