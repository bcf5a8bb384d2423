import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { CountryCode } from 'libphonenumber-js';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { PHONE_COUNTRIES, PHONE_METADATA_FILE, phoneMetadataText } from '../../infra/phone-metadata.ts';
import { normalisePhone } from '../../shared/domain/phone.ts';
import generated from '../../shared/domain/phone-metadata.json' with { type: 'json' };

/** What every country's metadata (libphonenumber-js/min, what normalisePhone used before #20) makes of a number. */
function everyCountryReads(text: string): string | undefined {
  const parsed = parsePhoneNumberFromString(text, 'SA');
  return parsed?.isValid() ? parsed.number : undefined;
}

/** Each country's example mobile number, in E.164. */
const exampleNumbers = Object.entries(examples).map(([country, national]) => {
  const number = parsePhoneNumberFromString(national, country as CountryCode)?.number;
  if (!number) throw new Error(`no example for ${country}`);
  return [country as CountryCode, number] as const;
});
const slicedCodes = Object.keys(generated.libphonenumber.country_calling_codes);

describe('the phone metadata', () => {
  it('is what `npm run phone-metadata` makes of the installed libphonenumber-js', () => {
    expect(readFileSync(PHONE_METADATA_FILE, 'utf8')).toBe(phoneMetadataText());
  });

  it('holds every chosen country, with all those that share its calling code', () => {
    const sliced = Object.keys(generated.libphonenumber.countries);
    expect(sliced).toEqual(expect.arrayContaining([...PHONE_COUNTRIES, 'CA', 'JM', 'GG', 'JE', 'IM']));
    expect(generated.otherCallingCodes.split(' ')).not.toContain('966');
    expect(generated.otherCallingCodes.split(' ')).toEqual(expect.arrayContaining(['55', '81', '7', '800']));
  });
});

describe('normalisePhone', () => {
  it.each([
    '0501234567',
    '501234567',
    '966501234567',
    '+966501234567',
    '00966501234567',
    '+966 50 123 4567',
    '050-123-4567',
    '(050) 123 4567',
    '\u200e+966 50 123 4567\u200f',
    '٠٥٠١٢٣٤٥٦٧',
    '۰۵۰۱۲۳۴۵۶۷',
    '+٩٦٦٥٠١٢٣٤٥٦٧',
  ])('reads the Saudi mobile %j', (text) => {
    expect(normalisePhone(text)).toBe('+966501234567');
  });

  it.each([
    ['011 234 5678', '+966112345678'],
    ['012 234 5678', '+966122345678'],
    ['920012345', '+966920012345'],
    ['800 123 4567', '+9668001234567'],
  ])('reads the Saudi landline or service number %j', (text, expected) => {
    expect(normalisePhone(text)).toBe(expected);
  });

  it.each([
    ['+967 771 234 567', '+967771234567'],
    ['00967771234567', '+967771234567'],
    ['+20 100 123 4567', '+201001234567'],
    ['+92 300 1234567', '+923001234567'],
    ['+91 98765 43210', '+919876543210'],
    ['+63 917 123 4567', '+639171234567'],
    ['+44 7911 123456', '+447911123456'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+1 202 555 0143', '+12025550143'],
    ['+1 416 555 0123', '+14165550123'],
    ['+1 876 555 1234', '+18765551234'],
  ])(
    'checks %j against its country (Yemen, Egypt, Pakistan, India, the Philippines, UK, US, Canada, Jamaica)',
    (text, expected) => {
      expect(normalisePhone(text)).toBe(expected);
    },
  );

  it.each([
    '+966 50 123 4',
    '0501234',
    '+967 771 234',
    '+20 100 123',
    '+1 123 456 7890',
    '+44 7911 12345',
    '+92 300 123',
  ])('refuses %j, which its country does not number', (text) => {
    expect(normalisePhone(text)).toBeUndefined();
  });

  it.each([
    ['+55 11 91234-5678', '+5511912345678'],
    ['0055 11 91234 5678', '+5511912345678'],
    ['+81 90 1234 5678', '+819012345678'],
    ['+7 912 345 67 89', '+79123456789'],
  ])('keeps %j, outside the checked countries, on its E.164 shape', (text, expected) => {
    expect(normalisePhone(text)).toBe(expected);
  });

  it.each(['+55 1234', '+55 1234 5678 9012 345', '+999 123 456 789', '+0 501 234 567', '+28 1234 5678'])(
    'refuses %j: too short or long, or no calling code',
    (text) => {
      expect(normalisePhone(text)).toBeUndefined();
    },
  );

  it.each([
    '',
    'abc',
    '123',
    '+',
    '++966501234567',
    '0501234567x',
    '0501234567 ext 5',
    '05O1234567',
    '٠٥٠١٢٣٤٥٦٧🙂',
  ])('refuses %j', (text) => {
    expect(normalisePhone(text)).toBeUndefined();
  });

  it('keeps every country example number, checked or not', () => {
    for (const [country, number] of exampleNumbers) expect(normalisePhone(number), country).toBe(number);
  });

  it('reads every number under the checked calling codes as every country’s metadata does', () => {
    fc.assert(
      fc.property(fc.constantFrom(...slicedCodes), fc.stringMatching(/^\d{3,13}$/), (code, digits) => {
        expect(normalisePhone(`+${code}${digits}`)).toBe(everyCountryReads(`+${code}${digits}`));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads every Saudi local form as every country’s metadata does', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^0?[1-9]\d{5,10}$/), (digits) => {
        expect(normalisePhone(digits)).toBe(everyCountryReads(digits));
      }),
      { numRuns: 3000 },
    );
  });
});
