import type { EscalationNotice, StaffNotifier } from '../../shared/ports/staff-notifier.ts';
import { escalationSummary } from '../../shared/sla/escalation-text.ts';
import type { LocalOutbox } from './outbox.ts';

/** In `npm start` escalations land in the local outbox, one entry per staff member told. */
export function outboxStaffNotifier(outbox: LocalOutbox): StaffNotifier {
  return {
    async notify(notice: EscalationNotice) {
      for (const recipient of notice.recipients) {
        await outbox.deliver({
          channel: 'email',
          to: recipient.email,
          summary: escalationSummary(notice),
          payload: JSON.stringify({
            kind: 'escalation',
            level: notice.level,
            clock: notice.clock,
            ticketId: notice.ticket.id,
          }),
          payloadType: 'application/json',
        });
      }
    },
  };
}
