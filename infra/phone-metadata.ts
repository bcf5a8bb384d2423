/**
 * `npm run phone-metadata`: writes shared/domain/phone-metadata.json, the slice of libphonenumber-js's `min`
 * metadata that normalisePhone reads numbers with, so a function that reads a phone carries a few KB of
 * numbering plans instead of the whole world's. tests/pure/phone.test.ts regenerates it from the installed
 * libphonenumber-js and fails when the committed file differs: after upgrading libphonenumber-js, run this.
 */

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CountryCode, MetadataJson } from 'libphonenumber-js/core';
import everyCountry from 'libphonenumber-js/min/metadata';

/**
 * Whose numbers are checked digit by digit: Saudi Arabia, the Gulf, the Arab states, the largest resident
 * communities (workers, and poor families among them: Myanmar's Rohingya and Chad's community in Makkah and
 * Jeddah), and the UK and US for donors. A number under any other calling code is kept on its E.164 shape alone.
 */
export const PHONE_COUNTRIES: readonly CountryCode[] = [
  // Saudi Arabia and the Gulf
  ...countries('SA AE KW QA BH OM'),
  // The Arab states
  ...countries('YE EG SD JO SY LB IQ PS MA DZ TN LY MR SO DJ KM'),
  // Resident communities
  ...countries('PK IN BD ID PH LK NP ET ER TR AF NG MM TD'),
  // Donors abroad
  ...countries('GB US'),
];

export const PHONE_METADATA_FILE = fileURLToPath(
  new URL('../shared/domain/phone-metadata.json', import.meta.url),
);

/** The file's text: the numbering plans, then every other assigned calling code (space-separated). */
export function phoneMetadataText(): string {
  const codes = [...new Set(PHONE_COUNTRIES.map((country) => callingCodeOf(country)))];
  // Every country sharing a calling code comes along (+1: Canada and the Caribbean; +44: the Channel Islands):
  // with part of a shared plan, libphonenumber would refuse the rest's numbers rather than leave them to the
  // shape check.
  const groups = codes.map((code) => [code, everyCountry.country_calling_codes[code] ?? []] as const);
  const members = groups.flatMap(([, group]) => group).sort();
  const others = [
    ...Object.keys(everyCountry.country_calling_codes),
    ...Object.keys(everyCountry.nonGeographic),
  ].filter((code) => !codes.includes(code));
  const plans = members.map(
    (country) => `   ${JSON.stringify(country)}: ${JSON.stringify(withoutFormats(country))}`,
  );
  return [
    '{',
    ' "libphonenumber": {',
    `  "version": ${JSON.stringify(everyCountry.version)},`,
    `  "country_calling_codes": ${JSON.stringify(Object.fromEntries(groups))},`,
    '  "countries": {',
    plans.join(',\n'),
    '  },',
    '  "nonGeographic": {}',
    ' },',
    ` "otherCallingCodes": ${JSON.stringify(others.sort().join(' '))}`,
    '}',
    '',
  ].join('\n');
}

/** Country codes, space-separated; planOf refuses any libphonenumber-js does not know. */
function countries(list: string): CountryCode[] {
  return list.split(' ') as CountryCode[];
}

function planOf(country: CountryCode): NonNullable<MetadataJson['countries'][CountryCode]> {
  const plan = everyCountry.countries[country];
  if (!plan) throw new Error(`libphonenumber-js has no numbering plan for ${country}`);
  return plan;
}

/**
 * A plan without its display formats (a third of the slice): normalisePhone only reads to E.164, and
 * libphonenumber-js reads a 0 there as "no formats of its own", as it stores Canada's. Their place is fixed by
 * the metadata's format version, checked here so a new layout fails the generation rather than misread it.
 */
function withoutFormats(country: CountryCode): unknown[] {
  if (everyCountry.version !== 4)
    throw new Error(`unknown libphonenumber-js metadata ${everyCountry.version}`);
  const plan = [...planOf(country)];
  plan[4] = 0;
  return plan;
}

function callingCodeOf(country: CountryCode): string {
  const code = planOf(country)[0];
  if (typeof code !== 'string')
    throw new Error(`libphonenumber-js's plan for ${country} has no calling code`);
  return code;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(PHONE_METADATA_FILE, phoneMetadataText());
  console.log(`wrote ${PHONE_METADATA_FILE}`);
}
