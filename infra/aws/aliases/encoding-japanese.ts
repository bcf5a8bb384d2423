/**
 * encoding-japanese as libmime calls it — `convert(bytes, { to: 'UNICODE', from, type: 'string' })` for the JIS
 * charsets — on the runtime's ICU decoders (see `iconv-lite.ts`), without its 90 KB of tables.
 */
export function convert(bytes: Uint8Array, options: { to: string; from: string; type: string }): string {
  if (options.to !== 'UNICODE' || options.type !== 'string') {
    throw new Error(`Only decoding to a string is bundled, not ${options.to} as ${options.type}`);
  }
  return new TextDecoder(japaneseLabel(options.from)).decode(bytes);
}

function japaneseLabel(charset: string): string {
  if (/^jis|^iso-?2022-?jp/i.test(charset)) return 'iso-2022-jp';
  if (/^euc-?jp/i.test(charset)) return 'euc-jp';
  return charset;
}

export default { convert };
