export interface Run {
  text: string;
  /** A phone number, reference or other run of digits: laid out left to right and never cut in two. */
  number: boolean;
}

/** Digits (Latin or Arabic-Indic), with a leading + and the spaces or hyphens people group them with. */
const NUMBER = /(\+?[0-9٠-٩][0-9٠-٩ -]{3,}[0-9٠-٩])/u;

/** Text cut into runs of numbers of five or more characters and the text around them. */
export function numberRuns(text: string): Run[] {
  return text
    .split(NUMBER)
    .filter((part) => part !== '')
    .map((part) => ({ text: part, number: NUMBER.test(part) && part.trim() === part }));
}

export interface LatinRun {
  text: string;
  /** Latin letters and digits (a reference, a link, a phone number, an English phrase): set apart left to right. */
  ltr: boolean;
}

/**
 * Latin material: from a Latin letter or digit (or a phone's +) to the last one, through the punctuation of links
 * and references and the spaces between English words.
 */
const LATIN = /\+?[A-Za-z0-9](?:[A-Za-z0-9\-_.:/?=&%#@+~ ]*[A-Za-z0-9/])?/g;

/**
 * Text cut at its Latin runs, so each can be isolated left to right: inside Arabic, a reference broken across
 * two lines otherwise shows its hyphen at the wrong end ("-SND-2026" / "000044").
 */
export function latinRuns(text: string): LatinRun[] {
  const runs: LatinRun[] = [];
  let from = 0;
  for (const match of text.matchAll(LATIN)) {
    if (match.index > from) runs.push({ text: text.slice(from, match.index), ltr: false });
    runs.push({ text: match[0], ltr: true });
    from = match.index + match[0].length;
  }
  if (from < text.length) runs.push({ text: text.slice(from), ltr: false });
  return runs;
}

const RIGHT_TO_LEFT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u;

/**
 * The direction `dir="auto"` would give the whole text, by its first letter: a block whose Latin runs are isolated
 * must be told it, since `auto` looks past isolated runs.
 */
export function directionOf(text: string): 'rtl' | 'ltr' | 'auto' {
  const letter = /\p{L}/u.exec(text)?.[0];
  if (!letter) return 'auto';
  return RIGHT_TO_LEFT.test(letter) ? 'rtl' : 'ltr';
}
