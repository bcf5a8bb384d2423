/**
 * iconv-lite as libmime (mailparser's charset layer) calls it — getCodec, encodingExists, decode, getDecoder —
 * on the runtime's own decoders: Node in Lambda has full ICU, so TextDecoder knows every charset mail uses
 * (windows-1256, iso-8859-6, utf-16, gb18030, big5, shift_jis, euc-kr, iso-2022-jp…) without iconv-lite's
 * 480 KB of tables. Charsets TextDecoder lacks (utf-32, old DOS code pages) read as unknown: UTF-8, as libmime
 * does for any charset it cannot decode.
 */

interface Codec {
  encoding: string;
  /** libmime compares codecs' decoders by identity (to find iconv-lite's double-byte one); each is its own. */
  decoder?: object;
}

/** Codecs libmime refuses by identity (UTF-7 smuggles markup; base64 and hex are transfer encodings). */
const REFUSED = new Map<string, Codec>(
  ['utf7', 'utf7imap', 'base64', 'hex'].map((name) => [name, { encoding: name, decoder: {} }]),
);
REFUSED.set('unicode11utf7', REFUSED.get('utf7') as Codec);

const codecs = new Map<string, Codec>();

/** The codec a charset name resolves to; never throws (libmime asks for utf-32 while loading). */
export function getCodec(charset: string): Codec {
  const refused = REFUSED.get(
    String(charset)
      .toLowerCase()
      .replace(/[^0-9a-z]/g, ''),
  );
  if (refused) return refused;
  const encoding = decoderLabel(charset);
  if (!encoding) return { encoding: '' };
  let codec = codecs.get(encoding);
  if (!codec) {
    codec = { encoding, decoder: {} };
    codecs.set(encoding, codec);
  }
  return codec;
}

export function encodingExists(charset: string): boolean {
  return Boolean(decoderLabel(charset)) && !REFUSED.has(getCodec(charset).encoding);
}

/** A whole buffer; a string is read as binary, as iconv-lite does. Throws for a charset it does not know. */
export function decode(input: Uint8Array | string, charset: string): string {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'binary') : input;
  return new TextDecoder(byteOrderOf(bytes, knownLabel(charset))).decode(bytes);
}

/** A decoder for chunks: a character split between two chunks is kept until the next one. */
export function getDecoder(charset: string): { write(chunk: Uint8Array): string; end(): string | undefined } {
  const label = knownLabel(charset);
  let decoder: TextDecoder | undefined;
  return {
    write(chunk) {
      decoder ??= new TextDecoder(byteOrderOf(chunk, label));
      return decoder.decode(chunk, { stream: true });
    },
    end() {
      return decoder?.decode() || undefined;
    },
  };
}

function decoderLabel(charset: string): string | undefined {
  try {
    return new TextDecoder(String(charset)).encoding;
  } catch {
    return undefined;
  }
}

function knownLabel(charset: string): string {
  const label = decoderLabel(charset);
  if (!label || REFUSED.has(getCodec(charset).encoding)) {
    throw new Error(`Encoding not recognized: '${charset}'`);
  }
  return label;
}

/** "UTF-16" without an order reads little-endian unless a big-endian byte order mark says otherwise. */
function byteOrderOf(bytes: Uint8Array, label: string): string {
  return label === 'utf-16le' && bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : label;
}

export default { getCodec, encodingExists, decode, getDecoder };
