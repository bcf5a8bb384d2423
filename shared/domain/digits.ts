const ARABIC_INDIC = '٠١٢٣٤٥٦٧٨٩';
const EASTERN_ARABIC_INDIC = '۰۱۲۳۴۵۶۷۸۹';

/** Beneficiaries type Arabic-Indic digits as often as Latin ones; the domain keeps Latin digits. */
export function toLatinDigits(text: string): string {
  return text.replace(/[٠-٩۰-۹]/g, (digit) => {
    const index = ARABIC_INDIC.indexOf(digit);
    return String(index >= 0 ? index : EASTERN_ARABIC_INDIC.indexOf(digit));
  });
}

/** Latin digits written in Arabic-Indic ones, as Arabic texts to beneficiaries write their dates. */
export function toArabicIndicDigits(text: string): string {
  return text.replace(/[0-9]/g, (digit) => ARABIC_INDIC[Number(digit)] ?? digit);
}

/** How Arabic names a counted thing: alone (one, two), or after its number (3–10 `few`, 11 and more `other`). */
export type CountedForms = Record<'one' | 'two' | 'few' | 'other', string>;

/** A count in Arabic, by its plural rules: يوم واحد, يومين, ٣–١٠ أيام, ١٤ يوماً; numbers in Arabic-Indic digits. */
export function countedAr(count: number, forms: CountedForms): string {
  const category = new Intl.PluralRules('ar').select(count);
  if (category === 'one' || category === 'two') return forms[category];
  return `${toArabicIndicDigits(String(count))} ${category === 'few' ? forms.few : forms.other}`;
}

/** Days, as the texts to beneficiaries count them after «خلال». */
export const DAYS: CountedForms = { one: 'يوم واحد', two: 'يومين', few: 'أيام', other: 'يوماً' };

/** Deliveries of a planned series, as a delivery notice counts those left. */
export const DELIVERIES: CountedForms = { one: 'دفعة واحدة', two: 'دفعتان', few: 'دفعات', other: 'دفعة' };

/**
 * A number typed in decimal digits, Latin or Arabic-Indic, with at most one decimal point (`.` or `٫`) and
 * optional thousands separators (`,` `٬` or spaces). Anything else — hex `0x10`, exponents `1e3`, signs,
 * `Infinity` — is not a number a person types on a form, and answers undefined.
 */
export function parseDecimal(text: string): number | undefined {
  const plain = toLatinDigits(text.trim())
    .replace('٫', '.')
    .replace(/[,٬\s]/g, '');
  return /^\d{1,15}(\.\d{1,6})?$/.test(plain) ? Number(plain) : undefined;
}

/** A whole number in decimal digits only (a query's `limit`, a path's index). */
export function parseDecimalInteger(text: string): number | undefined {
  const plain = toLatinDigits(text.trim());
  return /^\d{1,15}$/.test(plain) ? Number(plain) : undefined;
}
