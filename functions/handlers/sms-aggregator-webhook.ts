import { receiveSms } from '../../shared/use-cases/receive-sms.ts';
import {
  AGGREGATOR_SIGNATURE_HEADER,
  AGGREGATOR_TIMESTAMP_HEADER,
  aggregatorPost,
  aggregatorSignatureRefusal,
} from '../channels/sms/aggregator.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { inboundMessageParts } from '../lib/dependency-parts.ts';
import { header, rawBody } from '../lib/http.ts';
import { logger } from '../lib/observability.ts';
import { type HttpWebhook, webhookFunction } from '../lib/webhook-function.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';

/**
 * POST /webhooks/sms/aggregator: one received SMS or one delivery report, signed by the aggregator over its
 * timestamp and raw body (`functions/channels/sms/aggregator.ts`); refused with the reason before anything is
 * read. A received SMS's message id is the duplicate guard, so a retried delivery answers with the same ticket;
 * a report finds the text we sent by the id the aggregator gave it.
 */
const aggregatorWebhook: HttpWebhook<ReturnType<typeof aggregatorPost>> = {
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
    entries: [aggregatorPost(rawBody(event), deps.clock.now())],
    unreadable: [],
  }),
  ingest: async (post, deps) => {
    if ('report' in post) {
      const { messageId, status, reason } = post.report;
      const found = await deps.store.updateDeliveryStatus('sms', messageId, status, reason);
      return { outcome: found ? 'delivery_report' : 'unknown_message' };
    }
    const { outcome, ticketId, optOutWord } = await receiveSms(deps, post.inbound);
    if (optOutWord) logger.info('SMS opt-out word', { outcome, ticketId });
    return { outcome, ticketId };
  },
  answer: (results) => results[0] ?? { outcome: 'ignored' },
};

export const createSmsAggregatorWebhookHandler = (getDeps: () => AppDependencies) =>
  webhookFunction(getDeps, aggregatorWebhook);

export const handler = createSmsAggregatorWebhookHandler(
  lambdaDependencies(awsSenders, ...inboundMessageParts),
);
