import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal, parseDecimalInteger } from '../../shared/domain/digits.ts';
import { normalisePhone } from '../../shared/domain/phone.ts';
import { csvField, toCsv } from '../../shared/reports/csv.ts';

describe('normalisePhone', () => {
  it('reads the forms beneficiaries type', () => {
    for (const text of ['0551234567', '055 123 4567', '+966551234567', '00966551234567', '٠٥٥١٢٣٤٥٦٧'])
      expect(normalisePhone(text), text).toBe('+966551234567');
  });

  it('refuses any text beside the number', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('0551234567', '+966551234567', '0111234567'),
        fc.stringMatching(/^[a-zA-Z;<>'"=*#,x]+$/),
        fc.boolean(),
        (phone, extra, before) => {
          expect(normalisePhone(before ? `${extra}${phone}` : `${phone}${extra}`)).toBeUndefined();
        },
      ),
    );
  });
});

describe('parseDecimal', () => {
  it('reads what a person types, in Latin or Arabic-Indic digits', () => {
    expect(parseDecimal('16')).toBe(16);
    expect(parseDecimal('١٦')).toBe(16);
    expect(parseDecimal('2,500')).toBe(2500);
    expect(parseDecimal('٢٬٥٠٠٫٥')).toBe(2500.5);
  });

  it('refuses what Number() would read but a person does not write', () => {
    for (const text of ['0x10', '0b11', '0o7', '1e3', 'Infinity', '-1', '+1', '', ' ', '.5', '1.'])
      expect(parseDecimal(text), text).toBeUndefined();
  });

  it('round-trips every whole number it is given in decimal, and nothing else reaches Number()', () => {
    fc.assert(
      fc.property(fc.nat(), (value) => {
        expect(parseDecimalInteger(String(value))).toBe(value);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        const value = parseDecimal(text);
        if (value !== undefined) expect(toLatinOnly(text)).toMatch(/^[\d.,\s]+$/);
      }),
    );
  });
});

const toLatinOnly = (text: string) => text.replace(/[٠-٩۰-۹]/g, '0').replace(/[٫٬]/g, '.');

describe('CSV cells (RFC 4180)', () => {
  it.each([
    ['a,b', '"a,b"'],
    ['a;b', '"a;b"'],
    ['a\tb', '"a\tb"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['plain', 'plain'],
  ])('%j becomes %j', (value, cell) => {
    expect(csvField(value)).toBe(cell);
  });

  it.each(['=HYPERLINK("x")', '+1', '-1+1', '@SUM(A1)', '\tcmd', '\rcmd'])(
    'neutralises the formula start of %j',
    (value) => {
      expect(csvField(value).replace(/^"/, '')).toMatch(/^'/);
    },
  );

  it('keeps every row to its columns whatever the cells hold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 3, maxLength: 3 }), { maxLength: 5 }),
        (rows) => {
          const document = toCsv(['a', 'b', 'c'], rows);
          expect(parseCsv(document.slice(1))).toEqual([
            ['a', 'b', 'c'],
            ...rows.map((row) => row.map(unneutralise)),
          ]);
        },
      ),
    );
  });
});

const unneutralise = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

/** A strict RFC 4180 reader, to check the writer against. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      index++;
    } else cell += char;
  }
  return rows;
}
