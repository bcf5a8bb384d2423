import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { InboundItem } from '../../shared/domain/inbound-item.ts';
import { receiveInboundItem } from '../../shared/use-cases/receive-inbound-item.ts';
import {
  type MetaChannel,
  type MetaWebhook,
  parseMessaging,
  parseWhatsApp,
  UnreadableWebhookError,
} from '../channels/meta/parse.ts';
import { validMetaSignature } from '../channels/meta/signature.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { type HttpResult, header, json } from '../lib/http.ts';
import { httpFunction } from '../lib/http-handler.ts';
import { logger } from '../lib/observability.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';

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
 * POST: signature first, then parse; each message, edit, reaction and delivery report of the batch is acted on by
 * itself. Meta does not resend a batch we answered 200, so a part that cannot be read or fails is dead-lettered
 * alone (kept for replay) and never takes the others with it.
 */
async function receive(event: APIGatewayProxyEventV2, deps: AppDependencies): Promise<HttpResult> {
  const channel = channelOf(event);
  const raw = event.body
    ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8')
    : Buffer.alloc(0);
  const secret = await deps.secrets.get('meta-app-secret');
  if (!secret || !validMetaSignature(raw, header(event, 'x-hub-signature-256'), secret)) {
    return json(401, {
      error: 'unauthorized',
      message: 'The X-Hub-Signature-256 signature is missing or wrong',
    });
  }
  const setAside = (reason: string, payload: string) =>
    deps.deadLetters.send({
      source: `webhook-${channel}`,
      reason,
      payload,
      at: deps.clock.now().toISOString(),
    });
  let webhook: MetaWebhook;
  try {
    const payload: unknown = JSON.parse(raw.toString('utf8'));
    webhook = channel === 'whatsapp' ? parseWhatsApp(payload) : parseMessaging(channel, payload);
  } catch (error) {
    if (!(error instanceof UnreadableWebhookError) && !(error instanceof SyntaxError)) throw error;
    // Signed by Meta but not something we read: kept whole, and acknowledged so Meta stops redelivering it.
    // A JSON error quotes the body; the reason must not carry the beneficiary's words into the logs.
    await setAside(
      error instanceof SyntaxError ? 'The body is not JSON' : error.message,
      raw.toString('utf8'),
    );
    return json(200, { outcome: 'dead-lettered' });
  }
  const outcomes: string[] = [];
  for (const part of webhook.unreadable) {
    await setAside(part.reason, part.raw);
    outcomes.push('dead-lettered');
  }
  for (const item of webhook.items) {
    try {
      outcomes.push((await receiveInboundItem(deps, await withName(deps, item))).outcome);
    } catch (error) {
      logger.error('Webhook item failed; set aside', {
        channel,
        kind: item.kind,
        error: String(error).slice(0, 300),
      });
      await setAside(`The ${item.kind} could not be processed`, JSON.stringify(item));
      outcomes.push('dead-lettered');
    }
  }
  for (const report of webhook.reports) {
    await deps.store.updateDeliveryStatus(channel, report.providerMessageId, report.status, report.reason);
  }
  logger.info('Meta webhook processed', { channel, outcomes, reports: webhook.reports.length });
  return json(200, { outcomes, reports: webhook.reports.length });
}

export const createMetaWebhooksHandler = (getDeps: () => AppDependencies) =>
  httpFunction(getDeps, async (event, deps) =>
    event.requestContext.http.method === 'GET' ? verifySubscription(event, deps) : receive(event, deps),
  );

export const handler = createMetaWebhooksHandler(lambdaDependencies(awsSenders));
