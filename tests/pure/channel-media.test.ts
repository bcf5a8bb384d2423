import { describe, expect, it } from 'vitest';
import { downloadAttachmentUrl, isPublicHttpsUrl } from '../../functions/channels/meta/media.ts';
import { fileRefusal } from '../../shared/domain/channel-files.ts';
import {
  parseMediaSourceRef,
  servedContentType,
  sniffContentType,
  storedContentType,
  storedFileName,
} from '../../shared/domain/media.ts';
import type { Attachment } from '../../shared/domain/message.ts';

const bytes = (...parts: (number[] | string)[]) =>
  Buffer.concat(
    parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))),
  );

describe('file types from the bytes', () => {
  it('recognises pictures, PDFs, voice notes and video by their magic numbers', () => {
    expect(sniffContentType(bytes([0xff, 0xd8, 0xff, 0xe1]))).toBe('image/jpeg');
    expect(sniffContentType(bytes([0x89], 'PNG\r\n\x1a\n'))).toBe('image/png');
    expect(sniffContentType(bytes('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffContentType(bytes('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffContentType(bytes('OggS\0\x02'))).toBe('audio/ogg');
    expect(sniffContentType(bytes('#!AMR\n'))).toBe('audio/amr');
    expect(sniffContentType(bytes('\0\0\0\x18ftypmp42'))).toBe('video/mp4');
    expect(sniffContentType(bytes('\0\0\0\x18ftypheic'))).toBe('image/heic');
    expect(sniffContentType(bytes('<html><script>'))).toBeUndefined();
  });

  it('trust the bytes over the claim, except for which kind of zip an office document is', () => {
    expect(storedContentType(bytes('%PDF-1.4'), 'image/jpeg')).toBe('application/pdf');
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    expect(storedContentType(bytes('PK\x03\x04'), docx)).toBe(docx);
    expect(storedContentType(bytes('plain words'), '')).toBe('application/octet-stream');
  });

  it('keep a voice clip in an MP4 or WebM box as audio, and name a file we named by what it turned out to be', () => {
    expect(storedContentType(bytes('\0\0\0\x18ftypmp42'), 'audio/mp4')).toBe('audio/mp4');
    expect(storedContentType(bytes([0x1a, 0x45, 0xdf, 0xa3]), 'audio/webm')).toBe('audio/webm');
    expect(storedContentType(bytes('\0\0\0\x18ftypmp42'), 'video/mp4')).toBe('video/mp4');
    expect(storedFileName('image.jpg', 'image/png')).toBe('image.png');
    expect(storedFileName('audio.mp4', 'audio/mp4')).toBe('audio.m4a');
    // A sender's own name is theirs.
    expect(storedFileName('صورة الهوية.jpg', 'image/png')).toBe('صورة الهوية.jpg');
    // But a program named as a document says what it is at the end; one named as one stays as it is.
    expect(storedFileName('فاتورة.pdf', 'application/x-msdownload')).toBe('فاتورة.pdf.exe');
    expect(storedFileName('setup.EXE', 'application/x-msdownload')).toBe('setup.EXE');
    expect(storedFileName('photo.jpg', 'application/x-executable')).toBe('photo.jpg.elf');
    // A script or any other name on a document or picture ends with what the bytes are, so it opens as that.
    expect(storedFileName('الهوية.pdf.hta', 'application/pdf')).toBe('الهوية.pdf.hta.pdf');
    expect(storedFileName('كشف الحساب.bat', 'application/pdf')).toBe('كشف الحساب.bat.pdf');
    expect(storedFileName('صورة.JPG.js', 'image/jpeg')).toBe('صورة.JPG.js.jpg');
    expect(storedFileName('عقد الإيجار', 'application/pdf')).toBe('عقد الإيجار.pdf');
    expect(storedFileName('عقد.PDF', 'application/pdf')).toBe('عقد.PDF');
    expect(storedFileName('مسح.pdf', 'image/png')).toBe('مسح.pdf.png');
    expect(storedFileName('تسجيل.mp3', 'audio/ogg')).toBe('تسجيل.mp3');
    // A type whose bytes prove nothing keeps the sender's name (Office documents, plain text, unknown files).
    expect(
      storedFileName('طلب.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    ).toBe('طلب.docx');
  });

  it('name a program for what it is, and refuse a claim the bytes contradict or that is no type at all', () => {
    expect(storedContentType(bytes('MZ\x90\0\x03'), 'image/png')).toBe('application/x-msdownload');
    expect(storedContentType(bytes([0x7f], 'ELF\x02'), 'image/jpeg')).toBe('application/x-executable');
    // A picture or PDF always starts with its signature: without it, the claim is false.
    expect(storedContentType(bytes('not a picture'), 'image/jpeg')).toBe('application/octet-stream');
    expect(storedContentType(bytes('<svg onload=alert(1)>'), 'application/pdf')).toBe(
      'application/octet-stream',
    );
    expect(storedContentType(bytes('text'), 'image/جpeg')).toBe('application/octet-stream');
    expect(storedContentType(bytes('text'), 'text/plain\r\nX-Injected: 1')).toBe('application/octet-stream');
    // A well-formed claim the bytes cannot check stays, lower-cased, without its parameters.
    expect(storedContentType(bytes('hello'), 'Text/Plain; charset=utf-8')).toBe('text/plain');
    expect(storedContentType(bytes([0xff, 0xf1, 0x50]), 'audio/aac')).toBe('audio/aac');
  });

  it('read provider references back, refusing anything but an http(s) URL', () => {
    expect(parseMediaSourceRef('whatsapp-media:123:4')).toEqual({ provider: 'whatsapp', mediaId: '123:4' });
    expect(parseMediaSourceRef('telegram-file:AgAC')).toEqual({ provider: 'telegram', fileId: 'AgAC' });
    expect(parseMediaSourceRef('url:https://cdn.example/x.jpg')).toEqual({
      provider: 'url',
      url: 'https://cdn.example/x.jpg',
    });
    expect(parseMediaSourceRef('url:file:///etc/passwd')).toBeUndefined();
    expect(parseMediaSourceRef('replies/T/1/a.pdf')).toBeUndefined();
  });
});

describe('the type a file from the public is served with', () => {
  it("is bytes for anything a browser would run as a page, and the file's own type otherwise", () => {
    const active = [
      'image/svg+xml',
      'Image/SVG+XML; charset=utf-8',
      'TEXT/HTML; charset="utf-8"',
      'application/xhtml+xml',
      'text/xml',
      'application/xml',
      'application/rss+xml',
      'application/mathml+xml',
      'application/xslt+xml',
      'application/vnd.evil+xml',
      'image/svg',
      'text/x-svg',
      'text/javascript',
      'application/x-javascript',
    ];
    for (const type of active) expect(servedContentType(type), type).toBe('application/octet-stream');
    const inert = [
      'application/pdf',
      'image/png',
      'text/plain; charset=utf-8',
      'audio/ogg; codecs=opus',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ];
    for (const type of inert) expect(servedContentType(type)).toBe(type);
  });
});

describe('files a Messenger or Instagram webhook names by address', () => {
  it("are fetched only from public https addresses, as Meta's CDN gives them", async () => {
    const cdn = 'https://scontent.xx.fbcdn.net/v/t1.15752-9/123_n.jpg?_nc_cat=1&oh=abc';
    expect(isPublicHttpsUrl(cdn)).toBe(true);
    expect(isPublicHttpsUrl('https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1')).toBe(true);
    const refused = [
      'http://scontent.xx.fbcdn.net/a.jpg',
      'https://127.0.0.1:9001/2018-06-01/runtime/invocation/next',
      'https://2130706433/a.jpg',
      'https://0x7f.1/a.jpg',
      'https://[::1]/a.jpg',
      'https://169.254.169.254/latest/meta-data/',
      'https://localhost/a.jpg',
      'https://metadata.google.internal/',
      'https://printer.local/a.jpg',
      'https://intranet/a.jpg',
      'file:///etc/passwd',
      'not a url',
    ];
    for (const url of refused) expect(isPublicHttpsUrl(url), url).toBe(false);
    let fetched = 0;
    const counting = (async () => {
      fetched += 1;
      return new Response('x');
    }) as unknown as typeof fetch;
    await expect(downloadAttachmentUrl(counting, 'https://127.0.0.1/a.jpg', 1000)).rejects.toThrow(
      /not a public https address/,
    );
    expect(fetched).toBe(0);

    // Meta's lookaside address redirects to its CDN: followed; a redirect into this machine is not.
    const hops: string[] = [];
    const redirecting = (async (url: string) => {
      hops.push(url);
      if (url.includes('lookaside')) return new Response(null, { status: 302, headers: { location: cdn } });
      if (url.includes('evil'))
        return new Response(null, { status: 301, headers: { location: 'https://127.0.0.1:9001/x' } });
      return new Response('JPEG', { headers: { 'content-type': 'image/jpeg' } });
    }) as unknown as typeof fetch;
    const followed = await downloadAttachmentUrl(
      redirecting,
      'https://lookaside.fbsbx.com/ig?asset_id=1',
      1000,
    );
    expect(followed).toMatchObject({ kind: 'bytes', contentType: 'image/jpeg' });
    await expect(downloadAttachmentUrl(redirecting, 'https://evil.example.com/a.jpg', 1000)).rejects.toThrow(
      /redirected to https:\/\/127\.0\.0\.1:9001/,
    );
    expect(hops).toEqual([
      'https://lookaside.fbsbx.com/ig?asset_id=1',
      cdn,
      'https://evil.example.com/a.jpg',
    ]);
  });
});

describe('files on each channel', () => {
  const file = (contentType: string, size = 1000): Attachment => ({
    name: 'f',
    contentType,
    size,
    objectKey: 'k',
  });

  it('are refused, with the reason, where the channel cannot carry them', () => {
    expect(fileRefusal('whatsapp', [file('application/pdf')])).toBeUndefined();
    expect(fileRefusal('telegram', [file('image/png'), file('application/pdf')])).toBeUndefined();
    expect(fileRefusal('walk_in', [file('application/pdf')])).toMatch(/cannot be sent on walk_in/);
    expect(fileRefusal('instagram', [file('application/pdf')])).toMatch(
      /instagram does not take application\/pdf/,
    );
    expect(fileRefusal('messenger', [file('application/pdf', 26 * 1024 * 1024)])).toMatch(
      /larger than the 25 MB/,
    );
    expect(fileRefusal('walk_in', [])).toBeUndefined();
  });
});
