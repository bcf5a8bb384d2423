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

/** What receiving mail needs: the raw mail and its files, and the acknowledgement sent. */
export const RECEIVING_MAIL = {
  table: 'readwrite',
  buckets: ['rawMail', 'attachments'],
  topics: ['ticketEvents'],
  sendEmail: true,
  replies: true,
} as const satisfies FunctionAccess;

export interface EventFunctionSpec {
  /** Lambda entry file, relative to the repository root. */
  entry: string;
  trigger: EventTrigger;
  access: FunctionAccess;
}

/** A function of `functions/handlers/`, started by `trigger`, granted `access`. */
const startedBy = <const Trigger extends EventTrigger, const Access extends FunctionAccess>(
  handler: string,
  trigger: Trigger,
  access: Access,
) => ({ entry: `functions/handlers/${handler}.ts`, trigger, access });

const TABLE_ONLY = { table: 'readwrite' } as const;

export const EVENT_FUNCTIONS = {
  // Anyone can send mail.
  emailInbound: startedBy('email-inbound', { kind: 'ses-receipt' }, { ...RECEIVING_MAIL, publicInput: true }),
  emailFeedback: startedBy(
    'email-feedback',
    { kind: 'sns', topic: 'emailFeedback' },
    { table: 'readwrite', topics: ['ticketEvents'] },
  ),
  reportAggregator: startedBy('report-aggregator', { kind: 'table-stream', items: TICKET_ITEMS }, TABLE_ONLY),
  realtimeConnect: startedBy('realtime-connect', { kind: 'websocket', route: '$connect' }, TABLE_ONLY),
  realtimeDisconnect: startedBy(
    'realtime-disconnect',
    { kind: 'websocket', route: '$disconnect' },
    TABLE_ONLY,
  ),
  realtimeDefault: startedBy(
    'realtime-default',
    { kind: 'websocket', route: '$default' },
    { table: 'readwrite', websocket: true },
  ),
  realtimePush: startedBy(
    'realtime-push',
    { kind: 'sns', topic: 'ticketEvents' },
    { table: 'readwrite', websocket: true },
  ),
  searchIndexer: startedBy('search-indexer', { kind: 'sns', topic: 'ticketEvents' }, TABLE_ONLY),
  escalationSweep: startedBy(
    'escalation-sweep',
    { kind: 'schedule', everyMinutes: 1 },
    { table: 'readwrite', topics: ['ticketEvents'], notifyStaff: true },
  ),
  // Sends the reminders due on support cases and closes those whose documents never came.
  caseReminders: startedBy('case-reminders', { kind: 'schedule', everyMinutes: 1 }, REPLYING),
  // Sends SMS: a survey answered with a digit is thanked. Anyone can send a text.
  smsInbound: startedBy(
    'sms-inbound',
    { kind: 'sns', topic: 'smsInbound' },
    { table: 'readwrite', topics: ['ticketEvents'], sendSms: true, publicInput: true, replies: true },
  ),
  // Fetches received files with the providers' tokens into the attachment bucket.
  mediaFetcher: startedBy(
    'media-fetcher',
    { kind: 'sqs', queue: 'mediaFetch' },
    {
      table: 'readwrite',
      buckets: ['attachments'],
      topics: ['ticketEvents'],
      secrets: ['whatsapp-access-token', 'telegram-bot-token'],
    },
  ),
  outboxDrain: startedBy('outbox-drain', { kind: 'schedule', everyMinutes: 1 }, REPLYING),
  surveySender: startedBy('survey-sender', { kind: 'sns', topic: 'ticketEvents' }, REPLYING),
} as const satisfies Record<string, EventFunctionSpec>;
