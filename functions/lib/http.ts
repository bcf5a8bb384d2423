import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  GoneError,
  IdempotencyKeyReusedError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../shared/domain/errors.ts';
import { fieldError, isFieldMessageCode } from '../../shared/domain/field-messages.ts';
import { servedContentType } from '../../shared/domain/media.ts';
import { isBlank, parseReceivedJson } from '../../shared/domain/typed-text.ts';
import { logger } from './observability.ts';

export type HttpResult = APIGatewayProxyStructuredResultV2;

/**
 * A JSON answer. Kept by no cache unless the route says it may be (a public list): answers carry phones and
 * national ids, and a shared office browser must not keep them.
 */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    },
    body: JSON.stringify(body),
  };
}

/** Where each domain refusal becomes an HTTP status: the only such mapping in the code base. */
export function statusOf(error: DomainError): number {
  if (error instanceof ValidationError) return 400;
  if (error instanceof UnauthorizedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof GoneError) return 410;
  // As the Idempotency-Key draft asks (draft-ietf-httpapi-idempotency-key-header): the key, not the request, is wrong.
  if (error instanceof IdempotencyKeyReusedError) return 422;
  if (error instanceof UnsupportedMediaTypeError) return 415;
  if (error instanceof RateLimitedError) return 429;
  return 400;
}

export function errorResponse(error: unknown): HttpResult {
  if (error instanceof DomainError) {
    const fields = error instanceof ValidationError ? error.fields : undefined;
    const retryAfter = error.retryAfterSeconds;
    return json(
      statusOf(error),
      { error: error.code, message: error.message, fields, ...error.details },
      retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
    );
  }
  logger.error('Unhandled error', { error: error as Error });
  return json(500, {
    error: 'internal_error',
    message: 'Something went wrong on our side; it has been logged.',
    messageAr: 'حدث خطأ من جهتنا وسُجّل لدينا، فأعيدوا المحاولة بعد قليل.',
  });
}

/** Middy middleware: domain errors become 4xx with a reason; anything else a plain 500, never a stack trace. */
export function httpErrors(): MiddlewareObj<APIGatewayProxyEventV2, HttpResult> {
  return {
    onError: async (request) => {
      request.response = errorResponse(request.error);
    },
  };
}

/** The raw body as text, decoding API Gateway's base64 form. */
export function rawBody(event: APIGatewayProxyEventV2): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

export function parseJson(event: APIGatewayProxyEventV2): unknown {
  const text = rawBody(event);
  if (text.trim() === '')
    throw new ValidationError([fieldError('body', 'required')], 'The request body is empty');
  try {
    return parseReceivedJson(text);
  } catch {
    throw new ValidationError([fieldError('body', 'invalid_json')], 'The request body is not valid JSON');
  }
}

/** Validates at the edge with one schema library; the domain only ever sees typed, trusted values. */
export function validate<T>(schema: z.core.$ZodType<T>, input: unknown): T {
  // The functional parse takes classic and mini schemas alike, and leaves classic zod out of a bundle without it.
  const result = z.safeParse(schema, input);
  if (result.success) return result.data;
  throw new ValidationError(fieldErrorsOf(result.error, input));
}

function fieldErrorsOf(error: z.core.$ZodError, input: unknown): ValidationError['fields'] {
  return error.issues.map((issue) => {
    const field = issue.path.join('.') || 'body';
    const value = valueAt(input, issue.path);
    const missing = isBlank(value);
    // A reason of its own stands; an empty field refused only as "not accepted" was simply left empty.
    if (isFieldMessageCode(issue.message) && !(missing && issue.message === 'invalid_value'))
      return fieldError(field, issue.message);
    if (missing && issue.code !== 'unrecognized_keys') return fieldError(field, 'required');
    switch (issue.code) {
      case 'invalid_type':
        return fieldError(field, 'invalid_type');
      case 'too_big':
        if (issue.origin === 'number' || issue.origin === 'bigint') return fieldError(field, 'too_large');
        return fieldError(field, issue.origin === 'array' ? 'too_many' : 'too_long');
      case 'too_small':
        if (issue.origin === 'number' || issue.origin === 'bigint') return fieldError(field, 'too_small');
        return fieldError(field, issue.origin === 'array' ? 'too_few' : 'too_short');
      case 'invalid_format':
        return fieldError(field, issue.format === 'email' ? 'invalid_email' : 'invalid_value');
      case 'unrecognized_keys':
        return fieldError(issue.keys.join(',') || field, 'unknown_field');
      default:
        return fieldError(field, 'invalid_value');
    }
  });
}

/**
 * What the client sent where a refusal points. A path can go deeper than what was sent (a query's `status=a,b` is
 * refused as `status.1`): the value it stops at was sent, so a refused part of it is not a field left empty.
 */
function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return value;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The longest id a record has: ours are ULIDs, an admin's slugs at most 64 characters. */
const MAX_RECORD_ID = 64;

/**
 * The record a path names (`{id}` unless given), or 404 for `what`: an empty id, or one longer than any record's
 * (which the store would refuse as past its key limits, a 500), names nothing.
 */
export function pathRecordId(event: APIGatewayProxyEventV2, what: string, name = 'id'): string {
  const id = event.pathParameters?.[name];
  if (!id || id.length > MAX_RECORD_ID) throw new NotFoundError(what);
  return id;
}

/** What a client's idempotency key may hold: enough for a UUID or a timestamped id, nothing that names a path. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]+$/;

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** The scheme and host the client called, for links back to this API (a document's public address). */
export function requestOrigin(event: APIGatewayProxyEventV2): string {
  return `${header(event, 'x-forwarded-proto') ?? 'https'}://${event.requestContext.domainName}`;
}

/**
 * Does `work` and answers no sooner than `ms` after it began: an answer that texted a code takes as long as one
 * that did not, so the time tells nobody which it was.
 */
export async function answeredNoSoonerThan<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const answerAt = performance.now() + ms;
  const result = await work();
  await new Promise((resolve) => setTimeout(resolve, answerAt - performance.now()));
  return result;
}

/**
 * A file from the public, served only as a download of bytes: never rendered, sniffed or run in our origin, even
 * when opened directly (sandboxed, no sources allowed).
 */
export function fileDownload(
  name: string,
  contentType: string,
  body: Uint8Array,
  cacheControl: string,
): HttpResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': servedContentType(contentType),
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': cacheControl,
    },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  };
}
