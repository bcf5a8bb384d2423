import { NotFoundError } from '../domain/errors.ts';
import type { Principal, StaffUser } from '../domain/staff.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { Clock } from '../ports/clock.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { NotificationStore, StaffNotification } from '../ports/notifications.ts';
import type { EscalationNotice, StaffMailer, StaffNotifier } from '../ports/staff-notifier.ts';
import { escalationEmail, escalationSummary, noticeLanguageOf } from '../sla/escalation-text.ts';
import { type SocietyProfileDeps, viewSocietyProfile } from './society-profile.ts';

export interface NotificationDeps {
  notifications: NotificationStore;
  ids: IdGenerator;
  clock: Clock;
}

const ESCALATION_KINDS = {
  warning: 'escalation_warning',
  breach: 'escalation_breach',
  further: 'escalation_further',
} as const;

/**
 * Tells staff of escalations: a notice in each recipient's notification centre, and an email (`mailer`, the
 * platform's) to each who asked for one, both in the recipient's language.
 */
export function notificationCentreNotifier(
  deps: NotificationDeps & Pick<SocietyProfileDeps, 'societyProfile'>,
  mailer: StaffMailer,
): StaffNotifier {
  return {
    async notify(notice: EscalationNotice) {
      const at = deps.clock.now().toISOString();
      await deps.notifications.add(
        notice.recipients.map((recipient) => ({
          id: deps.ids.next(),
          userId: recipient.id,
          at,
          kind: ESCALATION_KINDS[notice.level],
          ticketId: notice.ticket.id,
          reference: notice.ticket.reference,
          text: escalationSummary(notice, noticeLanguageOf(recipient)),
        })),
      );
      const byEmail = notice.recipients.filter((recipient) => recipient.emailNotices);
      if (byEmail.length === 0) return;
      const society = await viewSocietyProfile(deps);
      for (const recipient of byEmail) await mailer.send(escalationEmail(notice, recipient, society));
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
  const text = by
    ? `أسند إليك ${by.name} التذكرة ${ticket.reference}: ${ticket.subject}`
    : `أُسندت إليك التذكرة ${ticket.reference}: ${ticket.subject}`;
  await deps.notifications.add([
    {
      id: deps.ids.next(),
      userId: ticket.assigneeId,
      at: deps.clock.now().toISOString(),
      kind: 'assigned',
      ticketId: ticket.id,
      reference: ticket.reference,
      text,
    },
  ]);
  return [ticket.assigneeId];
}

export const NOTIFICATION_PAGE = 50;

/** The caller's own notices, newest first, with how many are unread. */
export async function listMyNotifications(
  deps: NotificationDeps,
  principal: Principal,
): Promise<{ notifications: StaffNotification[]; unread: number }> {
  const notifications = await deps.notifications.listFor(principal.userId, NOTIFICATION_PAGE);
  return { notifications, unread: notifications.filter((notice) => !notice.readAt).length };
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
