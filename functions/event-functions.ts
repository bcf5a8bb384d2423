import { type FunctionAccess, REPLYING } from './routes.ts';

/**
 * Functions started by something other than an HTTP request. Like `routes.ts`, this is data: the CDK stack
 * makes each function, its trigger and its least-privilege grants from it; the local runtime wires the same
 * handlers to its own triggers (SMTP port, timer, in-process events).
 */
export type EventTrigger =
  /** EventBridge schedule in AWS; a timer in `npm start`. */
  | { kind: 'schedule'; everyMinutes: number }
  /** An SNS topic of the stateful stack. */
  | { kind: 'sns'; topic: 'smsInbound' | 'ticketEvents' | 'emailFeedback' }
  /** SES receipt rule: raw mail stored in the raw-mail bucket, then this function invoked. */
  | { kind: 'ses-receipt' }
  /** The table's change stream, filtered to the items named (in AWS by the event source mapping). */
  | { kind: 'table-stream'; items: StreamItems }
  /** A route of the WebSocket API. */
  | { kind: 'websocket'; route: '$connect' | '$disconnect' | '$default' }
  /** A work queue of the stateful stack (with its own dead-letter queue); in `npm start` a background job. */
  | { kind: 'sqs'; queue: 'mediaFetch' };

/** Receives of a media-fetch job before it is dead-lettered (the queue's maxReceiveCount, the local retries). */
export const MEDIA_FETCH_ATTEMPTS = 3;

/** Which table items' changes a stream consumer is invoked for: their partition key's prefix and sort key. */
export interface StreamItems {
  partitionPrefix: string;
  sortKey: string;
}

/** Ticket items only: the sweep's watermark, markers, report and index items never invoke the consumer. */
export const TICKET_ITEMS: StreamItems = { partitionPrefix: 'TICKET#', sortKey: 'META' };

/** The same filter as the event source mapping's, for the local stream emulation. */
export const isStreamItem =
  (items: StreamItems) =>
  (key: { PK?: string; SK?: string }): boolean =>
    key.SK === items.sortKey && (key.PK ?? '').startsWith(items.partitionPrefix);

export interface EventFunctionSpec {
  /** Lambda entry file, relative to the repository root. */
  entry: string;
  trigger: EventTrigger;
  access: FunctionAccess;
}

export const EVENT_FUNCTIONS = {
  emailInbound: {
    entry: 'functions/handlers/email-inbound.ts',
    trigger: { kind: 'ses-receipt' },
    access: {
      table: 'readwrite',
      buckets: ['rawMail', 'attachments'],
      topics: ['ticketEvents'],
      sendEmail: true,
      // Anyone can send mail.
      publicInput: true,
    },
  },
  emailFeedback: {
    entry: 'functions/handlers/email-feedback.ts',
    trigger: { kind: 'sns', topic: 'emailFeedback' },
    access: { table: 'readwrite', topics: ['ticketEvents'] },
  },
  reportAggregator: {
    entry: 'functions/handlers/report-aggregator.ts',
    trigger: { kind: 'table-stream', items: TICKET_ITEMS },
    access: { table: 'readwrite' },
  },
  realtimeConnect: {
    entry: 'functions/handlers/realtime-connect.ts',
    trigger: { kind: 'websocket', route: '$connect' },
    access: { table: 'readwrite' },
  },
  realtimeDisconnect: {
    entry: 'functions/handlers/realtime-disconnect.ts',
    trigger: { kind: 'websocket', route: '$disconnect' },
    access: { table: 'readwrite' },
  },
  realtimeDefault: {
    entry: 'functions/handlers/realtime-default.ts',
    trigger: { kind: 'websocket', route: '$default' },
    access: { table: 'readwrite', websocket: true },
  },
  realtimePush: {
    entry: 'functions/handlers/realtime-push.ts',
    trigger: { kind: 'sns', topic: 'ticketEvents' },
    access: { table: 'readwrite', websocket: true },
  },
  searchIndexer: {
    entry: 'functions/handlers/search-indexer.ts',
    trigger: { kind: 'sns', topic: 'ticketEvents' },
    access: { table: 'readwrite' },
  },
  escalationSweep: {
    entry: 'functions/handlers/escalation-sweep.ts',
    trigger: { kind: 'schedule', everyMinutes: 1 },
    access: { table: 'readwrite', topics: ['ticketEvents', 'staffNotifications'] },
  },
  smsInbound: {
    entry: 'functions/handlers/sms-inbound.ts',
    trigger: { kind: 'sns', topic: 'smsInbound' },
    // Sends SMS: a survey answered with a digit is thanked. Anyone can send a text.
    access: { table: 'readwrite', topics: ['ticketEvents'], sendSms: true, publicInput: true },
  },
  mediaFetcher: {
    entry: 'functions/handlers/media-fetcher.ts',
    trigger: { kind: 'sqs', queue: 'mediaFetch' },
    // Fetches received files with the providers' tokens into the attachment bucket.
    access: {
      table: 'readwrite',
      buckets: ['attachments'],
      topics: ['ticketEvents'],
      secrets: ['whatsapp-access-token', 'telegram-bot-token'],
    },
  },
  outboxDrain: {
    entry: 'functions/handlers/outbox-drain.ts',
    trigger: { kind: 'schedule', everyMinutes: 1 },
    access: REPLYING,
  },
  surveySender: {
    entry: 'functions/handlers/survey-sender.ts',
    trigger: { kind: 'sns', topic: 'ticketEvents' },
    access: REPLYING,
  },
} as const satisfies Record<string, EventFunctionSpec>;
