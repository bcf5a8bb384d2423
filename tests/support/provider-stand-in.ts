import { afterAll, beforeAll } from 'vitest';
import { aggregatorSignature } from '../../functions/channels/sms/aggregator.ts';
import {
  LOCAL_META_APP_SECRET,
  LOCAL_SMS_AGGREGATOR_SECRET,
  LOCAL_TELEGRAM_SECRET,
} from '../../infra/local/local-secrets.ts';
import { metaSignature } from '../../infra/local/provider-payloads.ts';
import {
  type ProviderStandIn,
  STAND_IN_PAGE_TOKEN,
  STAND_IN_SMS_AGGREGATOR_KEY,
  STAND_IN_TELEGRAM_TOKEN,
  STAND_IN_WHATSAPP_TOKEN,
  startProviderStandIn,
} from '../../infra/local/provider-stand-in.ts';
import type { LocalRuntime, LocalRuntimeOptions } from '../../infra/local/runtime.ts';
import { postJson, startTestRuntime } from './runtime.ts';

/** The provider credentials the stand-in accepts, by the secret names the runtime reads. */
const STAND_IN_SECRETS = {
  'whatsapp-access-token': STAND_IN_WHATSAPP_TOKEN,
  'whatsapp-phone-number-id': '106540352242922',
  'telegram-bot-token': STAND_IN_TELEGRAM_TOKEN,
  'meta-page-access-token': STAND_IN_PAGE_TOKEN,
  'sms-aggregator-api-key': STAND_IN_SMS_AGGREGATOR_KEY,
};
export type StandInSecret = keyof typeof STAND_IN_SECRETS;

/**
 * The WhatsApp, Messenger/Instagram and Telegram APIs' stand-in for the test file, and runtimes that call it
 * instead of the providers; all are closed after the file.
 */
export function useProviderStandIn() {
  let standIn: ProviderStandIn | undefined;
  const runtimes: LocalRuntime[] = [];
  beforeAll(async () => {
    standIn = await startProviderStandIn();
  });
  afterAll(async () => {
    for (const runtime of runtimes) await runtime.close();
    await standIn?.close();
  });
  const live = () => {
    if (!standIn) throw new Error('The provider stand-in has not started');
    return standIn;
  };
  return {
    get standIn() {
      return live();
    },
    /** A runtime calling the stand-in, holding the credentials named (none: a developer's `npm start`). */
    async startRuntime(
      secrets: StandInSecret[],
      options: Partial<LocalRuntimeOptions> = {},
    ): Promise<LocalRuntime> {
      const runtime = await startTestRuntime({
        providerUrls: { metaGraphUrl: live().metaGraphUrl, telegramApiUrl: live().telegramApiUrl },
        providerSecrets: Object.fromEntries(secrets.map((name) => [name, STAND_IN_SECRETS[name]])),
        ...options,
      });
      runtimes.push(runtime);
      return runtime;
    },
  };
}

/** A Meta webhook (whatsapp, messenger, instagram) delivered to the runtime, signed as Meta signs it. */
export function postMetaWebhook(runtime: LocalRuntime, channel: string, payload: unknown) {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return postJson(`${runtime.url}/webhooks/${channel}`, body, metaSignature(body, LOCAL_META_APP_SECRET));
}

/** A Telegram update delivered to the runtime with the webhook's secret token. */
export function postTelegramUpdate(runtime: LocalRuntime, update: unknown) {
  return postJson(`${runtime.url}/webhooks/telegram`, update, {
    'x-telegram-bot-api-secret-token': LOCAL_TELEGRAM_SECRET,
  });
}

/**
 * A received SMS posted by the aggregator, signed as it signs (`at` the signing time; `secret` another key). The
 * raw body is sent as is, so a test can post exactly the bytes it signed.
 */
export function postAggregatorSms(
  runtime: LocalRuntime,
  payload: unknown,
  signing: { at?: Date; secret?: string; headers?: Record<string, string> } = {},
) {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const timestamp = String(Math.floor((signing.at ?? new Date()).getTime() / 1000));
  const signature = aggregatorSignature(signing.secret ?? LOCAL_SMS_AGGREGATOR_SECRET, timestamp, body);
  return postJson(
    `${runtime.url}/webhooks/sms/aggregator`,
    body,
    signing.headers ?? { 'x-sanad-timestamp': timestamp, 'x-sanad-signature': signature },
  );
}
