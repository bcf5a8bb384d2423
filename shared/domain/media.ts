import type { Attachment } from './message.ts';
import { fileName } from './typed-text.ts';

/**
 * Where a received file waits on its provider until we fetch it: a WhatsApp media id (Graph `GET /{media-id}`), a
 * Telegram file id (`getFile`), or a URL the provider gave (Messenger and Instagram attachment `payload.url`).
 */
export type MediaSource =
  | { provider: 'whatsapp'; mediaId: string }
  | { provider: 'telegram'; fileId: string }
  | { provider: 'url'; url: string };

export function mediaSourceRef(source: MediaSource): string {
  switch (source.provider) {
    case 'whatsapp':
      return `whatsapp-media:${source.mediaId}`;
    case 'telegram':
      return `telegram-file:${source.fileId}`;
    case 'url':
      return `url:${source.url}`;
  }
}

export function parseMediaSourceRef(ref: string): MediaSource | undefined {
  const [scheme, ...rest] = ref.split(':');
  const value = rest.join(':');
  if (!value) return undefined;
  if (scheme === 'whatsapp-media') return { provider: 'whatsapp', mediaId: value };
  if (scheme === 'telegram-file') return { provider: 'telegram', fileId: value };
  if (scheme === 'url' && /^https?:\/\//.test(value)) return { provider: 'url', url: value };
  return undefined;
}

/** A file still on the provider: shown as "fetching…" until the media fetcher stores it or gives up. */
export function pendingMedia(name: string, contentType: string, source: MediaSource, size = 0): Attachment {
  const ref = mediaSourceRef(source);
  return { name: fileName(name, 'file'), contentType, size, objectKey: ref, state: 'fetching', source: ref };
}

/** Default cap on one received file (the society may set MEDIA_MAX_BYTES). */
export const DEFAULT_MEDIA_MAX_BYTES = 25 * 1024 * 1024;

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  signature.every((byte, index) => bytes[offset + index] === byte);
const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

/**
 * The file's type from its first bytes (magic numbers), never from what the sender claimed: a provider's or a
 * sender's MIME type is a hint at best. Undefined when the bytes match nothing we know.
 */
export function sniffContentType(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(bytes, 0, 5) === '%PDF-') return 'application/pdf';
  if (ascii(bytes, 0, 4) === 'RIFF') {
    const form = ascii(bytes, 8, 12);
    if (form === 'WEBP') return 'image/webp';
    if (form === 'WAVE') return 'audio/wav';
  }
  if (ascii(bytes, 0, 4) === 'OggS') return 'audio/ogg';
  if (ascii(bytes, 0, 6) === '#!AMR\n') return 'audio/amr';
  if (ascii(bytes, 0, 3) === 'ID3' || startsWith(bytes, [0xff, 0xfb]) || startsWith(bytes, [0xff, 0xf3]))
    return 'audio/mpeg';
  if (ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12);
    if (brand === 'heic' || brand === 'heix' || brand === 'mif1') return 'image/heic';
    if (brand === 'M4A ') return 'audio/mp4';
    if (brand === '3gp4' || brand === '3gp5') return 'video/3gpp';
    return 'video/mp4';
  }
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return 'video/webm';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'application/zip';
  // Programs, whatever they are called: never previewed, and flagged by their type.
  if (ascii(bytes, 0, 2) === 'MZ') return 'application/x-msdownload';
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'application/x-executable';
  return undefined;
}

/** Types whose files always open with a signature the sniffer knows: a claim of one the bytes lack is false. */
const SIGNED_TYPES = new Set([
  'image/jpeg',
  'image/jpg',
  'image/png',
  'image/gif',
  'image/webp',
  'application/pdf',
]);

/** A MIME type as RFC 6838 allows one (`type/subtype`, restricted names), lower-cased, without parameters. */
function wellFormedType(claimed: string): string | undefined {
  const type = claimed.split(';')[0]?.trim().toLowerCase() ?? '';
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(type) ? type : undefined;
}

/**
 * The type to store: the sniffed one, or the claimed one when the bytes say nothing more precise. A claim that is
 * not a MIME type, or names a type whose signature the bytes lack, becomes `application/octet-stream`.
 */
export function storedContentType(bytes: Uint8Array, claimed: string): string {
  const sniffed = sniffContentType(bytes);
  const type = wellFormedType(claimed);
  if (!sniffed) return type && !SIGNED_TYPES.has(type) ? type : 'application/octet-stream';
  // Office documents are zip files: the claim names which one, the bytes only that it is a zip.
  if (sniffed === 'application/zip' && type && /officedocument|opendocument|zip/.test(type)) return type;
  // MP4 and WebM hold sound alone as well as pictures: a voice clip said to be audio is played as audio.
  if (type?.startsWith('audio/') && (sniffed === 'video/mp4' || sniffed === 'video/webm'))
    return sniffed.replace('video/', 'audio/');
  return sniffed;
}

/**
 * Types a browser may run as a page of the origin that serves them: HTML, any XML (an SVG, an RSS feed, XSLT, a
 * vendor's `+xml`), scripts, and SVG under any name.
 */
const ACTIVE_TYPES = /^[^/;]*\/(?:[^;]*(?:html|svg|script|xsl)|(?:[^;]*\+)?xml)\s*(?:;|$)/i;

/**
 * The type a file sent by the public is served with: its own, except that one a browser would run (an SVG with a
 * script, an HTML page) is served as bytes, so opening it never runs the sender's code with a staff member's session.
 */
export function servedContentType(storedType: string): string {
  return ACTIVE_TYPES.test(storedType) ? 'application/octet-stream' : storedType;
}

/**
 * The extensions a file of each type the bytes prove is named with (the first is given to a name that has none of
 * them); a type not here is named as it came.
 */
const EXTENSIONS: Record<string, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'image/gif': ['gif'],
  'image/heic': ['heic', 'heif'],
  'video/mp4': ['mp4', 'm4v', 'mov', '3gp'],
  'video/webm': ['webm'],
  'audio/mp4': ['m4a', 'mp4', 'aac'],
  'audio/webm': ['webm', 'weba'],
  'audio/ogg': ['ogg', 'oga', 'opus'],
  'audio/amr': ['amr'],
  'audio/mpeg': ['mp3', 'mpga'],
  'application/x-msdownload': ['exe', 'dll'],
  'application/x-executable': ['elf'],
};

/**
 * A file is named as what its bytes are: a sender's name is kept when its extension says so, and otherwise gets
 * the right one at the end (`الهوية.pdf.hta` that is a PDF becomes `الهوية.pdf.hta.pdf`, `فاتورة.pdf` that is a
 * program `فاتورة.pdf.exe`), so whoever opens it opens what it is, never a script dressed as a document. A name we
 * made up (`image.jpg` for a Messenger picture) takes the right extension instead of its own.
 */
export function storedFileName(name: string, storedType: string): string {
  const extensions = EXTENSIONS[storedType];
  if (!extensions) return name;
  const [first] = extensions;
  if (/^(?:image|video|audio)\.[a-z0-9]+$/.test(name)) return name.replace(/\.[a-z0-9]+$/, `.${first}`);
  const own = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase();
  // A picture, sound or video named as another of its kind (a PNG called .jpg) opens as what it is anyway.
  const kind = storedType.split('/')[0];
  const sameKind = (type: string) => kind !== 'application' && type.split('/')[0] === kind;
  const named = (type: string) => own !== undefined && (EXTENSIONS[type] ?? []).includes(own);
  if (named(storedType) || Object.keys(EXTENSIONS).some((type) => sameKind(type) && named(type))) return name;
  return `${name}.${first}`;
}

/** What a sender is told of files too large to keep: which, the limit, and what to do (Arabic, then English). */
export function fileNotReceivedText(names: readonly string[], maxBytes: number): string {
  const mb = Math.round(maxBytes / 1024 / 1024);
  const list = names.map((name) => `«${name}»`).join('، ');
  return [
    `لم نتمكن من استلام ${names.length > 1 ? 'الملفات' : 'الملف'} ${list} لأن حجمه أكبر من ${mb} ميغابايت. نرجو إرساله بحجم أصغر (صورة بدقة أقل أو ملف مضغوط) أو على أجزاء.`,
    `We could not receive ${list}: it is larger than ${mb} MB. Please send it smaller (a lower-resolution photo or a compressed file) or in parts.`,
  ].join('\n');
}

/** Letters, digits and `._:-` only, and never `.` or `..` alone: a part that cannot climb out of its folder. */
export function safeKeyPart(part: string): string {
  const safe = part.replace(/[^\p{L}\p{N}._:-]+/gu, '_');
  return safe === '' || /^\.+$/.test(safe) ? '_' : safe;
}
