/**
 * An Intl date formatter made the first time it is asked for. The first one a process makes loads ICU's calendar
 * and time-zone data (about 9 ms), which a function that formats no date should not pay while it starts.
 */
export function dateFormatOnFirstUse(
  locale: string,
  options: Intl.DateTimeFormatOptions,
): () => Intl.DateTimeFormat {
  let format: Intl.DateTimeFormat | undefined;
  return () => {
    format ??= new Intl.DateTimeFormat(locale, options);
    return format;
  };
}
