import type { EventTrigger } from '../../functions/event-functions.ts';
import type { FunctionAccess } from '../../functions/routes.ts';

/** Buckets a function may be granted, named as in the registries' `access`. */
export type DataBucketName = NonNullable<FunctionAccess['buckets']>[number];

/**
 * Topics of the stateful stack: every topic a function may publish to or be triggered by. Derived from the
 * registries' types, so a topic named there and not created here fails the type check.
 */
export type TopicName =
  | NonNullable<FunctionAccess['topics']>[number]
  | Extract<EventTrigger, { kind: 'sns' }>['topic']
  /** SES sending feedback (bounces, complaints, deliveries) of the configuration set. */
  | 'emailFeedback';

/** Work queues of the stateful stack, each with its own dead-letter queue. */
export type WorkQueueName =
  | NonNullable<FunctionAccess['queues']>[number]
  | Extract<EventTrigger, { kind: 'sqs' }>['queue'];

export const SERVICE_NAME = 'sanad';

/** CloudWatch namespace of the application's own metrics (Powertools Metrics `namespace`). */
export const METRICS_NAMESPACE = 'Sanad';

/** Emitted by the escalation function: seconds between a ticket's due time and the run that escalated it. */
export const ESCALATION_LAG_METRIC = 'EscalationLagSeconds';

/**
 * Emitted (once a day at most) when automatic texts to unconfirmed numbers reach their daily budget
 * (functions/lib/outbox-alerts.ts publishes it under the same name).
 */
export const TEXT_BUDGET_METRIC = 'UnconfirmedTextBudgetExhausted';

/** Provider secrets live under this SSM path: `/sanad/secrets/<name>` (SecureString). */
export const SECRETS_PARAMETER_PREFIX = '/sanad/secrets/';

/** Where the SES receipt rule stores raw inbound mail in the raw-mail bucket. */
export const RAW_MAIL_PREFIX = 'inbound/';

/**
 * Data buckets have predictable names, so the stateless stack's policies name them without importing an ARN
 * (and cdk-nag findings about their object wildcards stay stable).
 */
export const dataBucketName = (name: DataBucketName, account: string, region: string) =>
  `sanad-${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}-${account}-${region}`;

/** `webFormContact` → `WebFormContact`, for construct ids. */
export const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** `ticketEvents` → `TICKET_EVENTS`, for environment variable names. */
export const constantCase = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
