import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { describe, expect, it } from 'vitest';
import { FolderObjectStore } from '../../../infra/local/folder-object-store.ts';
import { fixture, parse } from '../../support/email-parsing.ts';

describe('parsing received mail: HTML and long texts', () => {
  it('keeps HTML only after sanitising: no scripts, handlers, javascript: links, frames or remote images', async () => {
    const { inbound } = await parse(fixture('html-only.eml'));
    expect(inbound.text).toContain('أرجو الاطلاع على طلبي.');
    const html = inbound.html ?? '';
    expect(html).toContain('<b>الاطلاع</b>');
    expect(html).not.toMatch(/<script|onclick|onerror|javascript:|<iframe|<style/i);
    expect(html).not.toMatch(/\ssrc="https:/);
    expect(html).toContain('data-remote-src="https://tracker.example/pixel.gif"');
    expect(html).toContain('<a href="https://sanad.org.sa/status" rel="noopener noreferrer nofollow">');
  });

  it('names the stored attachment of an inline cid: image and keeps the direction set on <body>', async () => {
    const raw = await new MailComposer({
      from: 'umm.saad@example.com',
      to: 'support@sanad.org.sa',
      subject: 'صورة الهوية',
      html: '<html><body dir="RTL"><p>صورة الهوية:</p><img src="cid:id-photo@mail.example"><img src="cid:unknown@x"></body></html>',
      attachments: [
        { filename: 'lease.pdf', content: Buffer.from('%PDF-1.4'), contentType: 'application/pdf' },
        {
          filename: 'id.png',
          content: Buffer.from([0x89, 0x50]),
          contentType: 'image/png',
          cid: 'id-photo@mail.example',
        },
      ],
    })
      .compile()
      .build();
    const { inbound } = await parse(raw);
    const html = inbound.html ?? '';
    expect(html.startsWith('<div dir="rtl">')).toBe(true);
    const index = inbound.attachments.findIndex((attachment) => attachment.name === 'id.png');
    expect(html).toContain(`<img data-cid="id-photo@mail.example" data-attachment="${index}" />`);
    expect(html).toContain('<img data-cid="unknown@x" />');
    expect(html).not.toContain('src="cid:');
  });

  it('reads an HTML-only mail without image addresses, and keeps its pasted data: pictures as files shown in place', async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(110_000, 7)]);
    const tiny = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(1500, 3)]);
    const jpeg = Buffer.from('ffd8ffe000104a464946ffd9', 'hex');
    const html =
      '<html dir="rtl"><body><p>صورة صك الإعالة</p>' +
      `<img src="data:image/png;base64,${png.toString('base64')}" alt="صك">` +
      '<img src="https://tracker.example.com/p.gif?u=1" alt="">' +
      `<img src="data:image/png;base64,${tiny.toString('base64')}" alt="هوية">` +
      // Said to be a PNG, and the same picture twice: its bytes name it, and it is kept once.
      `<img src="data:image/png;base64,${jpeg.toString('base64')}"><img src="data:image/png;base64,${jpeg.toString('base64')}">` +
      '<img src="data:text/html;base64,PHNjcmlwdD4=">' +
      '</body></html>';
    const raw = await new MailComposer({
      from: 'umm.saad@example.com',
      to: 'support@sanad.org.sa',
      subject: 'صورة الصك',
      html,
      attachments: [
        { filename: 'lease.pdf', content: Buffer.from('%PDF-1.4'), contentType: 'application/pdf' },
      ],
    })
      .compile()
      .build();
    const objects = new FolderObjectStore();
    const { inbound } = await parse(raw, objects);

    expect(inbound.text).toBe('صورة صك الإعالة');
    expect(inbound.attachments.map(({ name, contentType, size }) => [name, contentType, size])).toEqual([
      ['lease.pdf', 'application/pdf', 8],
      ['image-1.png', 'image/png', png.length],
      ['image-2.png', 'image/png', tiny.length],
      ['image-3.jpg', 'image/jpeg', jpeg.length],
    ]);
    expect(await objects.get(inbound.attachments[1]?.objectKey as string)).toMatchObject({ body: png });
    const kept = inbound.html ?? '';
    expect(kept).not.toContain('data:');
    expect(kept.match(/<img[^>]*>/g)).toEqual([
      '<img alt="صك" data-cid="embedded-1" data-attachment="1" />',
      '<img alt="" data-remote-src="https://tracker.example.com/p.gif?u=1" />',
      '<img alt="هوية" data-cid="embedded-2" data-attachment="2" />',
      '<img data-cid="embedded-3" data-attachment="3" />',
      '<img data-cid="embedded-3" data-attachment="3" />',
      '<img />',
    ]);
  });

  it('cuts a text too long to keep where staff see it, saying so in Arabic and English, and attaches it whole', async () => {
    const long = `بداية الرسالة\n${'كلمة '.repeat(12_000)}النهاية 🌙`;
    const raw = await new MailComposer({
      from: 'umm.saad@example.com',
      to: 'support@sanad.org.sa',
      subject: 'شرح الحالة',
      text: long,
    })
      .compile()
      .build();
    const objects = new FolderObjectStore();
    const { inbound } = await parse(raw, objects);

    expect(inbound.text.length).toBeLessThanOrEqual(40_000);
    expect(inbound.text.startsWith('بداية الرسالة\nكلمة ')).toBe(true);
    const [shown, ...note] = inbound.text.split('\n…\n');
    expect(shown?.endsWith('كلمة')).toBe(true);
    expect(note.join('')).toMatch(
      /^اقتُطع نص الرسالة هنا لطوله: عُرض \d+ من 60024 حرفًا، والنص الكامل في المرفق «النص-الكامل\.txt»\.\nMessage truncated here for length: \d+ of 60024 characters shown; the full text is attached as «النص-الكامل\.txt»\.$/,
    );
    expect(inbound.attachments).toMatchObject([{ name: 'النص-الكامل.txt', contentType: 'text/plain' }]);
    const file = await objects.get(inbound.attachments[0]?.objectKey as string);
    expect(Buffer.from(file?.body ?? []).toString('utf8')).toBe(`\uFEFF${long}`);

    // A text within the limit is kept as it came, with no file beside it.
    const { inbound: short } = await parse(
      await new MailComposer({ from: 'a@example.com', to: 'b@sanad.org.sa', subject: 'x', text: 'نص قصير' })
        .compile()
        .build(),
    );
    expect([short.text, short.attachments]).toEqual(['نص قصير', []]);
  });

  it("keeps formatting too long for the message as a sanitised page among the mail's files, its words in the text", async () => {
    const rows = Array.from(
      { length: 2_000 },
      (_, row) => `<tr><td>بند ${row}</td><td>${row * 10} ريال</td></tr>`,
    );
    const raw = await new MailComposer({
      from: 'umm.saad@example.com',
      to: 'support@sanad.org.sa',
      subject: 'كشف <المصروفات> & الدخل',
      text: 'أرفقت كشف المصروفات الشهرية.',
      html: `<p>أرفقت كشف المصروفات الشهرية.</p><script>alert(1)</script><table>${rows.join('')}</table>`,
    })
      .compile()
      .build();
    const objects = new FolderObjectStore();
    const { inbound } = await parse(raw, objects);

    expect(inbound.text).toBe('أرفقت كشف المصروفات الشهرية.');
    expect(inbound.html).toBeUndefined();
    expect(inbound.attachments).toMatchObject([{ name: 'الرسالة-بتنسيقها.html', contentType: 'text/html' }]);
    const page = Buffer.from(
      (await objects.get(inbound.attachments[0]?.objectKey as string))?.body ?? [],
    ).toString('utf8');
    expect(page).toMatch(
      /^<!doctype html>\n<html><head><meta charset="utf-8"><title>كشف &lt;المصروفات&gt; &amp; الدخل<\/title>/,
    );
    expect(page).toContain('<td>بند 1999</td><td>19990 ريال</td>');
    expect(page).not.toMatch(/<script|alert\(1\)/);
  });
});
