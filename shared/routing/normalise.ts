import { toLatinDigits } from '../domain/digits.ts';

/**
 * Folds Arabic and English text so a keyword matches however it was typed: alef forms (أ إ آ ٱ → ا),
 * alef maqsura (ى → ي), taa marbuta (ة → ه), hamza seats (ؤ → و, ئ → ي), diacritics and tatweel removed,
 * invisible format characters (RLM, direction embeddings, zero-width spaces, which phones add) removed,
 * Arabic-Indic digits made Latin, case folded, white space collapsed.
 */
export function normaliseForMatching(text: string): string {
  return toLatinDigits(text)
    .normalize('NFKC')
    .replace(/[\u064B-\u065F\u0670\u06D6-\u06ED]/g, '')
    .replace(/\u0640/g, '')
    .replace(/\p{Cf}/gu, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
