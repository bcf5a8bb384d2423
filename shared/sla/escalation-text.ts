import { dateFormatOnFirstUse } from '../domain/date-format-on-first-use.ts';
import { type DateLanguage, hijriWithGregorian } from '../domain/hijri-date.ts';
import type { SocietyProfile } from '../domain/society-profile.ts';
import type { StaffUser } from '../domain/staff.ts';
import type { EscalationNotice, StaffNoticeEmail } from '../domain/staff-notices.ts';

const CLOCK_NAMES = {
  ar: {
    firstResponse: 'الرد الأول',
    nextResponse: 'الرد التالي',
    resolution: 'الحل',
    committeeDecision: 'قرار لجنة البحث',
  },
  en: {
    firstResponse: 'first response',
    nextResponse: 'next response',
    resolution: 'resolution',
    committeeDecision: 'research committee decision',
  },
} as const;

/** Times on the society's clock, like every date staff and beneficiaries read. */
const TIME = {
  ar: dateFormatOnFirstUse('ar-SA-u-nu-arab', {
    timeZone: 'Asia/Riyadh',
    hour: 'numeric',
    minute: '2-digit',
  }),
  en: dateFormatOnFirstUse('en-GB', { timeZone: 'Asia/Riyadh', hour: '2-digit', minute: '2-digit' }),
};

/** The language a staff member reads their notices in: Arabic unless they chose English. */
export function noticeLanguageOf(user: Pick<StaffUser, 'language'>): DateLanguage {
  return user.language ?? 'ar';
}

function headline(notice: EscalationNotice, language: DateLanguage): string {
  const clock = CLOCK_NAMES[language][notice.clock];
  if (language === 'en') {
    return notice.level === 'further'
      ? `Escalation: the ${clock} deadline has passed and is still unanswered`
      : notice.level === 'breach'
        ? `The ${clock} deadline has passed`
        : `The ${clock} deadline is close`;
  }
  return notice.level === 'further'
    ? `تصعيد: مهلة ${clock} متجاوزة ولم يُرد بعد`
    : notice.level === 'breach'
      ? `تجاوز مهلة ${clock}`
      : `اقتراب انتهاء مهلة ${clock}`;
}

/** The one line a staff member reads in their notification centre, wholly in their language. */
export function escalationSummary(notice: EscalationNotice, language: DateLanguage = 'ar'): string {
  const forTicket = language === 'en' ? 'for ticket' : 'للتذكرة';
  return `${headline(notice, language)} ${forTicket} ${notice.ticket.reference}: ${notice.ticket.subject}`;
}

/**
 * The email one staff member gets for an escalation, in their language and from the society by name; built here
 * so SES in AWS and the local outbox send the same words.
 */
export function escalationEmail(
  notice: EscalationNotice,
  recipient: StaffUser,
  society: Pick<SocietyProfile, 'nameAr' | 'nameEn'>,
  inboxUrl: string,
): StaffNoticeEmail {
  const language = noticeLanguageOf(recipient);
  const due = `${hijriWithGregorian(notice.dueAt, language)} ${TIME[language]().format(new Date(notice.dueAt))}`;
  return {
    to: recipient.email,
    senderName: language === 'en' ? society.nameEn : society.nameAr,
    subject: `${headline(notice, language)}: ${notice.ticket.reference}`,
    text: noticeLetter(recipient, society, {
      lines: [
        `${escalationSummary(notice, language)}.`,
        language === 'en' ? `Due: ${due}` : `الموعد: ${due}`,
      ],
      reference: notice.ticket.reference,
      link: ticketLink(inboxUrl, notice.ticket.id),
    }),
    escalation: { ticketId: notice.ticket.id, level: notice.level, clock: notice.clock },
  };
}

/** The inbox's own address of a ticket (its `#/tickets/{id}` route), which a signed-in member opens it at. */
export function ticketLink(inboxUrl: string, ticketId: string): string {
  return `${inboxUrl.replace(/\/+$/, '')}/#/tickets/${encodeURIComponent(ticketId)}`;
}

/** A staff notice email's text in its reader's language: greeting, what happened, the ticket's link, why sent. */
function noticeLetter(
  recipient: StaffUser,
  society: Pick<SocietyProfile, 'nameAr' | 'nameEn'>,
  body: { lines: string[]; reference: string; link: string },
): string {
  return (
    noticeLanguageOf(recipient) === 'en'
      ? [
          `Hello ${recipient.name},`,
          '',
          ...body.lines,
          '',
          `Open ticket ${body.reference} in the Sanad inbox to act on it:`,
          body.link,
          '',
          'You receive this email because email notices are on in your staff record.',
          '',
          society.nameEn,
        ]
      : [
          `مرحباً ${recipient.name}،`,
          '',
          ...body.lines,
          '',
          `افتح التذكرة ${body.reference} في صندوق سند الوارد لمتابعتها:`,
          body.link,
          '',
          'تصلك هذه الرسالة لأن إشعارات البريد مفعّلة في سجلك.',
          '',
          society.nameAr,
        ]
  ).join('\n');
}

/** An assignment's or a mention's email: the notice's line in the recipient's language, and where to act. */
export function staffNoticeEmail(
  recipient: StaffUser,
  society: Pick<SocietyProfile, 'nameAr' | 'nameEn'>,
  notice: { kind: 'assigned' | 'mentioned'; ticketId: string; reference: string; line: string },
  inboxUrl: string,
): StaffNoticeEmail {
  const language = noticeLanguageOf(recipient);
  return {
    to: recipient.email,
    senderName: language === 'en' ? society.nameEn : society.nameAr,
    subject: notice.line,
    text: noticeLetter(recipient, society, {
      lines: [`${notice.line}.`],
      reference: notice.reference,
      link: ticketLink(inboxUrl, notice.ticketId),
    }),
    notice: { ticketId: notice.ticketId, kind: notice.kind },
  };
}
