import type { SlaClockName } from '../sla/policy.ts';
import type { StaffUser } from './staff.ts';
import type { Ticket } from './ticket.ts';

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
