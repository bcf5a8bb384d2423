import type { InboundContact } from '../../shared/domain/inbound-contact.ts';
import { smsOptOutCommand } from '../../shared/domain/sms-opt-out.ts';
import { receiveBeneficiaryMessage } from '../../shared/use-cases/receive-beneficiary-message.ts';
import { recordSmsOptOutWord } from '../../shared/use-cases/sms-opt-out.ts';
import { smsToInbound } from '../channels/sms/parse.ts';
import { snsWebhookFunction } from '../channels/webhook.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { logger } from '../lib/observability.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';

/** Two-way SMS from the SNS topic, one received SMS a record. */
export const createSmsInboundHandler = (getDeps: () => AppDependencies) =>
  snsWebhookFunction<InboundContact>(getDeps, {
    source: () => 'sms-inbound',
    parse: (record, deps) => {
      const receivedAt = new Date(record.Sns.Timestamp ?? deps.clock.now());
      const at = Number.isNaN(receivedAt.getTime()) ? deps.clock.now() : receivedAt;
      return { entries: [smsToInbound(record.Sns.Message, at)], unreadable: [] };
    },
    ingest: async (inbound, deps) => {
      // STOP / إيقاف and START / اشتراك are answered here: recorded, never a ticket.
      const command = smsOptOutCommand(inbound.text);
      if (command) {
        const optOut = await recordSmsOptOutWord(deps, inbound, command);
        logger.info('SMS opt-out word', { ...optOut });
        return { outcome: optOut.outcome };
      }
      const { outcome, ticketId } = await receiveBeneficiaryMessage(deps, inbound);
      return { outcome, ticketId };
    },
  });

export const handler = createSmsInboundHandler(lambdaDependencies(awsSenders));
