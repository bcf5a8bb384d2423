import { canSeeQueue, seesAllQueues } from '../domain/access-policy.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { DateLanguage } from '../domain/hijri-date.ts';
import type { Principal, StaffUser } from '../domain/staff.ts';
import type { EscalationNotice } from '../domain/staff-notices.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { Clock } from '../ports/clock.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { NotificationStore, StaffNotification } from '../ports/notifications.ts';
import type { NoticeEmailMarks, StaffMailer, StaffNotifier } from '../ports/staff-notifier.ts';
import {
  escalationEmail,
  escalationSummary,
  noticeLanguageOf,
  staffNoticeEmail,
} from '../sla/escalation-text.ts';
import { type SocietyProfileDeps, viewSocietyProfile } from './society-profile.ts';

export interface NotificationDeps {
  notifications: NotificationStore;
  ids: IdGenerator;
  clock: Clock;
  /** Who a notice is for: their language, and whether they asked for email too. */
  staffDirectory?: {
    getStaffUser(userId: string): Promise<StaffUser | undefined>;
    listStaffUsers(): Promise<StaffUser[]>;
  };
  /** Email for those who asked for it; without it only the notification centre is told. */
  staffMail?: StaffNoticeMail;
}

/**
 * A notice's dependencies taken out of a wider set member by member: spreading the set would build every member
 * of a lazily built one (a Lambda's), including those its function never names.
 */
export function noticeDepsOf(
  deps: Omit<NotificationDeps, 'notifications'>,
  notifications: NotificationStore,
): NotificationDeps {
  const { ids, clock, staffDirectory, staffMail } = deps;
  return { notifications, ids, clock, staffDirectory, staffMail };
}

/** The platform's staff mailer, the society whose name the emails carry, and the inbox their links open. */
export interface StaffNoticeMail extends Pick<SocietyProfileDeps, 'societyProfile'> {
  mailer: StaffMailer;
  inboxUrl: string;
}

/** A notice other than an escalation, with its line in each language. */
interface StaffNotice {
  kind: 'assigned' | 'mentioned';
  ticket: Pick<Ticket, 'id' | 'reference'>;
  line: Record<DateLanguage, string>;
}

/** Whoever chose them, a disabled account (someone who left) is told nothing: a notice names a beneficiary's ticket. */
const reachable = (recipients: StaffUser[]) => recipients.filter((recipient) => !recipient.disabled);

/**
 * Leaves the notice in each recipient's notification centre and emails it to those who asked for email, each in
 * their own language. Returns who was told, for the ticket change that reaches their inbox.
 */
async function tellStaff(
  deps: NotificationDeps,
  chosen: StaffUser[],
  notice: StaffNotice,
): Promise<string[]> {
  const recipients = reachable(chosen);
  if (recipients.length === 0) return [];
  const at = deps.clock.now().toISOString();
  await deps.notifications.add(
    recipients.map((recipient) => ({
      id: deps.ids.next(),
      userId: recipient.id,
      at,
      kind: notice.kind,
      ticketId: notice.ticket.id,
      reference: notice.ticket.reference,
      text: notice.line[noticeLanguageOf(recipient)],
      lines: notice.line,
    })),
  );
  const byEmail = recipients.filter((recipient) => recipient.emailNotices && recipient.email);
  if (deps.staffMail && byEmail.length > 0) {
    const society = await viewSocietyProfile(deps.staffMail);
    for (const recipient of byEmail)
      await deps.staffMail.mailer.send(
        staffNoticeEmail(
          recipient,
          society,
          {
            kind: notice.kind,
            ticketId: notice.ticket.id,
            reference: notice.ticket.reference,
            line: notice.line[noticeLanguageOf(recipient)],
          },
          deps.staffMail.inboxUrl,
        ),
      );
  }
  return recipients.map((recipient) => recipient.id);
}

/** The staff member a notice is for, as the directory knows them (or by id alone, told in Arabic, no email). */
async function staffMember(deps: NotificationDeps, userId: string): Promise<StaffUser> {
  return (
    (await deps.staffDirectory?.getStaffUser(userId)) ?? {
      id: userId,
      email: '',
      name: '',
      roles: [],
      queueIds: [],
    }
  );
}

/** How long a run that took a notice's email has to send it before another may (SES takes well under a second). */
const EMAIL_SENDING_MS = 60_000;

const ESCALATION_KINDS = {
  warning: 'escalation_warning',
  breach: 'escalation_breach',
  further: 'escalation_further',
} as const;

/**
 * Tells staff of escalations: a notice in each recipient's notification centre, and an email (`mailer`, the
 * platform's) to each who asked for one, both in the recipient's language; `sentEmails` keeps each email to once.
 */
export function notificationCentreNotifier(
  deps: NotificationDeps & Pick<SocietyProfileDeps, 'societyProfile'>,
  mail: Pick<StaffNoticeMail, 'mailer' | 'inboxUrl'> & { sentEmails: NoticeEmailMarks },
): StaffNotifier {
  return {
    async notify(chosen: EscalationNotice) {
      const notice = { ...chosen, recipients: reachable(chosen.recipients) };
      // Sorted by when it was told, not by when the window closed (a late one would sort into the past); the same
      // notice told again (a sweep taking over from one that died) has the first one's id, and is left as it is.
      const idFor = (recipient: StaffUser) =>
        deps.ids.repeatable(
          new Date(notice.toldAt),
          `${notice.ticket.id}#${notice.level}#${notice.clock}#${notice.dueAt}#${recipient.id}`,
        );
      await deps.notifications.add(
        notice.recipients.map((recipient) => ({
          id: idFor(recipient),
          userId: recipient.id,
          at: notice.toldAt,
          kind: ESCALATION_KINDS[notice.level],
          ticketId: notice.ticket.id,
          reference: notice.ticket.reference,
          text: escalationSummary(notice, noticeLanguageOf(recipient)),
          lines: { ar: escalationSummary(notice, 'ar'), en: escalationSummary(notice, 'en') },
        })),
      );
      const byEmail = notice.recipients.filter((recipient) => recipient.emailNotices);
      if (byEmail.length === 0) return;
      const society = await viewSocietyProfile(deps);
      for (const recipient of byEmail) {
        // Each notice's email once: a sweep taking over from one that died sends only what that one did not.
        const now = deps.clock.now();
        const id = idFor(recipient);
        const taken = await mail.sentEmails.take(
          recipient.id,
          id,
          now.toISOString(),
          new Date(now.getTime() - EMAIL_SENDING_MS).toISOString(),
        );
        if (!taken) continue;
        await mail.mailer.send(escalationEmail(notice, recipient, society, mail.inboxUrl));
        await mail.sentEmails.sent(recipient.id, id, deps.clock.now().toISOString());
      }
    },
  };
}

/**
 * "A ticket is now yours": told to the new assignee, unless they took it themselves. Returns who was told, for
 * the ticket change that reaches their inbox.
 */
export async function noticeAssignment(
  deps: NotificationDeps,
  ticket: Pick<Ticket, 'id' | 'reference' | 'subject' | 'assigneeId'>,
  by?: Pick<Principal, 'userId' | 'name'>,
): Promise<string[]> {
  if (!ticket.assigneeId || ticket.assigneeId === by?.userId) return [];
  const subject = ticket.subject;
  return tellStaff(deps, [await staffMember(deps, ticket.assigneeId)], {
    kind: 'assigned',
    ticket,
    line: by
      ? {
          ar: `أسند إليك ${by.name} التذكرة ${ticket.reference}: ${subject}`,
          en: `${by.name} assigned you ticket ${ticket.reference}: ${subject}`,
        }
      : {
          ar: `أُسندت إليك التذكرة ${ticket.reference}: ${subject}`,
          en: `Ticket ${ticket.reference} was assigned to you: ${subject}`,
        },
  });
}

/** A mention: `@` and the part of a staff member's email before the @ (or their user id). */
const MENTION = /(?:^|[^\p{L}\p{N}_.@-])@([\p{L}\p{N}_.-]{2,64})/gu;

/** The staff a note names with `@`, who may see its ticket, other than its writer. */
export function mentionedStaff(
  text: string,
  staff: StaffUser[],
  ticket: Pick<Ticket, 'queueId'>,
  writerId: string,
): StaffUser[] {
  const handles = new Set([...text.matchAll(MENTION)].map((match) => (match[1] ?? '').toLowerCase()));
  if (handles.size === 0) return [];
  return staff.filter(
    (user) =>
      !user.disabled &&
      user.id !== writerId &&
      (handles.has(user.id.toLowerCase()) || handles.has(user.email.split('@')[0]?.toLowerCase() ?? '')) &&
      canSeeQueue({ ...user, userId: user.id }, ticket.queueId),
  );
}

/** "You were mentioned in a note": told to each staff member the note names who may see the ticket. */
export async function noticeMentions(
  deps: NotificationDeps,
  ticket: Pick<Ticket, 'id' | 'reference' | 'queueId'>,
  note: string,
  by: Pick<Principal, 'userId' | 'name'>,
): Promise<string[]> {
  if (!note.includes('@') || !deps.staffDirectory) return [];
  const recipients = mentionedStaff(note, await deps.staffDirectory.listStaffUsers(), ticket, by.userId);
  const excerpt = note.length > 140 ? `${note.slice(0, 140)}…` : note;
  return tellStaff(deps, recipients, {
    kind: 'mentioned',
    ticket,
    line: {
      ar: `ذكرك ${by.name} في ملاحظة على التذكرة ${ticket.reference}: ${excerpt}`,
      en: `${by.name} mentioned you in a note on ticket ${ticket.reference}: ${excerpt}`,
    },
  });
}

export const NOTIFICATION_PAGE = 50;
/** How far back unread notices are counted: a new one raises the count even when the page is all unread. */
const UNREAD_COUNTED = 200;

/**
 * The caller's own notices, newest first, with how many are unread. A notice of a ticket the caller may no longer
 * see (moved to a queue not theirs) is not shown: it holds the ticket's subject or a note's words. Beyond the page,
 * unread notices are counted unread as they are, their tickets unread too.
 */
export async function listMyNotifications(
  deps: NotificationDeps & { store: { getTickets(ticketIds: string[]): Promise<Ticket[]> } },
  principal: Principal,
): Promise<{ notifications: StaffNotification[]; unread: number }> {
  const recent = await deps.notifications.listFor(principal.userId, UNREAD_COUNTED);
  const listed = recent.slice(0, NOTIFICATION_PAGE);
  let notifications = listed;
  if (!seesAllQueues(principal)) {
    const ticketIds = [...new Set(listed.map((notice) => notice.ticketId))];
    const tickets = await deps.store.getTickets(ticketIds);
    const seen = new Set(
      tickets.flatMap((ticket) => (canSeeQueue(principal, ticket.queueId) ? [ticket.id] : [])),
    );
    notifications = listed.filter((notice) => seen.has(notice.ticketId));
  }
  const unread = [...notifications, ...recent.slice(NOTIFICATION_PAGE)].filter((notice) => !notice.readAt);
  return { notifications, unread: unread.length };
}

/** Marks one of the caller's own notices read; someone else's is not found. */
export async function markNotificationRead(
  deps: NotificationDeps,
  principal: Principal,
  notificationId: string,
): Promise<void> {
  const marked = await deps.notifications.markRead(
    principal.userId,
    notificationId,
    deps.clock.now().toISOString(),
  );
  if (!marked) throw new NotFoundError('Notification');
}

/** Committee members hear of their own decision window through the committee queue they belong to. */
export function committeeMembersOf(staff: StaffUser[], queueId: string): StaffUser[] {
  return staff.filter(
    (user) =>
      user.roles.includes('committee') && user.queueIds.includes(queueId) && !user.away && !user.disabled,
  );
}
