import middy from '@middy/core';
import type { APIGatewayProxyEventV2, SNSEvent, SNSEventRecord } from 'aws-lambda';
import { AheadOfMessageError, GoneError, ValidationError } from '../../shared/domain/errors.ts';
import {
  type DeliveryContents,
  type EntryResult,
  type UnreadablePart,
  UnreadablePayloadError,
} from '../channels/delivery-contents.ts';
import type { AppDependencies } from './dependencies.ts';
import { type HttpResult, json, rawBody } from './http.ts';
import { httpFunction } from './http-handler.ts';
import { logger, observability } from './observability.ts';

/** One provider's webhook: how its deliveries are read and acted on, entry by entry. */
export interface Webhook<Delivery, Entry> {
  /** Names the dead letters of this delivery (`webhook-whatsapp`, `sms-inbound`). */
  source(delivery: Delivery): string;
  /** The delivery's contents; throws UnreadablePayloadError (or a JSON SyntaxError) when none of it can be read. */
  parse(delivery: Delivery, deps: AppDependencies): DeliveryContents<Entry>;
  ingest(entry: Entry, deps: AppDependencies): Promise<EntryResult>;
}

interface DeliveryOutcome {
  /** None of the delivery could be read: it was kept whole. */
  unreadable?: true;
  results: EntryResult[];
  /** Some entry failed in a way a later attempt may not: the provider must deliver again (intake is idempotent). */
  redeliver: boolean;
}

/**
 * A refusal of the entry itself, the same on every attempt. Anything else may pass later: the store down, a busy
 * sender, a ticket changing under contention (a ConflictError too).
 */
function isPermanent(error: unknown): error is Error {
  return (
    error instanceof ValidationError ||
    error instanceof GoneError ||
    error instanceof UnreadablePayloadError ||
    // The store refused what the entry would write (a key or an item over DynamoDB's limits): so it will again.
    (error instanceof Error && error.name === 'ValidationException')
  );
}

/**
 * Acts on each entry by itself, so one bad entry never loses the others: an unreadable part, or an entry refused
 * for good, is dead-lettered (kept whole for replay); a failure that may pass is left for the provider's redelivery.
 */
async function receiveDelivery<Delivery, Entry>(
  webhook: Webhook<Delivery, Entry>,
  delivery: Delivery,
  raw: string,
  deps: AppDependencies,
): Promise<DeliveryOutcome> {
  const source = webhook.source(delivery);
  const setAside = (part: UnreadablePart) =>
    deps.deadLetters.send({
      source,
      reason: part.reason,
      payload: part.raw,
      at: deps.clock.now().toISOString(),
    });
  let contents: DeliveryContents<Entry>;
  try {
    contents = webhook.parse(delivery, deps);
  } catch (error) {
    if (!(error instanceof UnreadablePayloadError) && !(error instanceof SyntaxError)) throw error;
    // A JSON error quotes the body; the reason must not carry the beneficiary's words into the logs.
    await setAside({ reason: error instanceof SyntaxError ? 'The body is not JSON' : error.message, raw });
    return { unreadable: true, results: [], redeliver: false };
  }
  const outcome: DeliveryOutcome = { results: [], redeliver: false };
  for (const part of contents.unreadable) {
    await setAside(part);
    outcome.results.push({ outcome: 'dead-lettered' });
  }
  for (const entry of contents.entries) {
    try {
      outcome.results.push(await webhook.ingest(entry, deps));
    } catch (error) {
      // An entry that overtook its message is asked for again by design: a warning, not an alarm.
      if (error instanceof AheadOfMessageError)
        logger.warn('Webhook entry deferred', { source, reason: error.message });
      else logger.error('Webhook entry failed', { source, error: String(error).slice(0, 300) });
      if (!isPermanent(error)) {
        outcome.redeliver = true;
        continue;
      }
      await setAside({ reason: error.message, raw: JSON.stringify(entry) });
      outcome.results.push({ outcome: 'dead-lettered' });
    }
  }
  logger.info('Webhook delivery processed', {
    source,
    outcomes: outcome.results.map((result) => result?.outcome),
    redeliver: outcome.redeliver,
  });
  return outcome;
}

export interface HttpWebhook<Entry> extends Webhook<APIGatewayProxyEventV2, Entry> {
  /**
   * Whether the request carries the provider's signature or secret; checked before anything is read. A refusal
   * may say why (a stale timestamp is not a wrong signature).
   */
  verify(event: APIGatewayProxyEventV2, deps: AppDependencies): Promise<boolean | { refused: string }>;
  /** The body the provider gets back with a 200. */
  answer(results: EntryResult[]): unknown;
}

/**
 * A provider's HTTP webhook: 401 without its signature; 200 once every entry is stored or dead-lettered (Meta and
 * Telegram stop resending on a 2xx); 503 when an entry may succeed later, so the provider resends the delivery
 * (Meta retries anything but a 200, Telegram anything but a 2xx) and the entries already stored are found again.
 */
export async function receiveHttpWebhook<Entry>(
  webhook: HttpWebhook<Entry>,
  event: APIGatewayProxyEventV2,
  deps: AppDependencies,
): Promise<HttpResult> {
  const verdict = await webhook.verify(event, deps);
  if (verdict !== true) {
    const message = verdict === false ? 'The webhook signature is missing or wrong' : verdict.refused;
    return json(401, { error: 'unauthorized', message });
  }
  const { unreadable, results, redeliver } = await receiveDelivery(webhook, event, rawBody(event), deps);
  if (unreadable) return json(200, { outcome: 'dead-lettered' });
  if (redeliver)
    return json(503, { error: 'unavailable', message: 'Not all of the delivery was stored; send it again' });
  return json(200, webhook.answer(results));
}

export const webhookFunction = <Entry>(getDeps: () => AppDependencies, webhook: HttpWebhook<Entry>) =>
  httpFunction(getDeps, (event, deps) => receiveHttpWebhook(webhook, event, deps));

/**
 * A provider's deliveries through an SNS topic (no signature to check: SNS invokes the function under IAM). Each
 * record by itself; when one may succeed later the invocation fails after the others, so Lambda retries the event
 * and finally sends it to the function's dead-letter destination.
 */
export const snsWebhookFunction = <Entry>(
  getDeps: () => AppDependencies,
  webhook: Webhook<SNSEventRecord, Entry>,
) =>
  middy<SNSEvent, void>()
    .use(observability())
    .handler(async (event) => {
      const deps = getDeps();
      let redeliver = false;
      for (const record of event.Records) {
        redeliver = (await receiveDelivery(webhook, record, record.Sns.Message, deps)).redeliver || redeliver;
      }
      if (redeliver) throw new Error('Some records of the event were not stored; Lambda retries the event');
    });
