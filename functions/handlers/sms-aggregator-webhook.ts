import type { InboundContact } from '../../shared/domain/inbound-contact.ts';
import { receiveSms } from '../../shared/use-cases/receive-sms.ts';
import {
  AGGREGATOR_SIGNATURE_HEADER,
  AGGREGATOR_TIMESTAMP_HEADER,
  aggregatorSignatureRefusal,
  aggregatorToInbound,
} from '../channels/sms/aggregator.ts';
import { type HttpWebhook, webhookFunction } from '../channels/webhook.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { header, rawBody } from '../lib/http.ts';
import { logger } from '../lib/observability.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';

/**
 * POST /webhooks/sms/aggregator: one received SMS, signed by the aggregator over its timestamp and raw body
 * (`functions/channels/sms/aggregator.ts`); refused with the reason before anything is read. Its message id is
 * the duplicate guard, so a retried delivery answers with the same ticket.
 */
const aggregatorWebhook: HttpWebhook<InboundContact> = {
  source: () => 'webhook-sms-aggregator',
  verify: async (event, deps) => {
    const refusal = aggregatorSignatureRefusal(
      {
        timestamp: header(event, AGGREGATOR_TIMESTAMP_HEADER),
        signature: header(event, AGGREGATOR_SIGNATURE_HEADER),
        rawBody: rawBody(event),
      },
      await deps.secrets.get('sms-aggregator-webhook-secret'),
      deps.clock.now(),
    );
    return refusal ? { refused: refusal } : true;
  },
  parse: (event, deps) => ({
    entries: [aggregatorToInbound(rawBody(event), deps.clock.now())],
    unreadable: [],
  }),
  ingest: async (inbound, deps) => {
    const { outcome, ticketId, optOutWord } = await receiveSms(deps, inbound);
    if (optOutWord) logger.info('SMS opt-out word', { outcome, ticketId });
    return { outcome, ticketId };
  },
  answer: (results) => results[0] ?? { outcome: 'ignored' },
};

export const createSmsAggregatorWebhookHandler = (getDeps: () => AppDependencies) =>
  webhookFunction(getDeps, aggregatorWebhook);

export const handler = createSmsAggregatorWebhookHandler(lambdaDependencies(awsSenders));
