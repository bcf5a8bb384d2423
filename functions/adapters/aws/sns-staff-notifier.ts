import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { EscalationNotice, StaffNotifier } from '../../../shared/ports/staff-notifier.ts';
import { escalationSummary } from '../../../shared/sla/escalation-text.ts';

/** Publishes escalations to the staff-notifications topic (email/SMS subscriptions per supervisor in AWS). */
export class SnsStaffNotifier implements StaffNotifier {
  constructor(
    private readonly topicArn: string,
    private readonly sns = new SNSClient({}),
  ) {}

  async notify(notice: EscalationNotice): Promise<void> {
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: `Sanad ${notice.level}: ${notice.ticket.reference}`,
        Message: JSON.stringify({
          summary: escalationSummary(notice),
          level: notice.level,
          clock: notice.clock,
          dueAt: notice.dueAt,
          ticketId: notice.ticket.id,
          reference: notice.ticket.reference,
          queueId: notice.ticket.queueId,
          recipients: notice.recipients.map((user) => user.email),
        }),
        MessageAttributes: { level: { DataType: 'String', StringValue: notice.level } },
      }),
    );
  }
}
