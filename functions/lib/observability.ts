import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';

/** One logger for every function; values that identify a beneficiary never go into it. */
export const logger = new Logger({
  serviceName: 'sanad',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | 'DEBUG' | 'WARN' | 'ERROR' | 'SILENT' | undefined) ?? 'INFO',
});

/**
 * X-Ray through Powertools. It switches itself off outside Lambda (no `AWS_EXECUTION_ENV`: `npm start`, tests)
 * and with `POWERTOOLS_TRACE_ENABLED=false`, so it costs nothing there.
 */
export const tracer = new Tracer({ serviceName: 'sanad' });

type AnyRecord = Record<string, unknown>;

/**
 * The id that ties together the log lines of one request or provider message: API Gateway's request id, the
 * SNS, SQS or SES message id, the stream record's event id, or the scheduled event's id.
 */
export function correlationIdOf(event: unknown): string | undefined {
  const value = (event ?? {}) as AnyRecord;
  const requestId = (value.requestContext as AnyRecord | undefined)?.requestId;
  if (typeof requestId === 'string') return requestId;
  const first = Array.isArray(value.Records) ? ((value.Records[0] ?? {}) as AnyRecord) : undefined;
  const candidates = first
    ? [
        (first.Sns as AnyRecord | undefined)?.MessageId,
        first.messageId,
        ((first.ses as AnyRecord | undefined)?.mail as AnyRecord | undefined)?.messageId,
        first.eventID,
      ]
    : [value.id];
  return candidates.find((candidate): candidate is string => typeof candidate === 'string');
}

const correlation = (): MiddlewareObj => ({
  before: (request) => {
    const correlationId = correlationIdOf(request.event);
    if (correlationId) logger.appendKeys({ correlationId });
  },
});

/**
 * What every handler wears, once: Lambda context and the correlation id on each log line (reset between
 * invocations), and a trace segment per invocation. Responses stay out of traces: they carry personal data.
 */
export const observability = (): MiddlewareObj[] => [
  injectLambdaContext(logger, { resetKeys: true }),
  correlation(),
  captureLambdaHandler(tracer, { captureResponse: false }),
];

/** A plain handler with the same observability (for handlers that need no other middleware). */
export const observed = <Event, Result>(handler: (event: Event, context: Context) => Promise<Result>) =>
  middy<Event, Result>(handler).use(observability());
