import EmailReplyParser from 'email-reply-parser';

/** Outlook's separator before the message answered: nobody writes it in a letter of their own. */
const ORIGINAL_MESSAGE = /^\s*-{2,}\s*(?:الرسالة الأصلية|Original Message)\s*-{2,}\s*$/im;

/**
 * Quote headers the library does not know: Arabic Gmail/Apple Mail ("في … كتب …:", "تمت كتابة ما يلي بواسطة"),
 * Arabic Outlook ("من: … / تاريخ الإرسال:"), and English Outlook's header block. Each names an address or a
 * date, which a sentence of the sender's ("في الخطاب الذي كتبته لكم ذكرت ما يلي:") does not.
 */
const QUOTE_HEADERS = [
  /^\s*في\s[^\n]*(?:\n[^\n]*)?(?:\sكتبت?\s|تمت كتابة ما يلي بواسطة)[^\n]*:\s*$/m,
  /^[^\n]*@[^\n]*\sكتبت?\s*:\s*$/m,
  /^\s*من\s*:[^\n]*\n\s*(?:تاريخ الإرسال|أرسلت|التاريخ)\s*:/m,
  /^\s*From\s*:[^\n]*\n\s*(?:Sent|Date)\s*:/m,
];
const NAMES_ADDRESS_OR_DATE = /[@\d\u0660-\u0669]/;

/** Mobile signatures the library does not know, in Arabic: "أرسلت من iPhone", "مرسلة من جوالي". */
const SIGNATURE_LINES =
  /^\s*(?:أُ?رسلت|مرسلة?|تم الإرسال)\s+من\s+(?:\S+\s+)?(?:iPhone|iPad|Android|Samsung|Galaxy|Huawei|Outlook|Yahoo|آيفون|ايفون|الآيفون|الايفون|آيباد|جهاز|جوال|جوالي|هاتف|هاتفي|سامسونج|هواوي|أندرويد|اندرويد|بريد|تطبيق)[^\n]{0,30}$/imu;

/**
 * The new part of a mail: quoted history and signatures removed. Only a reply (it answers a mail by its headers,
 * or its subject says so) is cut; in any other mail, lines that look like a quote header or a signature are the
 * sender's own words, except Outlook's "original message" separator. When nothing would be left (a mail that is
 * all quote), the whole text is kept, so no words of the sender are ever lost.
 */
export function newReplyText(text: string, mail: { reply: boolean }): string {
  const normalised = text.replace(/\r\n?/g, '\n');
  let cut = normalised.length;
  const cutAt = (pattern: RegExp, names = false) => {
    const match = pattern.exec(normalised);
    if (match && match.index < cut && (!names || NAMES_ADDRESS_OR_DATE.test(match[0]))) cut = match.index;
  };
  cutAt(ORIGINAL_MESSAGE);
  if (!mail.reply) return normalised.slice(0, cut).trim() || normalised.trim();
  for (const pattern of QUOTE_HEADERS) cutAt(pattern, true);
  cutAt(SIGNATURE_LINES);
  const reply = new EmailReplyParser().parseReply(normalised.slice(0, cut)).trim();
  return reply || normalised.trim();
}

/** A subject that answers a mail ("Re:", "رد:"), or passes one on ("Fwd:", "إعادة توجيه:"). */
const REPLY_SUBJECT = /^\s*(?:re|aw|sv|رد)\s*:/i;
const FORWARD_SUBJECT = /^\s*(?:fwd?|fw|tr|wg|إعادة توجيه|توجيه)\s*:/i;

/**
 * What a mail's text is: a reply (it answers a mail by its headers or its subject), whose quoted history may be cut;
 * a forward, whose quoted letter is what the sender is sending, kept whole; or a new mail.
 */
export function mailKind(mail: {
  subject?: string;
  inReplyTo?: string;
  references: string[];
}): 'reply' | 'forward' | 'new' {
  if (FORWARD_SUBJECT.test(mail.subject ?? '')) return 'forward';
  const reply =
    Boolean(mail.inReplyTo) || mail.references.length > 0 || REPLY_SUBJECT.test(mail.subject ?? '');
  return reply ? 'reply' : 'new';
}
