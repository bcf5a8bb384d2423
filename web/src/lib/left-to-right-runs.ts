export interface Run {
  text: string;
  /**
   * A number (Latin or Arabic-Indic digits), a reference, a link or an English phrase: laid out left to right as
   * one isolated run, inside Arabic as inside English.
   */
  ltr: boolean;
  /** A number, or a short token without spaces (a reference, a phone): one box, never cut in two. */
  whole: boolean;
}

/**
 * Numbers of five or more characters, digits Latin or Arabic-Indic with a leading + and the spaces or hyphens
 * people group them with; else Latin material, from a Latin letter or digit to the last one, through the
 * punctuation of links and references and the spaces between English words.
 */
const LEFT_TO_RIGHT =
  /(\+?[0-9٠-٩][0-9٠-٩ -]{3,}[0-9٠-٩])|\+?[A-Za-z0-9](?:[A-Za-z0-9\-_.:/?=&%#@+~ ]*[A-Za-z0-9/])?/gu;

/** The longest token kept in one box; a longer one (a link) wraps. */
const WHOLE_TOKEN = 30;

/**
 * Text cut at its left-to-right runs, so each can be isolated: inside Arabic, a reference broken across two lines
 * otherwise shows its hyphen at the wrong end ("-SND-2026" / "000044"), and a number cut at a line's end reads as
 * "…67".
 */
export function leftToRightRuns(text: string): Run[] {
  const runs: Run[] = [];
  let from = 0;
  for (const match of text.matchAll(LEFT_TO_RIGHT)) {
    if (match.index > from) runs.push({ text: text.slice(from, match.index), ltr: false, whole: false });
    const [run, number] = match;
    runs.push({
      text: run,
      ltr: true,
      whole: number !== undefined || (run.length <= WHOLE_TOKEN && !/[\s/]/.test(run)),
    });
    from = match.index + run.length;
  }
  if (from < text.length) runs.push({ text: text.slice(from), ltr: false, whole: false });
  return runs;
}

const RIGHT_TO_LEFT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u;

/**
 * The direction `dir="auto"` would give the whole text, by its first letter: a block whose left-to-right runs are
 * isolated must be told it, since `auto` looks past isolated runs.
 */
export function directionOf(text: string): 'rtl' | 'ltr' | 'auto' {
  const letter = /\p{L}/u.exec(text)?.[0];
  if (!letter) return 'auto';
  return RIGHT_TO_LEFT.test(letter) ? 'rtl' : 'ltr';
}
