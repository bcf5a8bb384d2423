import type { MailIdentity } from '../../functions/channels/email/outbound-mail.ts';
import type { Secrets } from '../../shared/ports/secrets.ts';
import type { LocalRuntimeOptions } from './runtime.ts';

/** Local stand-ins for Meta's app secret and verify token (META_APP_SECRET, META_VERIFY_TOKEN override them). */
export const LOCAL_META_APP_SECRET = 'sanad-local-meta-app-secret';
export const LOCAL_META_VERIFY_TOKEN = 'sanad-local-verify-token';

/** Signs the links of files sent by SMS and of the status page locally (FILE_LINK_SECRET overrides it). */
export const LOCAL_FILE_LINK_SECRET = 'sanad-local-file-link-secret';

/** Local stand-in for the Telegram webhook secret (set TELEGRAM_WEBHOOK_SECRET to use your own). */
export const LOCAL_TELEGRAM_SECRET = 'sanad-local-telegram-secret';

/** Local stand-in for the SMS aggregator's webhook signing secret (SMS_AGGREGATOR_WEBHOOK_SECRET overrides it). */
export const LOCAL_SMS_AGGREGATOR_SECRET = 'sanad-local-sms-aggregator-secret';

export const LOCAL_MAIL_IDENTITY: MailIdentity = {
  // The display name is the society's, from its profile, on each mail.
  from: 'support@sanad.local',
  replyTo: 'support@sanad.local',
};

/** Provider credentials: the environment's, the local stand-ins', or a test's. */
export function localSecrets(options: LocalRuntimeOptions): Secrets {
  const values: Record<string, string | undefined> = {
    'telegram-webhook-secret': options.telegramWebhookSecret ?? LOCAL_TELEGRAM_SECRET,
    'telegram-bot-token': process.env.TELEGRAM_BOT_TOKEN,
    'meta-app-secret': options.metaAppSecret ?? process.env.META_APP_SECRET ?? LOCAL_META_APP_SECRET,
    'meta-verify-token': process.env.META_VERIFY_TOKEN ?? LOCAL_META_VERIFY_TOKEN,
    'whatsapp-access-token': process.env.WHATSAPP_ACCESS_TOKEN,
    'whatsapp-phone-number-id': process.env.WHATSAPP_PHONE_NUMBER_ID,
    'meta-page-access-token': process.env.META_PAGE_ACCESS_TOKEN,
    'file-link-secret': process.env.FILE_LINK_SECRET ?? LOCAL_FILE_LINK_SECRET,
    'sms-aggregator-api-key': process.env.SMS_AGGREGATOR_API_KEY,
    'sms-aggregator-webhook-secret': process.env.SMS_AGGREGATOR_WEBHOOK_SECRET ?? LOCAL_SMS_AGGREGATOR_SECRET,
    ...options.providerSecrets,
  };
  return { get: async (name) => values[name] };
}
