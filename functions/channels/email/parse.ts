import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { type MimeNode, Splitter, type SplitterChunk } from '@zone-eu/mailsplit';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import type { MailSignals } from '../../../shared/domain/auto-reply-policy.ts';
import { type BounceReport, bounceReportOf } from '../../../shared/domain/delivery-report.ts';
import type { InboundContact } from '../../../shared/domain/inbound-contact.ts';
import {
  DEFAULT_MEDIA_MAX_BYTES,
  safeKeyPart,
  storedContentType,
  storedFileName,
} from '../../../shared/domain/media.ts';
import type { Attachment } from '../../../shared/domain/message.ts';
import { findReference } from '../../../shared/domain/reference.ts';
import { fileName } from '../../../shared/domain/typed-text.ts';
import type { ObjectStore } from '../../../shared/ports/object-store.ts';
import { type EmbeddedImages, htmlPage, inlineParts, sanitizeEmailHtml, textOfHtml } from './mail-html.ts';
import { mailKind, newReplyText } from './reply-text.ts';

/**
 * A message item must stay under DynamoDB's 400 KB even in Arabic (two bytes a letter in UTF-8): a longer text is
 * cut, says so where it is cut, and comes whole as a file of the mail (the raw mail keeps it too).
 */
const MAX_TEXT_CHARS = 40_000;
/** The file a cut text comes whole in. */
export const FULL_TEXT_FILE_NAME = 'النص-الكامل.txt';
/** Formatting kept on the message, within the item's limit; a longer one comes as a file of the mail instead. */
const MAX_HTML_CHARS = 60_000;
/** The file a mail's formatting comes in when it is too long to keep on the message. */
export const FORMATTED_MAIL_FILE_NAME = 'الرسالة-بتنسيقها.html';

/** Why a received mail could not become a ticket; it is then kept raw and dead-lettered. */
export class UnprocessableEmailError extends Error {
  constructor(readonly reason: 'empty' | 'no_sender' | 'not_mime') {
    super(`The mail cannot be processed: ${reason}`);
  }
}

export interface RawEmailDelivery {
  raw: Uint8Array;
  receivedAt: Date;
  /** Where the raw message is kept (object key), for audit and reprocessing. */
  rawRef: string;
  /** The SMTP envelope sender (MAIL FROM); empty for a bounce. */
  envelopeFrom?: string;
}

export interface ParsedEmail {
  inbound: InboundContact;
  signals: MailSignals;
  /** Present when a mail system wrote the mail about mail we sent (a bounce, a delay notice), not a person. */
  bounce?: BounceReport;
}

/** Raw MIME → InboundContact: sender, subject, reply text, safe HTML, stored attachments, threading hints. */
export async function parseEmail(
  delivery: RawEmailDelivery,
  objects: ObjectStore,
  maxAttachmentBytes = DEFAULT_MEDIA_MAX_BYTES,
): Promise<ParsedEmail> {
  const raw = Buffer.from(delivery.raw);
  if (raw.toString('latin1').trim() === '') throw new UnprocessableEmailError('empty');
  const readable = await readableMail(raw);
  let mail: ParsedMail;
  try {
    // A DSN's per-recipient fields stay a part of their own instead of joining the text.
    // Its own HTML-to-text is off: it would keep every image's address (tracking pixels, pasted data: pictures) in
    // the words; a mail without a text part is read from its sanitised HTML below instead.
    mail = await simpleParser(readable, {
      keepCidLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipHtmlToText: true,
      keepDeliveryStatus: true,
    });
  } catch {
    throw new UnprocessableEmailError('not_mime');
  }
  const sender = senderOf(mail, delivery.envelopeFrom);
  if (!sender?.address) throw new UnprocessableEmailError('no_sender');
  const address = sender.address.toLowerCase();

  // Message-ID and sender together, so SES or SMTP redelivery of one mail is one message while another sender
  // reusing that Message-ID is not taken for it.
  // A Message-ID longer than any mail program writes cannot key an item: such a mail is known by its bytes.
  const messageId = usableMessageId(mail.messageId?.trim());
  const providerMessageId = messageId
    ? `${messageId}#${createHash('sha256').update(address).digest('hex').slice(0, 16)}`
    : `sha256:${createHash('sha256').update(raw).digest('hex')}`;
  // Pictures pasted into webmail come inside the HTML as data: URIs: each is kept as a file of the mail (after its
  // attachments), and the HTML names it as it names a cid: image, so the photo arrives and the HTML stays small.
  const embedded: EmbeddedImages = { firstIndex: mail.attachments.length, images: [] };
  const html =
    typeof mail.html === 'string' ? sanitizeEmailHtml(mail.html, inlineParts(mail), embedded) : undefined;
  // A mail that came as HTML only (webmail, phones, form mailers) is read from its HTML: search, routing, the
  // acknowledgement's language and the preview need its words (never an image's address).
  const fullText = (mail.text?.trim() || textOfHtml(html)).trim();
  const subject = mail.subject?.trim();
  const inReplyTo = messageIds(mail.inReplyTo)[0];
  const references = messageIds(mail.references);
  const kind = mailKind({ subject, inReplyTo, references });
  const returnPath = delivery.envelopeFrom ?? headerValue(mail, 'return-path');
  const { text, cut } = withinTextLimit(
    kind === 'forward' ? fullText : newReplyText(fullText, { reply: kind === 'reply' }),
  );
  return {
    inbound: {
      channel: 'email',
      providerMessageId,
      // Claimed until the receipt's authentication verdicts say otherwise.
      identities: [{ kind: 'email', value: address, assurance: 'claimed' }],
      displayName: sender.name?.trim() || undefined,
      subject,
      text,
      html: html && html.length <= MAX_HTML_CHARS ? html : undefined,
      attachments: await storeAttachments(
        [
          ...mail.attachments,
          ...embedded.images,
          ...(cut ? [fullTextFile(fullText)] : []),
          ...(html && html.length > MAX_HTML_CHARS ? [formattedMailFile(html, subject)] : []),
        ],
        providerMessageId,
        objects,
        maxAttachmentBytes,
      ),
      language: /[\u0600-\u06FF]/.test(`${subject ?? ''} ${text}`) ? 'ar' : 'en',
      receivedAt: delivery.receivedAt.toISOString(),
      threading: {
        messageId,
        inReplyTo,
        references,
        reference: subject ? findReference(subject) : undefined,
      },
      rawRef: delivery.rawRef,
    },
    signals: {
      from: address,
      returnPath,
      autoSubmitted: headerValue(mail, 'auto-submitted'),
      precedence: headerValue(mail, 'precedence'),
      listId: headerValue(mail, 'list-id'),
      listUnsubscribe: headerValue(mail, 'list-unsubscribe'),
      contentType: headerValue(mail, 'content-type')?.split(';')[0]?.trim(),
      autoResponseSuppress: headerValue(mail, 'x-auto-response-suppress'),
      xAutoreply: headerValue(mail, 'x-autoreply'),
      xAutorespond: headerValue(mail, 'x-autorespond'),
      xAutoGenerated: headerValue(mail, 'x-autogenerated'),
      xLoop: headerValue(mail, 'x-loop'),
      subject,
      replyTo: firstAddress(mail.replyTo)?.address?.toLowerCase(),
    },
    bounce: bounceReportOf({
      returnPath,
      from: address,
      subject,
      deliveryStatusReport: reportType(mail) === 'delivery-status',
      readReceipt: reportType(mail) === 'disposition-notification',
      statusFields: partsText(mail, /^message\/(global-)?(delivery-status|disposition-notification)$/i),
      text: fullText,
      // Headers only: the returned mail's body may quote other mail's headers.
      originalHeaders: partsText(
        mail,
        /^(text\/rfc822-headers|message\/rfc822|message\/global(-headers)?)$/i,
      ).map((part) => part.split(/\r?\n\r?\n/)[0] ?? ''),
      replyIds: [...messageIds(mail.inReplyTo), ...messageIds(mail.references)],
    }),
  };
}

/** What a `multipart/report` reports: `delivery-status` (a bounce or delay), `disposition-notification` (read). */
function reportType(mail: ParsedMail): string | undefined {
  const contentType = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> };
  if (contentType?.value?.toLowerCase() !== 'multipart/report') return undefined;
  return contentType.params?.['report-type']?.toLowerCase();
}

function partsText(mail: ParsedMail, contentType: RegExp): string[] {
  return mail.attachments
    .filter((part) => contentType.test(part.contentType))
    .map((part) => part.content.toString('utf8'));
}

/**
 * The text as kept on the message: whole, or cut at a line or word break before the limit with a line saying so,
 * Arabic then English, and where the whole text is, as a help desk does with mail too long to show.
 */
function withinTextLimit(text: string): { text: string; cut: boolean } {
  if (text.length <= MAX_TEXT_CHARS) return { text, cut: false };
  // Room for the note; a break in the last thousand letters, else the limit itself (never inside a surrogate pair).
  const room = MAX_TEXT_CHARS - 500;
  const breakAt = Math.max(text.lastIndexOf('\n', room), text.lastIndexOf(' ', room));
  let end = breakAt > room - 1000 ? breakAt : room;
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  const shown = text.slice(0, end).trimEnd();
  return {
    text: [
      shown,
      // Lines that open with words, not brackets, so each reads right in a right-to-left message.
      '…',
      `اقتُطع نص الرسالة هنا لطوله: عُرض ${shown.length} من ${text.length} حرفًا، والنص الكامل في المرفق «${FULL_TEXT_FILE_NAME}».`,
      `Message truncated here for length: ${shown.length} of ${text.length} characters shown; the full text is attached as «${FULL_TEXT_FILE_NAME}».`,
    ].join('\n'),
    cut: true,
  };
}

/** A cut mail's whole text, as a UTF-8 file (with a byte order mark, so every editor reads its Arabic). */
function fullTextFile(text: string) {
  return {
    filename: FULL_TEXT_FILE_NAME,
    contentType: 'text/plain',
    content: Buffer.from(`\uFEFF${text}`, 'utf8'),
  };
}

/**
 * A mail's sanitised HTML too long to keep on the message, as a page of its own: its words are in the text, and
 * its tables and emphasis stay readable. The inbox offers it for download only, never shows it in place.
 */
function formattedMailFile(html: string, subject: string | undefined) {
  return {
    filename: FORMATTED_MAIL_FILE_NAME,
    contentType: 'text/html',
    content: Buffer.from(htmlPage(html, subject ?? ''), 'utf8'),
  };
}

/** Each attachment stored, except one over the society's cap: that is noted and stays only in the raw mail. */
async function storeAttachments(
  files: readonly { filename?: string; contentType?: string; content: Buffer }[],
  providerMessageId: string,
  objects: ObjectStore,
  maxBytes: number,
): Promise<Attachment[]> {
  // Keys derive from the message and each file's bytes: a redelivered mail puts the same objects again instead of
  // adding copies, and another mail claiming its Message-ID never replaces a file already kept.
  const folder = `attachments/email/${createHash('sha256').update(providerMessageId).digest('hex').slice(0, 32)}`;
  return Promise.all(
    files.map(async (attachment, index) => {
      // What the bytes are, not what the sender's mail program (or the sender) declared; the name says so too.
      const contentType = storedContentType(attachment.content, attachment.contentType ?? '');
      const name = storedFileName(
        fileName(attachment.filename ?? '', `attachment-${index + 1}`),
        contentType,
      );
      if (attachment.content.byteLength > maxBytes) {
        return {
          name,
          contentType,
          size: attachment.content.byteLength,
          objectKey: '',
          state: 'failed' as const,
          failureReason: `Larger than the ${Math.round(maxBytes / 1024 / 1024)} MB limit; kept only in the raw mail`,
        };
      }
      const digest = createHash('sha256').update(attachment.content).digest('hex').slice(0, 16);
      const stored = await objects.put(
        `${folder}/${digest}/${index + 1}-${safeKeyPart(name.slice(-100))}`,
        attachment.content,
        contentType,
      );
      return { name, contentType, size: stored.size, objectKey: stored.key };
    }),
  );
}

/**
 * Older mail programs write Arabic as raw bytes of their code page: a subject, a name or a file's name without
 * encoded words (RFC 2047/2231), a text without a charset, which a parser reads as UTF-8 and spoils. In the mail's
 * head and in each part's, a header line whose bytes are not UTF-8 is read in the mail's code page (the first
 * single-byte charset it declares, else windows-1256, Arabic Windows) and given to the parser as UTF-8; a text part
 * with no charset whose bytes (once its transfer encoding is undone) are not UTF-8 is said to be in that code page.
 * Parts that name their charset are left as they came.
 */
async function readableMail(raw: Buffer): Promise<Buffer> {
  // What mailsplit cannot cut, mailparser judges on its own.
  const pieces = await mimePieces(raw).catch(() => undefined);
  if (!pieces) return raw;
  const charset = codePageOf(raw);
  const decoder = new TextDecoder(charset);
  let changed = false;
  const out: Buffer[] = [];
  for (const [at, piece] of pieces.entries()) {
    if (piece.type !== 'node') {
      out.push(piece.value);
      continue;
    }
    const head = piece.getHeaders();
    let readable = isUtf8(head) ? head : headInUtf8(head, decoder);
    if (isUndeclaredText(piece) && !isUtf8(await decodedBody(piece, pieces, at)))
      readable = withCharset(readable, charset);
    changed ||= readable !== head;
    out.push(readable);
  }
  return changed ? Buffer.concat(out) : raw;
}

/** The mail as mailsplit cuts it: each part's head (a node), then its body's and the boundaries' bytes. */
async function mimePieces(raw: Buffer): Promise<SplitterChunk[]> {
  const splitter = new Splitter();
  splitter.end(raw);
  return (await splitter.toArray()) as SplitterChunk[];
}

/** A part whose words are text (a mail with no type is plain text) and that names no charset. */
function isUndeclaredText(node: MimeNode): boolean {
  return !node.multipart && !node.charset && (node.contentType || 'text/plain').startsWith('text/');
}

/** A leaf part's body with its transfer encoding (base64, quoted-printable) undone. */
function decodedBody(node: MimeNode, pieces: readonly SplitterChunk[], at: number): Promise<Buffer> {
  const decoder = node.getDecoder();
  const chunks: Buffer[] = [];
  const decoded = new Promise<Buffer>((done, failed) => {
    decoder.on('data', (chunk: Buffer) => chunks.push(chunk));
    decoder.on('end', () => done(Buffer.concat(chunks)));
    decoder.on('error', failed);
  });
  for (const piece of pieces.slice(at + 1)) {
    if (piece.type !== 'body') break;
    decoder.write(piece.value);
  }
  decoder.end();
  return decoded;
}

/** The head with the charset said where the type is said, or as a header of its own when it names no type. */
function withCharset(head: Buffer, charset: string): Buffer {
  const text = head.toString('latin1');
  const contentType = /^content-type:[^\n]*(?:\n[ \t][^\n]*)*/im.exec(text);
  const at = contentType ? contentType.index + contentType[0].replace(/\r$/, '').length : 0;
  const added = contentType ? `; charset=${charset}` : `Content-Type: text/plain; charset=${charset}\r\n`;
  return Buffer.concat([head.subarray(0, at), Buffer.from(added), head.subarray(at)]);
}

/** Each header line that is not UTF-8, read in the mail's code page. */
function headInUtf8(head: Buffer, decoder: TextDecoder): Buffer {
  const lines: Buffer[] = [];
  for (let start = 0; start <= head.length; ) {
    const stop = head.indexOf(0x0a, start);
    const line = head.subarray(start, stop < 0 ? head.length : stop + 1);
    lines.push(isUtf8(line) ? line : Buffer.from(decoder.decode(line), 'utf8'));
    if (stop < 0) break;
    start = stop + 1;
  }
  return Buffer.concat(lines);
}

/**
 * The mail's code page: the first charset it declares that is a single-byte code page a decoder knows (not UTF-8,
 * not ASCII, which says nothing of the other bytes), else windows-1256: the society's mail is Arabic.
 */
function codePageOf(raw: Buffer): string {
  for (const [, charset] of raw.toString('latin1').matchAll(/charset\s*=\s*"?([\w.:-]+)/gi)) {
    if (!charset || /^(utf-?8|us-?ascii|ascii)$/i.test(charset)) continue;
    try {
      return new TextDecoder(charset).encoding;
    } catch {
      // A label no decoder knows: look further.
    }
  }
  return 'windows-1256';
}

/**
 * Who wrote the mail: From, else Sender (a mail whose From names no one, e.g. `undisclosed-recipients:;`, or that has
 * none), else Reply-To, else the envelope sender when it is an address (a scanner or SMS-to-mail gateway writes no
 * From; a bounce's empty path names no one). Authenticity is then judged for the address taken.
 */
function senderOf(mail: ParsedMail, envelopeFrom: string | undefined) {
  const envelope = envelopeFrom?.trim().replace(/^<|>$/g, '');
  return (
    firstAddress(mail.from) ??
    firstAddress(mail.headers.get('sender') as AddressObject | undefined) ??
    firstAddress(mail.replyTo) ??
    (envelope && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(envelope) ? { address: envelope, name: '' } : undefined)
  );
}

/** The first address a header names, a group's members included. */
function firstAddress(field: AddressObject | AddressObject[] | undefined) {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list
    .flatMap((entry) => entry.value)
    .flatMap((entry) => [entry, ...(entry.group ?? [])])
    .find((entry) => entry.address);
}

/** `<a@x> <b@y>` (or a list of such) → ['<a@x>', '<b@y>']. */
function messageIds(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(' ') : (value ?? '');
  return (joined.match(/<[^<>\s]+>/g) ?? []).filter((id) => usableMessageId(id));
}

/** Message-IDs run to a few dozen characters (RFC 5322 allows lines of 998); one over 250 is not kept. */
const MAX_MESSAGE_ID_CHARS = 250;

function usableMessageId(id: string | undefined): string | undefined {
  return id && id.length <= MAX_MESSAGE_ID_CHARS ? id : undefined;
}

/** The first raw value of a header, unfolded (mailparser structures some headers; the rules need the text). */
function headerValue(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((header) => header.key === name)?.line;
  if (line === undefined) return undefined;
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}
