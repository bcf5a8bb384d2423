import { htmlToText } from 'html-to-text';
import type { ParsedMail } from 'mailparser';
import sanitizeHtml from 'sanitize-html';
import { storedContentType, storedFileName } from '../../../shared/domain/media.ts';

/*
 * A received mail's HTML: made safe to show staff, its inline and pasted pictures named as the mail's files, and
 * read for its words when the mail has no text part.
 */

/** HTML longer than this is not read for words (as mailparser limits its own conversion); the HTML is kept. */
const MAX_HTML_TO_READ = 1_000_000;

/** A picture the HTML carried as a data: URI, as a file of the mail. */
interface EmbeddedImage {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** The data: pictures an HTML body held, kept as the mail's files from `firstIndex` on. */
export interface EmbeddedImages {
  firstIndex: number;
  images: EmbeddedImage[];
}

/** Pictures kept from one mail's HTML; any more are left to the raw mail (as the HTML's place for them says). */
const MAX_EMBEDDED_IMAGES = 50;

/**
 * Mail HTML made safe to show staff: no scripts, styles that load things, event handlers or javascript: URLs;
 * remote images are not loaded (their address is kept as `data-remote-src` for a "show images" choice); an inline
 * `cid:` image names the stored attachment it is (`data-attachment`), so the inbox shows it from the store, and so
 * does a `data:` image once taken out into `embedded` (without it, a data: image is dropped). The direction set on
 * `<html>` or `<body>` (which are dropped) is kept on a wrapper.
 */
export function sanitizeEmailHtml(
  html: string,
  inline: ReadonlyMap<string, number> = new Map(),
  embedded?: EmbeddedImages,
): string {
  // The same picture shown twice is one file.
  const embeddedIndex = new Map<string, number>();
  const direction = html.match(/<(?:html|body)\b[^>]*\sdir\s*=\s*["']?(rtl|ltr)\b/i)?.[1]?.toLowerCase();
  const safe = sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'font', 'center'],
    allowedAttributes: {
      ...sanitizeHtml.defaults.allowedAttributes,
      '*': ['dir', 'lang', 'align'],
      a: ['href', 'name', 'rel'],
      img: ['src', 'alt', 'width', 'height', 'data-remote-src', 'data-cid', 'data-attachment'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    // No style attribute is kept, so none is parsed (the deployed bundle leaves the CSS parser out).
    parseStyleAttributes: false,
    transformTags: {
      img: (tagName, attribs) => {
        const { src = '', ...rest } = attribs;
        if (/^https?:/i.test(src)) return { tagName, attribs: { ...rest, 'data-remote-src': src } };
        if (/^cid:/i.test(src)) {
          const cid = src.slice(4).trim();
          const index = inline.get(cid.toLowerCase());
          return {
            tagName,
            attribs: {
              ...rest,
              'data-cid': cid,
              ...(index !== undefined && { 'data-attachment': String(index) }),
            },
          };
        }
        if (/^data:/i.test(src)) {
          let index = embeddedIndex.get(src);
          if (index === undefined && embedded && embedded.images.length < MAX_EMBEDDED_IMAGES) {
            const image = dataUriImage(src, embedded.images.length + 1);
            if (image) {
              index = embedded.firstIndex + embedded.images.push(image) - 1;
              embeddedIndex.set(src, index);
            }
          }
          // Shown like a cid: image, from the store; one not kept shows as a missing picture.
          return index === undefined
            ? { tagName, attribs: rest }
            : {
                tagName,
                attribs: { ...rest, 'data-cid': `embedded-${index}`, 'data-attachment': String(index) },
              };
        }
        return { tagName, attribs: rest };
      },
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow' } }),
    },
  }).trim();
  return direction && safe ? `<div dir="${direction}">${safe}</div>` : safe;
}

/**
 * A `data:` URI's picture (RFC 2397: base64, or percent-encoded), named `image-<n>` with the extension of what the
 * bytes are; undefined when it holds nothing, or what its bytes (or, unsigned, its type) say is not a picture.
 */
function dataUriImage(uri: string, n: number): EmbeddedImage | undefined {
  const match = /^data:([^,]*?)(;base64)?,(.*)$/is.exec(uri.trim());
  if (!match) return undefined;
  const [, type = '', base64, data = ''] = match;
  let content: Buffer;
  try {
    content = base64
      ? Buffer.from(data.replace(/\s+/g, ''), 'base64')
      : Buffer.from(decodeURIComponent(data));
  } catch {
    return undefined;
  }
  if (content.byteLength === 0) return undefined;
  const contentType = storedContentType(content, type.split(';')[0] ?? '');
  if (!contentType.startsWith('image/')) return undefined;
  return {
    filename: storedFileName('image.bin', contentType).replace(/^image\./, `image-${n}.`),
    contentType,
    content,
  };
}

/** Content-ID (without brackets) → the index of that part among the stored attachments. */
export function inlineParts(mail: ParsedMail): Map<string, number> {
  const parts = new Map<string, number>();
  mail.attachments.forEach((attachment, index) => {
    const cid = attachment.cid?.trim().replace(/^<|>$/g, '');
    if (cid) parts.set(cid.toLowerCase(), index);
  });
  return parts;
}

/** The words of an HTML body, without images or link addresses; nothing when it cannot be read. */
export function textOfHtml(html: string | false | undefined): string {
  if (typeof html !== 'string' || html.length > MAX_HTML_TO_READ) return '';
  try {
    return htmlToText(html, {
      wordwrap: false,
      limits: { maxDepth: 100 },
      selectors: [
        { selector: 'img', format: 'skip' },
        { selector: 'a', options: { ignoreHref: true } },
      ],
    });
  } catch {
    return '';
  }
}

/** Sanitised HTML as a page of its own, titled with `title` as text (escaped by the sanitiser, never markup). */
export function htmlPage(html: string, title: string): string {
  const text = sanitizeHtml(title, { allowedTags: [], allowedAttributes: {} });
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${text}</title></head>\n<body dir="auto">${html}</body></html>\n`;
}
