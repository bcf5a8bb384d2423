import { toLatinDigits } from './digits.ts';

/** Ticket references: SND-YYYY-NNNNNN, numbered per year from an atomic counter. */
const REFERENCE_PATTERN = /SND-(\d{4})-(\d{6,})/;

export function formatReference(year: number, sequence: number): string {
  return `SND-${year}-${String(sequence).padStart(6, '0')}`;
}

/** Finds a reference token such as `[#SND-2026-000123]` (or the bare reference) in a subject or text. */
export function findReference(text: string): string | undefined {
  const match = REFERENCE_PATTERN.exec(text);
  return match ? match[0] : undefined;
}

export function isReference(text: string): boolean {
  return new RegExp(`^${REFERENCE_PATTERN.source}$`).test(text);
}

/** What a person typed for a reference: the number, and the year when they gave one. */
export interface TypedReference {
  year?: number;
  sequence: number;
}

/**
 * Reads a reference as people type it: `SND-2026-002054`, `2026-2054`, `snd 2054`, `2054` or `٢٠٥٤` (Latin or
 * Arabic-Indic digits, any case, dashes, spaces or none). Undefined when it is not a reference at all.
 */
export function parseTypedReference(text: string): TypedReference | undefined {
  const plain = toLatinDigits(text)
    .trim()
    .toUpperCase()
    .replace(/^#/, '')
    .replace(/^SND/, '')
    .replace(/[\s\-_/.ـ]+/g, ' ')
    .trim();
  const parts = plain.split(' ').filter(Boolean);
  let year: number | undefined;
  let digits: string | undefined;
  if (parts.length === 2 && /^20\d{2}$/.test(parts[0] ?? '')) [year, digits] = [Number(parts[0]), parts[1]];
  else if (parts.length === 1 && /^20\d{2}\d{6}$/.test(parts[0] ?? ''))
    [year, digits] = [Number(parts[0]?.slice(0, 4)), parts[0]?.slice(4)];
  else if (parts.length === 1) digits = parts[0];
  if (!digits || !/^\d{1,7}$/.test(digits) || Number(digits) === 0) return undefined;
  return { ...(year !== undefined && { year }), sequence: Number(digits) };
}

/**
 * The references a typed one may mean, most likely first: its own year, or (a number alone) this year's and
 * last year's, since a request made in December is still followed in January.
 */
export function referenceCandidates(typed: TypedReference, today: Date): string[] {
  const thisYear = today.getUTCFullYear();
  const years = typed.year === undefined ? [thisYear, thisYear - 1] : [typed.year];
  return years.map((year) => formatReference(year, typed.sequence));
}
