import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import Encoding from 'encoding-japanese';
import { build } from 'esbuild';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseEmail } from '../../functions/channels/email/parse.ts';
import { BUNDLE_ALIASES } from '../../infra/aws/bundle-aliases.ts';
import { FolderObjectStore } from '../../infra/local/folder-object-store.ts';

const FIXTURES = resolve('tests/fixtures/email');
const OUT = resolve('tests/.artifacts/email-charsets/parse.cjs');
const receivedAt = new Date('2026-11-22T15:40:05Z');

type Parse = typeof parseEmail;
let deployedParse: Parse;
let bundled: string[];

/** The email parser as the deployed bundle has it: the same esbuild aliases (infra/aws/bundle-aliases.ts). */
beforeAll(async () => {
  const { metafile } = await build({
    entryPoints: [resolve('functions/channels/email/parse.ts')],
    outfile: OUT,
    bundle: true,
    metafile: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*'],
    alias: BUNDLE_ALIASES,
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: 'const __bundleUrl=require("node:url").pathToFileURL(__filename).href;' },
    logLevel: 'silent',
  });
  bundled = Object.keys(metafile.inputs);
  deployedParse = createRequire(import.meta.url)(OUT).parseEmail;
}, 60_000);

/** A one-part mail whose sender's name, subject and body are in `charset`, as `encode` writes them. */
function mailIn(
  charset: string,
  encode: (text: string) => Buffer,
  { name, subject, text }: { name: string; subject: string; text: string },
): Buffer {
  return Buffer.concat([
    Buffer.from(
      [
        `From: =?${charset}?B?${encode(name).toString('base64')}?= <asker@example.com>`,
        'To: support@sanad.org.sa',
        `Subject: =?${charset}?B?${encode(subject).toString('base64')}?=`,
        `Message-ID: <${charset}@example.com>`,
        'MIME-Version: 1.0',
        `Content-Type: text/plain; charset="${charset}"`,
        'Content-Transfer-Encoding: base64',
        '',
        encode(text).toString('base64'),
        '',
      ].join('\r\n'),
    ),
  ]);
}

const jis = (text: string) =>
  Buffer.from(Encoding.convert(Encoding.stringToCode(text), { to: 'JIS', from: 'UNICODE' }) as number[]);
const byIconv = (charset: string) => (text: string) => iconv.encode(text, charset);
const utf16WithBigEndianMark = (text: string) =>
  Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]);

/**
 * Mail in the charsets beneficiaries' and others' clients send, beyond the Arabic fixtures: each charset with
 * its encoder and the sender's name, subject and text in it.
 */
const GENERATED = Object.fromEntries(
  (
    [
      ['iso-2022-jp', jis, '山田', '支援のお願い', '家賃の支払いについてご相談したいです。'],
      ['shift_jis', byIconv('shift_jis'), '佐藤', '申請書', '書類を添付しました。'],
      ['euc-kr', byIconv('euc-kr'), '김민수', '지원 요청', '도움이 필요합니다.'],
      ['gb18030', byIconv('gb18030'), '王伟', '申请援助', '我们需要帮助。'],
      ['windows-1256', byIconv('windows-1256'), 'سائل', 'طلب مساعدة', 'أرجو مساعدتي في سداد الإيجار.'],
      ['utf-16', utf16WithBigEndianMark, 'سائل', 'طلب', 'السلام عليكم'],
    ] as const
  ).map(([charset, encode, name, subject, text]) => [
    charset,
    mailOf(charset, encode, { name, subject, text }),
  ]),
);

function mailOf(
  charset: string,
  encode: (text: string) => Buffer,
  parts: { name: string; subject: string; text: string },
) {
  return { raw: mailIn(charset, encode, parts), ...parts };
}

async function both(raw: Buffer) {
  const delivery = { raw, receivedAt, rawRef: 'inbound/test.eml' };
  return {
    real: await parseEmail(delivery, new FolderObjectStore()),
    deployed: await deployedParse(delivery, new FolderObjectStore()),
  };
}

describe('the deployed email parser, on the runtime decoders instead of iconv-lite', () => {
  it('bundles none of the packages the aliases replace', () => {
    for (const replaced of ['iconv-lite', 'encoding-japanese', 'he', 'postcss', 'linkify-it', 'tlds']) {
      expect(bundled.filter((path) => path.includes(`node_modules/${replaced}/`))).toEqual([]);
    }
    // libmime and htmlparser2 once each, not once per module format.
    expect(bundled.filter((path) => /node_modules\/libmime\/dist\/cjs\//.test(path))).toEqual([]);
    expect(bundled.filter((path) => /node_modules\/htmlparser2\/dist\/commonjs\//.test(path))).toEqual([]);
  });

  it.each(readdirSync(FIXTURES).filter((file) => file.endsWith('.eml')))(
    'reads %s as the full packages do',
    async (file) => {
      const raw = readFileSync(join(FIXTURES, file));
      const delivery = { raw, receivedAt, rawRef: 'inbound/test.eml' };
      const real = await parseEmail(delivery, new FolderObjectStore()).catch((error: Error) => error);
      const deployed = await deployedParse(delivery, new FolderObjectStore()).catch((error: Error) => error);
      expect(deployed).toEqual(real);
    },
  );

  it.each(Object.entries(GENERATED))('reads mail in %s as the full packages do', async (_charset, mail) => {
    const { real, deployed } = await both(mail.raw);
    expect(deployed.inbound.subject).toBe(mail.subject);
    expect(deployed.inbound.text).toBe(mail.text);
    expect(deployed.inbound.displayName).toBe(mail.name);
    expect(deployed).toEqual(real);
  });

  it('reads Arabic fixtures in windows-1256, ISO-8859-6 and UTF-8 base64 as Arabic', async () => {
    const outlook = await both(readFileSync(join(FIXTURES, 'outlook-windows-1256-qp.eml')));
    expect(outlook.deployed.inbound.subject).toBe('استفسار عن موعد صرف المساعدة');
    const iso = await both(readFileSync(join(FIXTURES, 'iso-8859-6-8bit.eml')));
    expect(iso.deployed.inbound.subject).toBe('شكوى بخصوص تأخر الرد');
    const gmail = await both(readFileSync(join(FIXTURES, 'gmail-utf8-base64.eml')));
    expect(gmail.deployed.inbound.text).toContain('وأرجو مساعدتي في سداد إيجار شهرين متأخرين');
  });

  it('leaves links in text and HTML mail as the full packages do, with no link finder bundled', async () => {
    const text = 'رابط الطلب: https://sanad.org.sa/status?ref=SR-1 و www.example.com أو asker@example.com';
    const mail = (type: string, body: string) =>
      Buffer.from(
        [
          'From: asker@example.com',
          'Subject: links',
          `Message-ID: <links-${type}@example.com>`,
          'MIME-Version: 1.0',
          `Content-Type: text/${type}; charset="utf-8"`,
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.from(body).toString('base64'),
          '',
        ].join('\r\n'),
      );
    const plain = await both(mail('plain', text));
    expect(plain.deployed.inbound.text).toBe(text);
    expect(plain.deployed).toEqual(plain.real);
    const html = await both(mail('html', `<p>${text} <a href="https://sanad.org.sa">سند</a></p>`));
    expect(html.deployed.inbound.text).toContain('https://sanad.org.sa/status?ref=SR-1');
    expect(html.deployed).toEqual(html.real);
  });

  it('sanitizes HTML mail as the full packages do, entities and Arabic included', async () => {
    const html = Buffer.from(
      [
        'From: asker@example.com',
        'Subject: html',
        'Message-ID: <html-entities@example.com>',
        'MIME-Version: 1.0',
        'Content-Type: text/html; charset="windows-1256"',
        'Content-Transfer-Encoding: base64',
        '',
        iconv
          .encode(
            '<html dir="rtl"><body><p style="color:red" onclick="x()">مرحبا &amp; &copy; &hellip;</p>' +
              '<script>alert(1)</script><img src="https://t.example/p.gif"></body></html>',
            'windows-1256',
          )
          .toString('base64'),
        '',
      ].join('\r\n'),
    );
    const { real, deployed } = await both(html);
    expect(deployed.inbound.html).toContain('مرحبا');
    expect(deployed.inbound.html).not.toMatch(/script|onclick|style=/);
    expect(deployed).toEqual(real);
  });
});
