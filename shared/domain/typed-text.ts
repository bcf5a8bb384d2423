/**
 * Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what follows them, so a
 * name can show other than it is ("كشف\u202Efdp.exe" shows as "كشفexe.pdf"). The marks LRM and RLM only lean
 * neutral characters one way, and stay in text.
 */
const DIRECTION_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** A name or subject as it is kept and shown: without direction controls. */
export function withoutDirectionControls(text: string): string {
  return text.replace(DIRECTION_CONTROLS, '');
}

/**
 * Text shown as one line (a subject, a list's preview): without direction controls or control characters, each
 * run of spaces and line breaks one space.
 */
export function oneLine(text: string): string {
  // Control characters go before spaces are joined, so "a \u0000 b" is "a b", not "a  b".
  return withoutDirectionControls(text)
    .replace(/(?!\s)\p{Cc}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * What no file name needs: format characters (direction controls, LRM/RLM, zero-width spaces, the BOM) except
 * ZWNJ and ZWJ, which shape Arabic and Persian words; control characters; line and paragraph separators.
 */
const NOT_IN_FILE_NAMES = /(?![\u200C\u200D])\p{Cf}|[\p{Cc}\p{Zl}\p{Zp}]/gu;

/** A file's name as it is shown and offered for download; `fallback` when nothing of it is left. */
export function fileName(name: string, fallback: string): string {
  return name.replace(NOT_IN_FILE_NAMES, '').trim() || fallback;
}

/**
 * A field that holds nothing a person reads: absent, or only spaces, format and control characters, combining
 * marks (a shadda alone) or tatweel.
 */
export function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  return typeof value === 'string' && !/[^\s\p{Z}\p{Cf}\p{Cc}\p{M}\u0640]/u.test(value);
}

/** Half of a surrogate pair: not a character, and stores and browsers each read it their own way. */
const LONE_SURROGATE = /\p{Cs}/gu;
/** Only a `\uD800`–`\uDFFF` escape can put one in parsed JSON: text decoded from UTF-8 never holds one. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** JSON received from outside, with every lone surrogate (an emoji cut in two) replaced by U+FFFD. */
export function parseReceivedJson(text: string): unknown {
  if (!SURROGATE_ESCAPE.test(text)) return JSON.parse(text);
  return JSON.parse(text, (_key, value: unknown) =>
    typeof value === 'string' ? value.replace(LONE_SURROGATE, '\uFFFD') : value,
  );
}
