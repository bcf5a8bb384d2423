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
}

/** SNS (staff notifications topic) in AWS; the local outbox in `npm start`. */
export interface StaffNotifier {
  notify(notice: EscalationNotice): Promise<void>;
}
