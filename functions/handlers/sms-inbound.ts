import type { InboundContact } from '../../shared/domain/inbound-contact.ts';
import { receiveSms } from '../../shared/use-cases/receive-sms.ts';
import { smsToInbound } from '../channels/sms/parse.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { inboundMessageParts } from '../lib/dependency-parts.ts';
import { logger } from '../lib/observability.ts';
import { snsWebhookFunction } from '../lib/webhook-function.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';

/** Two-way SMS from End User Messaging's SNS topic, one received SMS a record. */
export const createSmsInboundHandler = (getDeps: () => AppDependencies) =>
  snsWebhookFunction<InboundContact>(getDeps, {
    source: () => 'sms-inbound',
    parse: (record, deps) => {
      const receivedAt = new Date(record.Sns.Timestamp ?? deps.clock.now());
      const at = Number.isNaN(receivedAt.getTime()) ? deps.clock.now() : receivedAt;
      return { entries: [smsToInbound(record.Sns.Message, at)], unreadable: [] };
    },
    ingest: async (inbound, deps) => {
      const { outcome, ticketId, optOutWord } = await receiveSms(deps, inbound);
      if (optOutWord) logger.info('SMS opt-out word', { outcome, ticketId });
      return { outcome, ticketId };
    },
  });

export const handler = createSmsInboundHandler(lambdaDependencies(awsSenders, ...inboundMessageParts));
