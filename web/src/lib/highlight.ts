import { foldArabic, searchTokens } from '../../../shared/domain/search-tokens.ts';

export interface Piece {
  text: string;
  match: boolean;
}

/**
 * Text cut into pieces, the words a search found marked: a word matches when its folded spelling is one of the
 * search's words, with or without the article, as the word index matched it.
 */
export function highlight(text: string, term: string): Piece[] {
  const wanted = new Set(searchTokens(term));
  if (wanted.size === 0) return [{ text, match: false }];
  return text
    .split(/([\p{L}\p{M}\p{N}]+)/u)
    .filter((part) => part !== '')
    .map((part) => {
      const folded = foldArabic(part);
      return {
        text: part,
        match: wanted.has(folded) || (folded.startsWith('ال') && wanted.has(folded.slice(2))),
      };
    });
}
