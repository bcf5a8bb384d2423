import * as z from 'zod/mini';
import type { SmsProviderName } from '../../shared/ports/sms.ts';
import { REMINDER_SCHEDULE, type ReminderSchedule } from '../../shared/workflow/case-reminders.ts';
import {
  DEFAULT_META_GRAPH_URL,
  DEFAULT_TELEGRAM_API_URL,
  type ProviderUrls,
} from '../channels/media/provider-media.ts';

const text = z.string().check(z.minLength(1));
const url = z.url();
const count = z.coerce.number().check(z.int(), z.nonnegative());
const positiveCount = z.coerce.number().check(z.int(), z.positive());

/**
 * Every environment variable the functions read, what it is and its form: the one list the code reads (once, in
 * the composition root) and the CDK stack is checked against. Optional ones have their default in the code that
 * uses them; a missing required one fails at the first use of what needs it, naming the variable.
 */
export const SETTINGS = {
  /** The single DynamoDB table */
  TABLE_NAME: { schema: text },
  /** Set by Lambda itself */
  AWS_REGION: { schema: text },
  /** Cognito user pool whose id tokens staff present */
  USER_POOL_ID: { schema: text },
  /** The inbox's app client (the tokens' audience) */
  USER_POOL_CLIENT_ID: { schema: text },
  /** Refuses tokens issued for longer */
  TOKEN_MAX_LIFETIME_SECONDS: { schema: z.optional(count) },
  /** SSM path of the provider credentials */
  SECRETS_PARAMETER_PREFIX: { schema: z.optional(text) },
  /** Files received and sent */
  ATTACHMENTS_BUCKET: { schema: text },
  /** Received mail as SES's S3 action stored it */
  RAW_MAIL_BUCKET: { schema: text },
  /** The S3 action's object key prefix */
  RAW_MAIL_PREFIX: { schema: z.optional(z.string()) },
  /** Ticket changes, for the live inbox, search and surveys */
  TICKET_EVENTS_TOPIC_ARN: { schema: text },
  /** Events the code could not process, kept whole */
  DEAD_LETTER_QUEUE_URL: { schema: url },
  /** Received files waiting to be fetched */
  MEDIA_FETCH_QUEUE_URL: { schema: url },
  /** The WebSocket API's connection management endpoint */
  WEBSOCKET_CALLBACK_URL: { schema: url },
  /** The HTTP API, which serves links to files sent by SMS */
  PUBLIC_API_URL: { schema: url },
  /** The web app, where beneficiaries' links point */
  PUBLIC_SITE_URL: { schema: url },
  /** With waf=true: the header value that proves a request came through the API distribution */
  API_ORIGIN_SECRET: { schema: z.optional(text) },
  /** Sending address; without it no mail is sent */
  MAIL_FROM: { schema: z.optional(text) },
  /** Where answers go (MAIL_FROM by default) */
  MAIL_REPLY_TO: { schema: z.optional(text) },
  /** Routes sending events to the feedback topic */
  SES_CONFIGURATION_SET: { schema: z.optional(text) },
  /** Domain of SES's Message-IDs (by region) */
  SES_MESSAGE_ID_DOMAIN: { schema: z.optional(text) },
  /** Alphanumeric sender id of texts (every provider) */
  SMS_SENDER_ID: { schema: z.optional(text) },
  /** Who sends texts: SNS (default), End User Messaging, or the aggregator */
  SMS_PROVIDER: { schema: z.optional(z.enum(['sns', 'end-user-messaging', 'aggregator'])) },
  /** End User Messaging's configuration set for texts' delivery events */
  SMS_CONFIGURATION_SET: { schema: z.optional(text) },
  /** The SMS aggregator's API base (its key: secret sms-aggregator-api-key) */
  SMS_AGGREGATOR_URL: { schema: z.optional(url) },
  /** Automatic texts to unconfirmed numbers a day */
  UNCONFIRMED_TEXTS_PER_DAY: { schema: z.optional(count) },
  /** Least time the status page takes to answer a request for a code (1500 by default) */
  STATUS_CODE_ANSWER_MS: { schema: z.optional(count) },
  /** How long a registration lasts (12 by default); renewal is asked 30 days before */
  REGISTRATION_VALIDITY_MONTHS: { schema: z.optional(positiveCount) },
  /** Days without the missing documents before a case closes as incomplete (10 by default) */
  CASE_INCOMPLETE_AFTER_DAYS: { schema: z.optional(positiveCount) },
  /** Cap on one received file */
  MEDIA_MAX_BYTES: { schema: z.optional(positiveCount) },
  /** Graph API base (a stand-in in tests) */
  META_GRAPH_URL: { schema: z.optional(url) },
  /** Bot API host (a stand-in in tests) */
  TELEGRAM_API_URL: { schema: z.optional(url) },
} as const satisfies Record<string, { schema: z.ZodMiniType }>;

export type SettingName = keyof typeof SETTINGS;

/** The SMS provider chosen and what it needs (the aggregator's URL and sender id are required with it). */
export type SmsProviderSettings =
  | { provider: Extract<SmsProviderName, 'sns'>; senderId?: string }
  | { provider: Extract<SmsProviderName, 'end-user-messaging'>; senderId?: string; configurationSet?: string }
  | { provider: Extract<SmsProviderName, 'aggregator'>; baseUrl: string; senderId: string };
type Value<N extends SettingName> = z.output<(typeof SETTINGS)[N]['schema']>;

export class MissingSettingError extends Error {}

/** The environment as validated values; each variable is checked when first read and remembered. */
export class Settings {
  private readonly values = new Map<SettingName, unknown>();

  constructor(private readonly env: Record<string, string | undefined>) {}

  /** The variable's value, or undefined when it is not set. */
  optional<N extends SettingName>(name: N): Value<N> | undefined {
    if (!this.values.has(name)) {
      const raw = this.env[name];
      if (raw === undefined || raw === '') return undefined;
      const parsed = SETTINGS[name].schema.safeParse(raw);
      if (!parsed.success) {
        throw new Error(`Environment variable ${name} is not valid: ${parsed.error.issues[0]?.message}`);
      }
      this.values.set(name, parsed.data);
    }
    return this.values.get(name) as Value<N>;
  }

  required<N extends SettingName>(name: N): NonNullable<Value<N>> {
    const value = this.optional(name);
    if (value === undefined || value === null) {
      throw new MissingSettingError(`Environment variable ${name} is not set`);
    }
    return value as NonNullable<Value<N>>;
  }
}

/**
 * How texts are sent, from the settings. The aggregator's API key and webhook signing secret are provider
 * secrets (`sms-aggregator-api-key`, `sms-aggregator-webhook-secret`), read like the other providers' tokens.
 */
export function smsProviderOf(settings: Settings): SmsProviderSettings {
  const senderId = settings.optional('SMS_SENDER_ID');
  const provider = settings.optional('SMS_PROVIDER') ?? 'sns';
  if (provider === 'aggregator')
    return {
      provider,
      baseUrl: settings.required('SMS_AGGREGATOR_URL'),
      senderId: settings.required('SMS_SENDER_ID'),
    };
  if (provider === 'end-user-messaging')
    return { provider, senderId, configurationSet: settings.optional('SMS_CONFIGURATION_SET') };
  return { provider, senderId };
}

/** The society's reminder days, with the two it may set by environment. */
export function reminderScheduleOf(settings: Settings): ReminderSchedule {
  return {
    ...REMINDER_SCHEDULE,
    registrationValidityMonths:
      settings.optional('REGISTRATION_VALIDITY_MONTHS') ?? REMINDER_SCHEDULE.registrationValidityMonths,
    closeIncompleteAfterDays:
      settings.optional('CASE_INCOMPLETE_AFTER_DAYS') ?? REMINDER_SCHEDULE.closeIncompleteAfterDays,
  };
}

/** The providers' base URLs, the real ones unless a stand-in is named. */
export function providerUrlsOf(settings: Settings): ProviderUrls {
  const trimmed = (value: string) => value.replace(/\/+$/, '');
  return {
    metaGraphUrl: trimmed(settings.optional('META_GRAPH_URL') ?? DEFAULT_META_GRAPH_URL),
    telegramApiUrl: trimmed(settings.optional('TELEGRAM_API_URL') ?? DEFAULT_TELEGRAM_API_URL),
  };
}
