import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { AheadOfMessageError } from '../../shared/domain/errors.ts';
import type { InboundItem } from '../../shared/domain/inbound-item.ts';
import type { DeliveryWatermark } from '../../shared/domain/message.ts';
import { parseReceivedJson } from '../../shared/domain/typed-text.ts';
import { applyDeliveryWatermark } from '../../shared/use-cases/delivery-watermark.ts';
import { receiveInboundItem } from '../../shared/use-cases/receive-inbound-item.ts';
import { parseMessaging } from '../channels/meta/messaging-parse.ts';
import type { DeliveryReport, MetaChannel, MetaWebhook } from '../channels/meta/parse.ts';
import { validMetaSignature } from '../channels/meta/signature.ts';
import { parseWhatsApp } from '../channels/meta/whatsapp-parse.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { inboundMessageParts, messagesPart, profilesPart, reportsPart } from '../lib/dependency-parts.ts';
import { type HttpResult, header, json, rawBody } from '../lib/http.ts';
import { httpFunction } from '../lib/http-handler.ts';
import { type HttpWebhook, receiveHttpWebhook } from '../lib/webhook-function.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';

const PARSERS: Record<MetaChannel, (payload: unknown) => MetaWebhook> = {
  whatsapp: parseWhatsApp,
  messenger: (payload) => parseMessaging('messenger', payload),
  instagram: (payload) => parseMessaging('instagram', payload),
};

function channelOf(event: APIGatewayProxyEventV2): MetaChannel {
  return event.rawPath.split('/').at(-1) as MetaChannel;
}

/** GET: Meta's subscription check — the challenge echoed exactly, only for our verify token. */
async function verifySubscription(event: APIGatewayProxyEventV2, deps: AppDependencies): Promise<HttpResult> {
  const query = event.queryStringParameters ?? {};
  const token = await deps.secrets.get('meta-verify-token');
  if (
    query['hub.mode'] !== 'subscribe' ||
    !token ||
    query['hub.verify_token'] !== token ||
    !query['hub.challenge']
  ) {
    return json(403, { error: 'forbidden', message: 'The verify token does not match' });
  }
  return { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: query['hub.challenge'] };
}

/** Messenger and Instagram send only an id: the name comes from the profile API when we can have it. */
async function withName(deps: AppDependencies, item: InboundItem): Promise<InboundItem> {
  if (item.kind !== 'message' || item.inbound.displayName) return item;
  const userId = item.inbound.identities[0]?.value;
  const displayName = userId && (await deps.profiles.displayName(item.inbound.channel, userId));
  return displayName ? { ...item, inbound: { ...item.inbound, displayName } } : item;
}

/**
 * How long a delivery report of a message we have not recorded is answered 503. Meta may report a message before
 * the sender has written down its id (the report races the write after the Send API's answer); Meta delivers a
 * refused webhook again, less and less often, for days, so the report comes back once the message is recorded.
 * Reports of messages never recorded (a greeting, one sent from WhatsApp Manager) are refused only this long, then
 * acknowledged and dropped.
 */
const REPORT_AHEAD_WAIT_MS = 10 * 60_000;

const isRecent = (deps: AppDependencies, at: string | undefined) =>
  at !== undefined && deps.clock.now().getTime() - Date.parse(at) < REPORT_AHEAD_WAIT_MS;

type MetaEntry =
  | { item: InboundItem }
  | { channel: MetaChannel; report: DeliveryReport }
  | { watermark: DeliveryWatermark };

/**
 * POST: the X-Hub-Signature-256 of the raw body first; then each message, edit, reaction and delivery report of
 * the batch is acted on by itself.
 */
const metaWebhook: HttpWebhook<MetaEntry> = {
  source: (event) => `webhook-${channelOf(event)}`,
  verify: async (event, deps) => {
    const secret = await deps.secrets.get('meta-app-secret');
    if (!secret) return false;
    // The HMAC is of the exact bytes Meta sent.
    const raw = event.body
      ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8')
      : Buffer.alloc(0);
    return validMetaSignature(raw, header(event, 'x-hub-signature-256'), secret);
  },
  parse: (event) => {
    const channel = channelOf(event);
    const webhook = PARSERS[channel](parseReceivedJson(rawBody(event)));
    return {
      entries: [
        ...webhook.items.map((item) => ({ item })),
        ...webhook.reports.map((report) => ({ channel, report })),
        ...webhook.watermarks.map((watermark) => ({ watermark })),
      ],
      unreadable: webhook.unreadable,
    };
  },
  ingest: async (entry, deps) => {
    if ('item' in entry) return receiveInboundItem(deps, await withName(deps, entry.item));
    if ('watermark' in entry) {
      await applyDeliveryWatermark(deps, entry.watermark);
      return undefined;
    }
    const { report } = entry;
    const found = await deps.store.updateDeliveryStatus(
      entry.channel,
      report.providerMessageId,
      report.status,
      report.reason,
    );
    if (!found && isRecent(deps, report.at))
      // Its message may still be being recorded: refused for now (503), so Meta delivers it again.
      throw new AheadOfMessageError('A delivery report of a message not recorded yet; deliver it again');
    return undefined;
  },
  answer: (results) => ({ outcomes: results.flatMap((result) => (result ? [result.outcome] : [])) }),
};

export const createMetaWebhooksHandler = (getDeps: () => AppDependencies) =>
  httpFunction(getDeps, async (event, deps) =>
    event.requestContext.http.method === 'GET'
      ? verifySubscription(event, deps)
      : receiveHttpWebhook(metaWebhook, event, deps),
  );

export const handler = createMetaWebhooksHandler(
  lambdaDependencies(awsSenders, ...inboundMessageParts, messagesPart, profilesPart, reportsPart),
);
