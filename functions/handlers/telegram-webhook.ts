import { createHash, timingSafeEqual } from 'node:crypto';
import type { InboundItem } from '../../shared/domain/inbound-item.ts';
import { parseReceivedJson } from '../../shared/domain/typed-text.ts';
import { receiveInboundItem } from '../../shared/use-cases/receive-inbound-item.ts';
import { UnreadablePayloadError } from '../channels/delivery-contents.ts';
import { telegramToItem, telegramUpdateSchema } from '../channels/telegram/parse.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { inboundMessageParts, messagesPart } from '../lib/dependency-parts.ts';
import { header, rawBody } from '../lib/http.ts';
import { type HttpWebhook, webhookFunction } from '../lib/webhook-function.ts';
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
 * edit corrects the stored message; `/start` (bare, or from a deep link) is greeted.
 */
const telegramWebhook: HttpWebhook<InboundItem> = {
  source: () => 'webhook-telegram',
  verify: async (event, deps) => {
    const secret = await deps.secrets.get('telegram-webhook-secret');
    const given = header(event, 'x-telegram-bot-api-secret-token');
    return Boolean(secret && given && sameSecret(given, secret));
  },
  parse: (event) => {
    const raw = rawBody(event);
    const update = telegramUpdateSchema.safeParse(parseReceivedJson(raw));
    if (!update.success) throw new UnreadablePayloadError('Not a Telegram update');
    const item = telegramToItem(update.data, raw);
    return { entries: item ? [item] : [], unreadable: [] };
  },
  ingest: async (item, deps) => {
    const { outcome, ticketId } = await receiveInboundItem(deps, item);
    return { outcome, ticketId };
  },
  // One update a request: its outcome and ticket.
  answer: (results) => results[0] ?? { outcome: 'ignored' },
};

export const createTelegramWebhookHandler = (getDeps: () => AppDependencies) =>
  webhookFunction(getDeps, telegramWebhook);

export const handler = createTelegramWebhookHandler(
  lambdaDependencies(awsSenders, ...inboundMessageParts, messagesPart),
);
