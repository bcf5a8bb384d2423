import { createHash, timingSafeEqual } from 'node:crypto';
import { receiveInboundItem } from '../../shared/use-cases/receive-inbound-item.ts';
import { telegramToItem, telegramUpdateSchema } from '../channels/telegram/parse.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { header, json, rawBody } from '../lib/http.ts';
import { httpFunction } from '../lib/http-handler.ts';
import { logger } from '../lib/observability.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';

/** Compares secrets in constant time (hashing first so lengths never leak either). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * POST /webhooks/telegram: the secret token Telegram echoes is checked before anything is read; the update id is
 * the duplicate guard, so Telegram's redeliveries are harmless. An update we do not act on is acknowledged; an
 * edit corrects the stored message; a bare `/start` is greeted.
 */
export const createTelegramWebhookHandler = (getDeps: () => AppDependencies) =>
  httpFunction(getDeps, async (event, deps) => {
    const secret = await deps.secrets.get('telegram-webhook-secret');
    const given = header(event, 'x-telegram-bot-api-secret-token');
    if (!secret || !given || !sameSecret(given, secret)) {
      return json(401, { error: 'unauthorized', message: 'The webhook secret token is missing or wrong' });
    }
    let payload: unknown;
    try {
      payload = JSON.parse(rawBody(event));
    } catch {
      return json(400, { error: 'validation_failed', message: 'The update is not JSON' });
    }
    const update = telegramUpdateSchema.safeParse(payload);
    if (!update.success) {
      await deps.deadLetters.send({
        source: 'webhook-telegram',
        reason: 'Not a Telegram update',
        payload: rawBody(event),
        at: deps.clock.now().toISOString(),
      });
      return json(400, { error: 'validation_failed', message: 'The body is not a Telegram update' });
    }
    const item = telegramToItem(update.data, rawBody(event));
    if (!item) return json(200, { outcome: 'ignored' });
    const result = await receiveInboundItem(deps, item);
    logger.info('Telegram update ingested', { outcome: result.outcome, ticketId: result.ticketId });
    return json(200, { outcome: result.outcome, ticketId: result.ticketId });
  });

export const handler = createTelegramWebhookHandler(lambdaDependencies(awsSenders));
