/**
 * The token of a link as it arrived: a phone that took the punctuation after a link into it (`….` or `…،`)
 * sends it along, and our tokens (base64url, dot-separated) never end in anything but a letter, digit, - or _.
 */
export function linkToken(text: string): string {
  return text.trim().replace(/[^A-Za-z0-9_-]+$/, '');
}
