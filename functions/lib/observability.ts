import { AsyncLocalStorage } from 'node:async_hooks';
import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { TicketEventPublisher } from '../../shared/ports/events.ts';
import type { OutboundMessage, OutboundSenders } from '../../shared/ports/outbound.ts';
import type { AutomaticMessage, OutboxStore } from '../../shared/ports/outbox.ts';
import { runtimeRequire } from '../adapters/aws/runtime-require.ts';

/**
 * The invocation running: its correlation id, for the composition root to stamp on events and outbound messages,
 * and its Lambda context, for its log lines. Each invocation enters its own, so concurrent invocations in one
 * process (`npm start`) never share them; `ownInvocation` keeps one started inside another (`npm start`'s event
 * bus calling a subscriber) from entering its own into its caller's.
 */
interface Invocation {
  correlationId?: string;
  context?: Context;
}
const invocationContext = new AsyncLocalStorage<Invocation | undefined>();

/**
 * Runs an invocation in a scope of its own, so what it enters never becomes its caller's. A fresh store each time:
 * `run` with the store already in place (no invocation in either) calls straight through, and an enter inside
 * would then stay with the caller.
 */
export const ownInvocation = <T>(run: () => T): T => invocationContext.run({}, run);

/**
 * Powertools' log line, its function and correlation id those of the invocation that logs it: in Lambda the one
 * function of the process; in `npm start`, where every function shares one logger, each line names its own.
 */
class InvocationLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const invocation = invocationContext.getStore();
    // Not the logger's own context: in `npm start` that is the last invoked function's, whoever logs now.
    const context = invocation?.context;
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: attributes.lambdaContext?.coldStart,
        function_arn: context?.invokedFunctionArn,
        function_memory_size: context?.memoryLimitInMB,
        function_name: context?.functionName,
        function_request_id: context?.awsRequestId,
        sampling_rate: attributes.sampleRateValue,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes({ ...additional, correlationId: invocation?.correlationId });
  }
}

/** One logger for every function; values that identify a beneficiary never go into it. */
export const logger = new Logger({
  serviceName: 'sanad',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | 'DEBUG' | 'WARN' | 'ERROR' | 'SILENT' | undefined) ?? 'INFO',
  logFormatter: new InvocationLogFormatter(),
});

/**
 * X-Ray subsegments through Powertools, loaded only inside Lambda when the deployment asks for them
 * (`-c traceCalls=true` sets POWERTOOLS_TRACE_ENABLED). Loading it adds 15–20 ms to every cold start (the X-Ray
 * SDK and its semver), and its cls-hooked namespace puts an async hook with a destroy callback on every promise of
 * the process (a tenth of `npm start`'s CPU per contact); Lambda's active tracing records the invocation without it.
 */
const tracingOn =
  process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined && process.env.POWERTOOLS_TRACE_ENABLED === 'true';

/** Required while the function initialises, so no invocation pays for loading it. */
function startTracing(): MiddlewareObj {
  const { Tracer } = runtimeRequire(
    '@aws-lambda-powertools/tracer',
  ) as typeof import('@aws-lambda-powertools/tracer');
  const { captureLambdaHandler } = runtimeRequire(
    '@aws-lambda-powertools/tracer/middleware',
  ) as typeof import('@aws-lambda-powertools/tracer/middleware');
  return captureLambdaHandler(new Tracer({ serviceName: 'sanad' }), { captureResponse: false });
}

/** The handler's subsegment per invocation, or none (outside Lambda, or tracing calls off). */
export const tracing: MiddlewareObj | undefined = tracingOn ? startTracing() : undefined;

type AnyRecord = Record<string, unknown>;

/**
 * The id that ties together the log lines, events and outbound messages of one request or provider message: API
 * Gateway's request id, the SNS, SQS or SES message id, the stream record's event id, or the scheduled event's
 * id. A message we published ourselves (a ticket change) carries the id of what caused it, and keeps it.
 */
export function correlationIdOf(event: unknown): string | undefined {
  const value = (event ?? {}) as AnyRecord;
  const requestId = (value.requestContext as AnyRecord | undefined)?.requestId;
  if (typeof requestId === 'string') return requestId;
  const first = Array.isArray(value.Records) ? ((value.Records[0] ?? {}) as AnyRecord) : undefined;
  const sns = first?.Sns as AnyRecord | undefined;
  const candidates = first
    ? [
        carriedCorrelationId(sns?.Message ?? first.body),
        sns?.MessageId,
        first.messageId,
        ((first.ses as AnyRecord | undefined)?.mail as AnyRecord | undefined)?.messageId,
        first.eventID,
      ]
    : [value.id];
  return candidates.find((candidate): candidate is string => typeof candidate === 'string');
}

/** The `correlationId` a JSON message body carries, if it is one of ours. */
function carriedCorrelationId(body: unknown): string | undefined {
  if (typeof body !== 'string' || !body.includes('"correlationId"')) return undefined;
  try {
    const id = (JSON.parse(body) as AnyRecord).correlationId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

export const currentCorrelationId = (): string | undefined => invocationContext.getStore()?.correlationId;

/** The running invocation's Lambda context: which function, which request (the bench tells invocations apart by it). */
export const currentLambdaContext = (): Context | undefined => invocationContext.getStore()?.context;

const correlation = (): MiddlewareObj => ({
  before: (request) => {
    invocationContext.enterWith({ correlationId: correlationIdOf(request.event), context: request.context });
  },
});

/**
 * Runs one piece of a batch (a stream record) under its own correlation id: what it publishes or records carries
 * that id, not the invocation's. Its log lines name the id themselves, since records of a batch run side by side.
 */
export const withCorrelationId = <T>(correlationId: string | undefined, work: () => Promise<T>): Promise<T> =>
  invocationContext.run({ ...invocationContext.getStore(), correlationId }, work);

/**
 * What every handler wears, once: Lambda context and the correlation id on each log line (reset between
 * invocations), and a trace segment per invocation. Responses stay out of traces: they carry personal data.
 */
export const observability = (): MiddlewareObj[] => [
  // First: middy calls the first hook before it awaits anything, so the id entered there reaches the handler.
  correlation(),
  injectLambdaContext(logger, { resetKeys: true }),
  ...(tracing ? [tracing] : []),
];

/** A plain handler with the same observability (for handlers that need no other middleware). */
export const observed = <Event, Result>(handler: (event: Event, context: Context) => Promise<Result>) =>
  middy<Event, Result>(handler).use(observability());

/** Ticket changes carry the correlation id of what caused them, so their consumers log under it. */
export function correlatedEvents(publisher: TicketEventPublisher): TicketEventPublisher {
  return {
    publish: (change) =>
      publisher.publish({ ...change, correlationId: change.correlationId ?? currentCorrelationId() }),
  };
}

/**
 * An automatic message keeps the correlation id it was recorded under, for whichever attempt sends it. Only
 * `record` changes: every other method of the store (and any it gains) is the store's own.
 */
export function correlatedOutbox<Outbox extends OutboxStore>(outbox: Outbox): Outbox {
  const record = (message: AutomaticMessage) =>
    outbox.record({ ...message, correlationId: message.correlationId ?? currentCorrelationId() });
  return new Proxy(outbox, {
    get: (target, key) => {
      if (key === 'record') return record;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Each send carries its correlation id to the provider (where it takes one) and is logged under it: a reply the
 * request's, an automatic message the one it was recorded under (the outbox drain sends many, each its own).
 */
export function correlatedSenders(senders: OutboundSenders): OutboundSenders {
  return Object.fromEntries(
    Object.entries(senders).map(([channel, sender]) => [
      channel,
      {
        async send(message: OutboundMessage) {
          const correlationId = message.correlationId ?? currentCorrelationId();
          const about = { channel, ticketReference: message.ticketReference, correlationId };
          try {
            const sent = await sender.send({ ...message, correlationId });
            logger.info('Message sent', { ...about, providerMessageId: sent.providerMessageId });
            return sent;
          } catch (error) {
            logger.warn('Message not sent', { ...about, reason: String(error).slice(0, 300) });
            throw error;
          }
        },
      },
    ]),
  );
}
