import type { StaffUser } from '../domain/staff.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { SlaClockName } from '../sla/policy.ts';

/** "This ticket's response window is closing / has closed": told to the staff who must act. */
export interface EscalationNotice {
  recipients: StaffUser[];
  ticket: Ticket;
  level: 'warning' | 'breach' | 'further';
  clock: SlaClockName;
  dueAt: string;
  /** When it was told: when the escalation was acted on, the same for a sweep that tells it again. */
  toldAt: string;
}

/** Tells the staff of an escalation (their notification centre, and email for those who asked for it). */
export interface StaffNotifier {
  notify(notice: EscalationNotice): Promise<void>;
}

/** One staff member's notice as an email: one recipient, one language, from the society by name. */
export interface StaffNoticeEmail {
  to: string;
  /** The society's name in the recipient's language; the address is the deployment's sender. */
  senderName: string;
  subject: string;
  text: string;
  /** What it tells of: an escalation, or another notice (an assignment, a mention). */
  escalation?: Pick<EscalationNotice, 'level' | 'clock'> & { ticketId: string };
  notice?: { ticketId: string; kind: 'assigned' | 'mentioned' };
}

/** Sends staff their notice emails: SES in AWS; the local outbox in `npm start`. */
export interface StaffMailer {
  send(email: StaffNoticeEmail): Promise<void>;
}

/** Which notices' emails went, so each goes once however often its notice is told (SES sends whatever it is given). */
export interface NoticeEmailMarks {
  /**
   * Takes the sending of a notice's email at `at`: false when it went already, or another run took it after
   * `takenSince` and may still be sending it (one that took it earlier and never said it went died).
   */
  take(userId: string, notificationId: string, at: string, takenSince: string): Promise<boolean>;
  /** The email went: no run sends it again. */
  sent(userId: string, notificationId: string, at: string): Promise<void>;
}
