import { describe, expect, it } from 'vitest';
import { fixture, parse, receivedAt } from '../../support/email-parsing.ts';

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

  it("reads a subject and a name written raw in windows-1256 (no encoded words), by the mail's charset or Arabic Windows", async () => {
    const mail = (contentType: string) =>
      Buffer.concat([
        Buffer.from('From: '),
        win1256('سالم العتيبي'),
        Buffer.from(' <salem@example.sa>\r\nTo: support@sanad.local\r\nSubject: '),
        win1256('طلب مساعدة عاجل'),
        Buffer.from(`\r\nMIME-Version: 1.0\r\n${contentType}Content-Transfer-Encoding: 8bit\r\n\r\n`),
        win1256('السلام عليكم'),
        Buffer.from('\r\n'),
      ]);
    // Declared, declared without a charset, or not declared at all (plain text): the words come out whole.
    for (const contentType of [
      'Content-Type: text/plain; charset="windows-1256"\r\n',
      'Content-Type: text/plain\r\n',
      'Content-type: text/plain;\r\n format=flowed\r\n',
      '',
    ]) {
      const { inbound } = await parse(mail(contentType));
      expect(inbound.subject).toBe('طلب مساعدة عاجل');
      expect(inbound.displayName).toBe('سالم العتيبي');
      expect(inbound.text).toBe('السلام عليكم');
    }
    // A UTF-8 text with no charset is read as UTF-8.
    const utf8 = Buffer.from(
      'From: a@example.sa\r\nTo: support@sanad.local\r\nSubject: سؤال\r\nContent-Type: text/plain\r\n\r\nأهلًا\r\n',
    );
    expect((await parse(utf8)).inbound).toMatchObject({ subject: 'سؤال', text: 'أهلًا' });
    expect((await parse(mail('Content-Type: text/plain; charset=windows-1256\r\n'))).inbound.text).toBe(
      'السلام عليكم',
    );
  });

  it("reads raw windows-1256 in a part's head and a part's text with no charset, in quoted-printable or base64", async () => {
    const quotedPrintable = (bytes: Buffer) =>
      [...bytes]
        .map((byte) =>
          byte >= 0x80 || byte === 0x3d ? `=${byte.toString(16).toUpperCase()}` : String.fromCharCode(byte),
        )
        .join('');
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
    const mail = (charsets: string) =>
      Buffer.concat([
        Buffer.from(
          'From: salem@example.sa\r\nTo: support@sanad.local\r\nSubject: =?windows-1256?Q?ID?=\r\nMIME-Version: 1.0\r\n' +
            'Content-Type: multipart/mixed; boundary="=_NextPart_01"\r\n\r\nThis is a multi-part message in MIME format.\r\n' +
            '--=_NextPart_01\r\nContent-Type: multipart/alternative; boundary="=_NextPart_02"\r\n\r\n' +
            `--=_NextPart_02\r\nContent-Type: text/plain${charsets}\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n`,
        ),
        Buffer.from(quotedPrintable(win1256('السلام عليكم، أرفقت صورة الهوية'))),
        Buffer.from(
          '\r\n--=_NextPart_02\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
            `${win1256('<p>السلام عليكم، أرفقت صورة الهوية</p>').toString('base64')}\r\n--=_NextPart_02--\r\n\r\n` +
            '--=_NextPart_01\r\nContent-Type: image/jpeg;\r\n\tname="',
        ),
        win1256('صورة الهوية.jpg'),
        Buffer.from('"\r\nContent-Disposition: attachment;\r\n\tfilename="'),
        win1256('صورة الهوية.jpg'),
        Buffer.from(
          `"\r\nContent-Transfer-Encoding: base64\r\n\r\n${photo.toString('base64')}\r\n--=_NextPart_01--\r\n`,
        ),
      ]);
    // No charset anywhere (Arabic Windows), or the text's own.
    for (const charsets of ['', '; format=flowed', '; charset="windows-1256"']) {
      const { inbound } = await parse(mail(charsets));
      expect(inbound.text).toBe('السلام عليكم، أرفقت صورة الهوية');
      expect(inbound.attachments.map((file) => file.name)).toEqual(['صورة الهوية.jpg']);
      expect(inbound.attachments[0]?.size).toBe(photo.length);
    }
  });

  it('reads a UTF-8 quoted-printable body with a B-encoded Arabic "Re:" subject', async () => {
    const { inbound } = await parse(fixture('gmail-reply-ar-qp.eml'));
    expect(inbound.subject).toBe('رد: طلب مساعدة في سداد الإيجار');
    expect(inbound.displayName).toBe('أم خالد');
  });
});

/** Arabic text in the windows-1256 code page, byte by byte (Node decodes it but does not encode it). */
function win1256(text: string): Buffer {
  const decoder = new TextDecoder('windows-1256');
  const table = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) table.set(decoder.decode(Uint8Array.of(byte)), byte);
  return Buffer.from([...text].map((char) => table.get(char) ?? 0x3f));
}
