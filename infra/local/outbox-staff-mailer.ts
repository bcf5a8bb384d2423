import type { StaffNoticeEmail } from '../../shared/domain/staff-notices.ts';
import type { StaffMailer } from '../../shared/ports/staff-notifier.ts';
import type { LocalOutbox } from './outbox.ts';

/** In `npm start` staff notice emails land in the local outbox, the same words SES would send. */
export function outboxStaffMailer(outbox: LocalOutbox): StaffMailer {
  return {
    async send(email: StaffNoticeEmail) {
      await outbox.deliver({
        channel: 'email',
        to: email.to,
        summary: email.subject,
        payload: JSON.stringify({
          ...(email.escalation ? { kind: 'escalation', ...email.escalation } : { ...email.notice }),
          from: email.senderName,
          subject: email.subject,
          text: email.text,
        }),
        payloadType: 'application/json',
      });
    },
  };
}
