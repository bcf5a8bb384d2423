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
