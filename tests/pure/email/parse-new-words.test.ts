import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { describe, expect, it } from 'vitest';
import { newReplyText } from '../../../functions/channels/email/reply-text.ts';
import { fixture, parse } from '../../support/email-parsing.ts';

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
