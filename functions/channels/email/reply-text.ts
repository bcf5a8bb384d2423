import EmailReplyParser from 'email-reply-parser';

/**
 * Quote headers the library does not know: Arabic Gmail/Apple Mail ("في … كتب …:", "تمت كتابة ما يلي بواسطة"),
 * Arabic Outlook ("-----الرسالة الأصلية-----", "من: … / تاريخ الإرسال:"), and English Outlook's header block.
 */
const QUOTE_HEADERS = [
  /^\s*في\s[^\n]*(?:\n[^\n]*)?(?:كتب|كتبت|تمت كتابة ما يلي بواسطة)[^\n]*:\s*$/m,
  /^[^\n]*(?:كتب|كتبت)\s*:\s*$/m,
  /^\s*-{2,}\s*الرسالة الأصلية\s*-{2,}\s*$/m,
  /^\s*من\s*:[^\n]*\n\s*(?:تاريخ الإرسال|أرسلت|التاريخ|إلى)\s*:/m,
  /^\s*From\s*:[^\n]*\n\s*(?:Sent|Date)\s*:/m,
];

/** Mobile signatures the library does not know, in Arabic. */
const SIGNATURE_LINES = /^\s*(?:أُ?رسلت|مرسلة?|تم الإرسال)\s+من\s[^\n]*$/m;

/**
 * The new part of a reply: quoted history and signatures removed. When nothing would be left (a forward, or a
 * mail that is all quote), the whole text is kept, so no words of the sender are ever lost.
 */
export function newReplyText(text: string): string {
  const normalised = text.replace(/\r\n?/g, '\n');
  let cut = normalised.length;
  for (const pattern of [...QUOTE_HEADERS, SIGNATURE_LINES]) {
    const match = pattern.exec(normalised);
    if (match && match.index < cut) cut = match.index;
  }
  const reply = new EmailReplyParser().parseReply(normalised.slice(0, cut)).trim();
  return reply || normalised.trim();
}
