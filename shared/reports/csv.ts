/** Byte-order mark: without it Excel reads UTF-8 as a legacy code page and Arabic turns to mojibake. */
export const UTF8_BOM = '\uFEFF';

export type CsvValue = string | number | boolean | undefined | null;

/**
 * RFC 4180 field: quoted when it holds a separator a spreadsheet may split on (comma, semicolon — Excel's in
 * Arabic locales —, tab), a quote or a line break; quotes doubled.
 */
export function csvField(value: CsvValue): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  // A leading =, +, - or @ makes spreadsheets evaluate the cell as a formula; a quote mark keeps it text.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",;\t\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A whole CSV document: BOM, header row, CRLF line ends (what Excel and RFC 4180 expect). */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
