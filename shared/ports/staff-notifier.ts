import type { EscalationNotice, StaffNoticeEmail } from '../domain/staff-notices.ts';

/** Tells the staff of an escalation (their notification centre, and email for those who asked for it). */
export interface StaffNotifier {
  notify(notice: EscalationNotice): Promise<void>;
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
