import { toLatinDigits } from './digits.ts';

/** Words too common to narrow a search. */
const STOP_WORDS = new Set(['في', 'من', 'على', 'عن', 'الى', 'الي', 'مع', 'the', 'and', 'for', 'of']);
const MAX_TOKENS = 30;
/**
 * Longer "words" (a pasted link, a run of one letter) are nobody's search, and a word item's key holds at most
 * 2,048 bytes: indexing one would fail the whole ticket's indexing.
 */
const MAX_WORD_LENGTH = 64;

/**
 * Folds the spellings of one Arabic word together, as people type them: diacritics and tatweel dropped,
 * أ/إ/آ → ا, ة → ه, ى → ي, ؤ → و, ئ → ي; Latin lower-cased, digits made Latin.
 */
export function foldArabic(text: string): string {
  return toLatinDigits(text)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/[أإآ]/g, 'ا')
    .replace(/ة/g, 'ه')
    .replace(/ى/g, 'ي')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي');
}

/**
 * The words of a name, subject or message a search can find it by: folded, at least two letters, without stop
 * words; at most `limit` of them (a search's own words are few, a message's many).
 */
export function searchTokens(text: string, limit = MAX_TOKENS): string[] {
  const words = foldArabic(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 2 && word.length <= MAX_WORD_LENGTH && !STOP_WORDS.has(word));
  // "الزهراني" is also searched as "زهراني": the article is a prefix people often leave out.
  const withoutArticle = words
    .filter((word) => word.startsWith('ال') && word.length > 4)
    .map((word) => word.slice(2));
  return [...new Set([...words, ...withoutArticle])].slice(0, limit);
}

/**
 * Common Arabic function words (folded) that the word index leaves out: nearly every message has them, so each
 * would cost a write per ticket and narrow no search.
 */
const INDEX_STOP_WORDS = new Set([
  'هذا',
  'هذه',
  'ذلك',
  'تلك',
  'الذي',
  'التي',
  'الذين',
  'لم',
  'لن',
  'ما',
  'لا',
  'هل',
  'قد',
  'ثم',
  'او',
  'ان',
  'اذا',
  'كان',
  'كانت',
  'يتم',
  'تم',
  'متي',
  'كل',
  'بعد',
  'قبل',
  'عند',
  'حتي',
  'انا',
  'نحن',
  'هو',
  'هي',
  'انه',
  'لكن',
  'بين',
  'غير',
  'عليكم',
  'يا',
  'به',
  'بها',
  'له',
  'لها',
  'لي',
  'منه',
  'فيه',
  'عليه',
]);

/**
 * The words the search index keeps and a search looks up: `searchTokens` with the article folded away
 * ("الزهراني" is kept and looked up as "زهراني", so either spelling finds the other) and without the common
 * function words, so a ticket costs one index item per word that can narrow a search.
 */
export function indexWords(text: string, limit = MAX_TOKENS): string[] {
  const words = searchTokens(text, Number.POSITIVE_INFINITY)
    .map((word) => (word.startsWith('ال') && word.length > 4 ? word.slice(2) : word))
    .filter((word) => !INDEX_STOP_WORDS.has(word));
  return [...new Set(words)].slice(0, limit);
}

/**
 * The words a search looks up, each with the spellings it may have been written in: the hamza's seat after a
 * و or a ي varies by school (مسؤول and مسئول are one word), so a word written with either seat is also looked up
 * with the other. A search's own words are few; the index keeps one spelling of each.
 */
export function searchSpellings(text: string, limit = MAX_TOKENS): string[][] {
  const words = indexWords(text, limit);
  if (!/[ؤئ]/.test(text)) return words.map((word) => [word]);
  const swapped = indexWords(
    text.replace(/[ؤئ]/g, (seat) => (seat === 'ؤ' ? 'ئ' : 'ؤ')),
    limit,
  );
  // Swapping seats changes no word into another's place; if it ever did, the plain spellings stand alone.
  if (swapped.length !== words.length) return words.map((word) => [word]);
  return words.map((word, index) => [...new Set([word, swapped[index] as string])]);
}

/**
 * The courtesies nearly every message opens or closes with ("السلام عليكم … وأرجو الإفادة … جزاكم الله خيرا"): left
 * out of a message's and a subject's words, never of a name or a search (سلام and رجاء are also given names).
 */
const MESSAGE_COURTESIES = new Set([
  'سلام',
  'مرحبا',
  'شكرا',
  'ارجو',
  'وارجو',
  'نرجو',
  'رجاء',
  'سمحت',
  'سمحتم',
  'جزاكم',
  'خيرا',
]);

/** The words a message is indexed under: `indexWords` without the courtesies every message carries. */
export function messageWords(text: string, limit = MAX_TOKENS): string[] {
  return indexWords(text, Number.POSITIVE_INFINITY)
    .filter((word) => !MESSAGE_COURTESIES.has(word))
    .slice(0, limit);
}
