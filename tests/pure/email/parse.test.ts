import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { describe, expect, it } from 'vitest';
import { parseEmail, UnprocessableEmailError } from '../../../functions/channels/email/parse.ts';
import { newReplyText } from '../../../functions/channels/email/reply-text.ts';
import { FolderObjectStore } from '../../../infra/local/folder-object-store.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/email');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const receivedAt = new Date('2026-11-23T08:00:00Z');

async function parse(raw: Buffer, objects = new FolderObjectStore()) {
  return parseEmail({ raw, receivedAt, rawRef: 'inbound/test.eml' }, objects);
}

describe('parsing received mail: Arabic in every common encoding', () => {
  it('reads a Gmail message in UTF-8 with base64 parts and an RFC 2047 B-encoded subject and name', async () => {
    const { inbound } = await parse(fixture('gmail-utf8-base64.eml'));
    expect(inbound).toMatchObject({
      channel: 'email',
      providerMessageId: expect.stringMatching(
        /^<CAF3p2\+Qx8vZ1kT0bN7aYHq4m3Lw9sJ2dE5rU6tG7hF8iK9jL0w@mail\.gmail\.com>#[0-9a-f]{16}$/,
      ),
      identities: [{ kind: 'email', value: 'umm.khalid.1985@gmail.com', assurance: 'claimed' }],
      displayName: 'أم خالد',
      subject: 'طلب مساعدة في سداد الإيجار',
      language: 'ar',
      rawRef: 'inbound/test.eml',
      receivedAt: receivedAt.toISOString(),
    });
    expect(inbound.text).toContain('وأرجو مساعدتي في سداد إيجار شهرين متأخرين');
    expect(inbound.html).toContain('<div dir="rtl">');
  });

  it('reads the words of a mail sent as HTML only, alone in an alternative or beside an inline image', async () => {
    const html =
      '<div dir="rtl"><p>أرجو <b>تحديث</b> بياناتي البنكية</p><img src="cid:logo@x"><a href="https://x.sa">الرابط</a></div>';
    const headers = 'From: h@example.sa\r\nTo: support@sanad.local\r\nSubject: x\r\nMIME-Version: 1.0\r\n';
    const htmlPart = `Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(html).toString('base64')}\r\n`;
    const alternative = `${headers}Content-Type: multipart/alternative; boundary="a"\r\n\r\n--a\r\n${htmlPart}--a--\r\n`;
    const related = `${headers}Content-Type: multipart/related; boundary="r"\r\n\r\n--r\r\n${htmlPart}--r\r\nContent-Type: image/png\r\nContent-ID: <logo@x>\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--r--\r\n`;
    for (const raw of [alternative, related]) {
      const { inbound } = await parse(Buffer.from(raw));
      expect(inbound.text).toBe('أرجو تحديث بياناتي البنكية\n\nالرابط');
      expect(inbound.language).toBe('ar');
      expect(inbound.html).toContain('dir="rtl"');
    }
  });

  it('reads an Outlook message in windows-1256, quoted-printable, with a Q-encoded subject', async () => {
    const { inbound } = await parse(fixture('outlook-windows-1256-qp.eml'));
    expect(inbound.subject).toBe('استفسار عن موعد صرف المساعدة');
    expect(inbound.displayName).toBe('سالم العتيبي');
    expect(inbound.text).toContain('متى يتم صرف المساعدة الشهرية لهذا الشهر؟');
  });

  it('reads an ISO-8859-6 message sent as 8bit', async () => {
    const { inbound } = await parse(fixture('iso-8859-6-8bit.eml'));
    expect(inbound.subject).toBe('شكوى بخصوص تأخر الرد');
    expect(inbound.text).toBe('السلام عليكم\n\nأرسلت طلبي منذ أسبوعين ولم يصلني أي رد حتى الآن.');
  });

  it('reads a UTF-8 quoted-printable body with a B-encoded Arabic "Re:" subject', async () => {
    const { inbound } = await parse(fixture('gmail-reply-ar-qp.eml'));
    expect(inbound.subject).toBe('رد: طلب مساعدة في سداد الإيجار');
    expect(inbound.displayName).toBe('أم خالد');
  });
});

describe('parsing received mail: the new words only', () => {
  it('drops an Arabic Outlook "-----الرسالة الأصلية-----" block', async () => {
    const { inbound } = await parse(fixture('outlook-windows-1256-qp.eml'));
    expect(inbound.text).toBe(
      'مساء الخير،\n\nمتى يتم صرف المساعدة الشهرية لهذا الشهر؟\n\nمع الشكر\nسالم العتيبي',
    );
  });

  it('drops an Arabic Gmail "في … كتب …:" quote header and the quoted lines', async () => {
    const { inbound } = await parse(fixture('gmail-reply-ar-qp.eml'));
    expect(inbound.text).toBe('شكراً لكم، وصلني الرد وسأرسل المستندات غداً.');
  });

  it('drops an English Gmail "On … wrote:" quote', async () => {
    const { inbound } = await parse(fixture('gmail-reply-en.eml'));
    expect(inbound.text).toBe('Thank you. I have attached the lease contract as you asked.');
  });

  it.each([
    [
      'an English Outlook header block',
      'Thanks\n\nFrom: Sanad <s@sanad.org.sa>\nSent: Sunday\nTo: me\n\nold',
      'Thanks',
    ],
    ['an Arabic Outlook header block', 'تم\n\nمن: سند <s@sanad.org.sa>\nتاريخ الإرسال: الأحد\n\nقديم', 'تم'],
    ['an Arabic mobile signature', 'أحتاج مساعدة\n\nأرسلت من iPhone', 'أحتاج مساعدة'],
    ['a "-- " signature', 'Hello\n\n-- \nAhmed\n0500000000', 'Hello'],
    [
      'Gmail\'s Arabic "تمت كتابة ما يلي بواسطة" header',
      'حسناً\n\nفي الأحد، ٢٢ نوفمبر ٢٠٢٦ في ١٠:١٥ ص تمت كتابة ما يلي بواسطة سند <s@sanad.org.sa>:\n> نص',
      'حسناً',
    ],
  ])('drops %s', (_case, text, expected) => {
    expect(newReplyText(text, { reply: true })).toBe(expected);
  });

  it('keeps the whole text when all of it is quoted, so no words are lost', () => {
    expect(newReplyText('> quoted line one\n> line two', { reply: true })).toBe(
      '> quoted line one\n> line two',
    );
  });

  const ownWords = [
    [
      'a sentence starting "أرسلت من"',
      'السلام عليكم\nأرسلت من قبل طلب مساعدة ولم يردني أحد.\nرقم الهوية 1012345678',
    ],
    [
      'a sentence "في … كتبته … :"',
      'السلام عليكم\nفي الخطاب الذي كتبته لكم الأسبوع الماضي ذكرت ما يلي:\n1- الإيجار متأخر ثلاثة أشهر',
    ],
    [
      'a formal letter "من: / إلى:"',
      'بسم الله الرحمن الرحيم\nمن: فاطمة محمد العنزي\nإلى: جمعية سند الخيرية\nالموضوع: طلب مساعدة\nأرجو سداد فاتورة الكهرباء.',
    ],
    ['a line ending "كتب … :"', 'السلام عليكم\nهذا ما كتب الطبيب في التقرير:\nتحتاج المريضة إلى غسيل كلوي.'],
  ];

  it.each(ownWords)('keeps %s, in a new mail and in a reply', (_case, text) => {
    expect(newReplyText(text, { reply: false })).toBe(text);
    expect(newReplyText(text, { reply: true })).toBe(text);
  });

  it('cuts nothing but an "original message" block from a mail that answers nothing', () => {
    const letter = 'أحتاج مساعدة\n\nأرسلت من iPhone\n\nFrom: أمي <m@example.com>\nDate: الأحد\n\nنص الرسالة';
    expect(newReplyText(letter, { reply: false })).toBe(letter);
    expect(newReplyText('تم\n\n-----الرسالة الأصلية-----\nقديم', { reply: false })).toBe('تم');
  });

  it('keeps a forwarded letter whole: what it passes on is what the sender is sending', async () => {
    const body =
      'أرجو النظر في هذا الرد\n\n-----Original Message-----\nFrom: جهة حكومية <info@gov.example>\nDate: Sun, 22 Nov 2026\nSubject: رفض\n\nرقم الطلب 55123، سبب الرفض: نقص المستندات';
    const raw = await new MailComposer({
      from: 'أم سعد <umm.saad@example.com>',
      to: 'support@sanad.local',
      subject: 'Fwd: رد: طلب دعم',
      inReplyTo: '<earlier@gov.example>',
      text: body,
    })
      .compile()
      .build();
    expect((await parse(raw)).inbound.text).toBe(body);
  });
});

describe('parsing received mail: HTML, attachments, threading, refusal', () => {
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

  it('keeps the mail but not an attachment over the cap, noting what was left out', async () => {
    const raw = await new MailComposer({
      from: 'umm.saad@example.com',
      to: 'support@sanad.org.sa',
      subject: 'عقد الإيجار',
      text: 'مرفق العقد وصورة الهوية',
      attachments: [
        { filename: 'عقد.pdf', content: Buffer.alloc(3 * 1024 * 1024, 1), contentType: 'application/pdf' },
        { filename: 'id.png', content: Buffer.from([0x89, 0x50]), contentType: 'image/png' },
      ],
    })
      .compile()
      .build();
    const objects = new FolderObjectStore();

    const { inbound } = await parseEmail(
      { raw, receivedAt, rawRef: 'inbound/big.eml' },
      objects,
      2 * 1024 * 1024,
    );

    expect(inbound.text).toBe('مرفق العقد وصورة الهوية');
    expect(inbound.attachments[0]).toMatchObject({
      name: 'عقد.pdf',
      size: 3 * 1024 * 1024,
      state: 'failed',
      failureReason: expect.stringContaining('2 MB limit'),
    });
    expect(await objects.get(inbound.attachments[1]?.objectKey as string)).toBeDefined();
    expect(inbound.attachments[1]?.state).toBeUndefined();
  });

  it('stores attachments through the object store with name, type and size, a 10 MB one included', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024 - 9, 7)]);
    const raw = await new MailComposer({
      from: 'أبو سعد <abu.saad@example.com>',
      to: 'support@sanad.org.sa',
      subject: 'عقد الإيجار',
      text: 'مرفق عقد الإيجار وصورة الهوية',
      messageId: '<lease-1@example.com>',
      attachments: [
        { filename: 'عقد الإيجار.pdf', content: big, contentType: 'application/pdf' },
        { filename: 'id.jpg', content: Buffer.from([0xff, 0xd8, 0xff, 0xe0]), contentType: 'image/jpeg' },
      ],
    })
      .compile()
      .build();
    const objects = new FolderObjectStore();
    const { inbound } = await parse(raw, objects);
    expect(inbound.attachments).toEqual([
      expect.objectContaining({ name: 'عقد الإيجار.pdf', contentType: 'application/pdf', size: big.length }),
      expect.objectContaining({ name: 'id.jpg', contentType: 'image/jpeg', size: 4 }),
    ]);
    const stored = await objects.get(inbound.attachments[0]?.objectKey ?? '');
    expect(Buffer.from(stored?.body ?? []).equals(big)).toBe(true);
  });

  it('gives the same attachment keys on redelivery, so a retried mail adds no copies', async () => {
    const raw = await new MailComposer({
      from: 'a@example.com',
      to: 'support@sanad.org.sa',
      text: 'x',
      messageId: '<with-file@example.com>',
      attachments: [{ filename: 'report.pdf', content: 'pdf', contentType: 'application/pdf' }],
    })
      .compile()
      .build();
    const first = await parse(raw);
    const second = await parse(raw);
    expect(second.inbound.attachments[0]?.objectKey).toBe(first.inbound.attachments[0]?.objectKey);
  });

  it('stores each attachment as what its bytes are, not as the type the mail declared', async () => {
    const raw = await new MailComposer({
      from: 'a@example.com',
      to: 'support@sanad.org.sa',
      text: 'x',
      attachments: [
        { filename: 'invoice.pdf.exe', content: Buffer.from('MZ\x90\0program'), contentType: 'image/png' },
        { filename: 'photo.jpg', content: Buffer.from('no picture here'), contentType: 'image/jpeg' },
        { filename: 'note.csv', content: 'words', contentType: 'text/csv' },
      ],
    })
      .compile()
      .build();
    const objects = new FolderObjectStore();
    const { inbound } = await parse(
      // A type no mail program writes, with a letter outside ASCII: never stored, never sent as a header.
      Buffer.from(raw.toString('utf8').replace('text/csv', 'image/جpeg')),
      objects,
    );
    expect(inbound.attachments.map((attachment) => attachment.contentType)).toEqual([
      'application/x-msdownload',
      'application/octet-stream',
      'application/octet-stream',
    ]);
    const stored = await objects.get(inbound.attachments[2]?.objectKey as string);
    expect(stored?.contentType).toBe('application/octet-stream');
  });

  it('names an attachment without the direction controls that would show "كشف\u202Efdp.exe" as a PDF', async () => {
    const raw = await new MailComposer({
      from: 'a@example.com',
      to: 'support@sanad.org.sa',
      text: 'x',
      attachments: [
        {
          filename: 'كشف\u202Efdp.exe',
          content: Buffer.from('MZ\x90\0program'),
          contentType: 'application/pdf',
        },
        { filename: '\u2066\u200B\u2069', content: 'words', contentType: 'text/plain' },
      ],
    })
      .compile()
      .build();
    const { inbound } = await parse(raw);
    expect(inbound.attachments.map(({ name, contentType }) => ({ name, contentType }))).toEqual([
      { name: 'كشفfdp.exe', contentType: 'application/x-msdownload' },
      { name: 'attachment-2', contentType: 'text/plain' },
    ]);
  });

  it('knows a mail whose Message-ID is too long to key by its bytes, and threads on no such id', async () => {
    const long = `<${'x'.repeat(3_000)}@example.com>`;
    const raw = await new MailComposer({
      from: 'a@example.com',
      to: 'support@sanad.org.sa',
      text: 'x',
      messageId: long,
      inReplyTo: long,
      references: [long, '<short@example.com>'],
    })
      .compile()
      .build();
    const { inbound } = await parse(raw);
    expect(inbound.providerMessageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(inbound.threading).toMatchObject({
      messageId: undefined,
      inReplyTo: undefined,
      references: ['<short@example.com>'],
    });
  });

  it('never replaces a kept file with another mail’s that claims the same Message-ID', async () => {
    const mail = (content: string) =>
      new MailComposer({
        from: 'a@example.com',
        to: 'support@sanad.org.sa',
        text: 'x',
        messageId: '<claimed-id@example.com>',
        attachments: [{ filename: 'هوية.jpg', content, contentType: 'image/jpeg' }],
      })
        .compile()
        .build();
    const objects = new FolderObjectStore();
    const first = await parse(await mail('the identity card as first sent'), objects);
    const second = await parse(await mail('someone else’s bytes'), objects);
    const firstKey = first.inbound.attachments[0]?.objectKey as string;
    expect(second.inbound.attachments[0]?.objectKey).not.toBe(firstKey);
    const kept = await objects.get(firstKey);
    expect(Buffer.from(kept?.body ?? []).toString()).toBe('the identity card as first sent');
  });

  it('reads In-Reply-To, References and the reference token in the subject', async () => {
    const raw = fixture('gmail-reply-en.eml')
      .toString('utf8')
      .replaceAll('{IN_REPLY_TO}', 'ack-1@sanad.org.sa')
      .replaceAll('{REFERENCE}', 'SND-2026-000123');
    const { inbound } = await parse(Buffer.from(raw));
    expect(inbound.threading).toEqual({
      messageId: '<CAF3p2+RzZ9o0kT1cN8bYIr5n4Mx0tK3eF6sV7uH8iG9jL1mN2x@mail.gmail.com>',
      inReplyTo: '<ack-1@sanad.org.sa>',
      references: [
        '<CAF3p2+Qx8vZ1kT0bN7aYHq4m3Lw9sJ2dE5rU6tG7hF8iK9jL0w@mail.gmail.com>',
        '<ack-1@sanad.org.sa>',
      ],
      reference: 'SND-2026-000123',
    });
  });

  it('uses a hash of the raw mail as its id when it has no Message-ID', async () => {
    const raw = Buffer.from('From: a@example.com\r\nSubject: hi\r\n\r\nbody\r\n');
    const first = await parse(raw);
    expect(first.inbound.providerMessageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await parse(raw)).inbound.providerMessageId).toBe(first.inbound.providerMessageId);
  });

  it('keys a mail on its Message-ID together with its sender', async () => {
    const mail = fixture('gmail-utf8-base64.eml').toString('utf8');
    const original = await parse(Buffer.from(mail));
    const resent = await parse(Buffer.from(mail.replace('\nDate:', '\nX-Resent: yes\nDate:')));
    const reused = await parse(
      Buffer.from(mail.replace('Umm.Khalid.1985@Gmail.com', 'stranger@example.com')),
    );

    expect(resent.inbound.providerMessageId).toBe(original.inbound.providerMessageId);
    expect(reused.inbound.providerMessageId).not.toBe(original.inbound.providerMessageId);
    expect(reused.inbound.threading?.messageId).toBe(original.inbound.threading?.messageId);
  });

  it('reads Reply-To, X-Autorespond and the subject for the auto-reply rules', async () => {
    const raw = Buffer.from(
      'From: Office PC <office@example.com>\r\nReply-To: Salem <Salem.Home@Example.com>\r\n' +
        'X-Autorespond: yes\r\nSubject: Out of Office\r\nMessage-ID: <ooo-1@example.com>\r\n\r\naway\r\n',
    );
    const { signals } = await parse(raw);
    expect(signals).toMatchObject({
      from: 'office@example.com',
      replyTo: 'salem.home@example.com',
      xAutorespond: 'yes',
      subject: 'Out of Office',
    });
  });

  it('finds the returned Message-ID in a DSN, from the original headers it attaches', async () => {
    const dsn = fixture('bounce-dsn-with-headers.eml')
      .toString('utf8')
      .replace('{ORIGINAL_MESSAGE_ID}', 'ack-1@eu-west-1.amazonses.com');
    const { bounce } = await parse(Buffer.from(dsn));
    expect(bounce).toEqual({
      originalMessageIds: ['<ack-1@eu-west-1.amazonses.com>'],
      certain: true,
      action: 'failed',
      reason: 'Bounced: smtp; 550 5.1.1 User unknown',
    });
  });

  it('finds the returned Message-ID in Original-Message-ID or In-Reply-To when no headers are attached', async () => {
    const dsn = fixture('bounce-dsn.eml')
      .toString('utf8')
      .replace('Final-Recipient:', 'X-Original-Message-ID: <ack-2@sanad.local>\nFinal-Recipient:')
      .replace('Auto-Submitted:', 'In-Reply-To: <ack-3@sanad.local>\nAuto-Submitted:');
    const { bounce } = await parse(Buffer.from(dsn));
    expect(bounce?.originalMessageIds).toEqual(['<ack-2@sanad.local>', '<ack-3@sanad.local>']);
  });

  it.each([
    ['a Gmail delay notice', 'gmail-dsn-delayed.eml', 'delayed'],
    ['a Postfix delay notice', 'postfix-dsn-delayed.eml', 'delayed'],
    ['a Postfix success notice', 'postfix-dsn-delivered.eml', 'delivered'],
  ])('reads %s as what its recipient block says, not as a failure', async (_case, name, action) => {
    const dsn = fixture(name).toString('utf8').replaceAll('{ORIGINAL_MESSAGE_ID}', 'reply-1@sanad.local');
    const { bounce } = await parse(Buffer.from(dsn));
    expect(bounce).toEqual({ originalMessageIds: ['<reply-1@sanad.local>'], certain: true, action });
  });

  it('reads a report on several recipients as failed when one of them failed', async () => {
    const dsn = fixture('postfix-dsn-delayed.eml')
      .toString('utf8')
      .replace(
        'Will-Retry-Until: Sat, 28 Nov 2026 06:02:10 +0000 (UTC)\n',
        'Will-Retry-Until: Sat, 28 Nov 2026 06:02:10 +0000 (UTC)\n\n' +
          'Final-Recipient: rfc822; other@example.net\nAction: failed\nStatus: 5.1.1\n' +
          'Diagnostic-Code: smtp; 550 5.1.1 <other@example.net>: Recipient address rejected\n',
      );
    const { bounce } = await parse(Buffer.from(dsn));
    expect(bounce).toMatchObject({
      action: 'failed',
      reason: 'Bounced: smtp; 550 5.1.1 <other@example.net>: Recipient address rejected',
    });
  });

  it.each([
    [
      'a qmail failure notice',
      'qmail-failure-notice.eml',
      'Bounced: Sorry, no mailbox here by that name. (#5.1.1)',
    ],
    [
      'an Exim plain-text bounce',
      'exim-plain-bounce.eml',
      'Bounced: host mx.example.com [192.0.2.30]: 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
    ],
  ])('reads %s as a bounce of the message whose headers it quotes', async (_case, name, reason) => {
    const bounce = fixture(name).toString('utf8').replace('{ORIGINAL_MESSAGE_ID}', 'reply-2@sanad.local');
    expect((await parse(Buffer.from(bounce))).bounce).toEqual({
      originalMessageIds: ['<reply-2@sanad.local>'],
      certain: true,
      action: 'failed',
      reason,
    });
  });

  it('takes a mail system’s mail without a bounce subject for a bounce only by the Message-ID it quotes', async () => {
    const quoting = fixture('qmail-failure-notice.eml')
      .toString('utf8')
      .replace('Subject: failure notice', 'Subject: Your message to nobody@example.org')
      .replace('{ORIGINAL_MESSAGE_ID}', 'reply-3@sanad.local');
    expect((await parse(Buffer.from(quoting))).bounce).toMatchObject({
      originalMessageIds: ['<reply-3@sanad.local>'],
      certain: false,
      action: 'failed',
    });
    const person = Buffer.from(
      'From: postmaster@example.org\r\nTo: support@sanad.org.sa\r\nSubject: Your mail\r\n' +
        'In-Reply-To: <reply-4@sanad.local>\r\nMessage-ID: <pm-1@example.org>\r\n\r\nWho sends this?\r\n',
    );
    expect((await parse(person)).bounce).toBeUndefined();
    // An out-of-office from the null sender that quotes our mail is an automatic reply, not a bounce of it.
    const outOfOffice = Buffer.from(
      'Return-Path: <>\r\nFrom: sara@example.org\r\nTo: support@sanad.org.sa\r\nSubject: خارج المكتب\r\n' +
        'Auto-Submitted: auto-replied\r\nMessage-ID: <ooo-1@example.org>\r\n\r\n' +
        'أنا خارج المكتب حتى الأحد.\r\n\r\n> Message-ID: <reply-5@sanad.local>\r\n',
    );
    expect((await parse(outOfOffice)).bounce).toBeUndefined();
  });

  it('does not take an ordinary mail for a bounce', async () => {
    expect((await parse(fixture('auto-reply-ooo.eml'))).bounce).toBeUndefined();
    expect((await parse(fixture('gmail-utf8-base64.eml'))).bounce).toBeUndefined();
  });

  it('reports the loop-protection signals of a bounce', async () => {
    const { signals } = await parse(fixture('bounce-dsn.eml'));
    expect(signals).toMatchObject({
      from: 'mailer-daemon@mx.example.net',
      returnPath: '<>',
      autoSubmitted: 'auto-replied',
      contentType: 'multipart/report',
    });
  });

  it('reports the list headers of a newsletter', async () => {
    const { signals } = await parse(fixture('mailing-list.eml'));
    expect(signals).toMatchObject({ precedence: 'bulk', listId: 'Charity News <news.lists.example.com>' });
  });

  it('takes the sender from Sender, then the envelope, when From names no one', async () => {
    const body = 'To: support@sanad.local\r\nSubject: x\r\nMessage-ID: <s1@example.org>\r\n\r\nنص\r\n';
    const withSender = (from: string) =>
      Buffer.from(`${from}Sender: Office Scanner <scanner@office.example.org>\r\n${body}`);
    for (const raw of [withSender(''), withSender('From: undisclosed-recipients:;\r\n')]) {
      const { inbound, signals } = await parseEmail(
        { raw, receivedAt, rawRef: 'inbound/test.eml', envelopeFrom: 'bounces@relay.example.net' },
        new FolderObjectStore(),
      );
      expect(signals.from).toBe('scanner@office.example.org');
      expect(inbound.identities[0]?.value).toBe('scanner@office.example.org');
      expect(inbound.displayName).toBe('Office Scanner');
    }
    const { signals } = await parseEmail(
      {
        raw: Buffer.from(body),
        receivedAt,
        rawRef: 'inbound/test.eml',
        envelopeFrom: 'Umm.Saad@Example.org',
      },
      new FolderObjectStore(),
    );
    expect(signals.from).toBe('umm.saad@example.org');
    // A bounce's empty path (or none) names no one: the mail is dead-lettered, its raw kept.
    for (const envelopeFrom of ['', '<>', undefined]) {
      await expect(
        parseEmail(
          { raw: Buffer.from(body), receivedAt, rawRef: 'r', envelopeFrom },
          new FolderObjectStore(),
        ),
      ).rejects.toEqual(new UnprocessableEmailError('no_sender'));
    }
  });

  it('refuses malformed MIME with no sender, with a reason', async () => {
    await expect(parse(fixture('malformed.eml'))).rejects.toEqual(new UnprocessableEmailError('no_sender'));
    await expect(parse(Buffer.from('  \r\n'))).rejects.toEqual(new UnprocessableEmailError('empty'));
  });
});
