import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ForbiddenError } from '../../shared/domain/errors.ts';
import { Settings } from '../platform/settings.ts';
import { type HttpResult, header } from './http.ts';

/** The custom origin header the API's CloudFront distribution adds to every request (infra/aws/api-edge.ts). */
export const ORIGIN_SECRET_HEADER = 'x-sanad-origin-secret';

/** Where CloudFront puts the address (and port) the viewer connected from. */
export const VIEWER_ADDRESS_HEADER = 'cloudfront-viewer-address';

/**
 * The value the distribution's origin header carries, set only when CloudFront stands in front of the API
 * (`-c waf=true`). Read like LOG_LEVEL, before any dependency: a refused request builds none.
 */
export const apiOriginSecret = (): string | undefined =>
  new Settings(process.env).optional('API_ORIGIN_SECRET');

/** True when the request carries our distribution's origin header; compared in constant time. */
export function cameThroughDistribution(event: APIGatewayProxyEventV2, originSecret: string): boolean {
  const given = header(event, ORIGIN_SECRET_HEADER);
  if (given === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(originSecret));
}

/**
 * Who is calling, for the per-address limits of the public forms: the address CloudFront saw when the origin
 * header proves the request came through our distribution, else the connection's own. A viewer that sends
 * `CloudFront-Viewer-Address` itself, straight to API Gateway, is counted by its own address.
 */
export function clientAddressOf(
  event: APIGatewayProxyEventV2,
  originSecret: string | undefined = apiOriginSecret(),
): string | undefined {
  const connection = event.requestContext?.http?.sourceIp;
  if (!originSecret || !cameThroughDistribution(event, originSecret)) return connection;
  return viewerAddressOf(header(event, VIEWER_ADDRESS_HEADER)) ?? connection;
}

/** `198.51.100.10:46532` or `2001:db8::1:46532`: the address is everything before the last colon. */
function viewerAddressOf(value: string | undefined): string | undefined {
  const separator = value?.lastIndexOf(':') ?? -1;
  if (separator < 1) return undefined;
  const address = value?.slice(0, separator) ?? '';
  return isIP(address) ? address : undefined;
}

/**
 * With CloudFront in front, API Gateway's own endpoint would skip WAF and its limits: a request without the
 * distribution's origin header is refused before any route runs.
 */
export function distributionOnly(
  originSecret: () => string | undefined = apiOriginSecret,
): MiddlewareObj<APIGatewayProxyEventV2, HttpResult> {
  return {
    before: (request) => {
      const secret = originSecret();
      if (secret && !cameThroughDistribution(request.event, secret)) throw notThroughDistribution();
    },
  };
}

function notThroughDistribution(): ForbiddenError {
  const message =
    "This API answers only at its public address, through the society's CloudFront distribution";
  const error = new ForbiddenError(message);
  error.details = {
    messageAr: 'لا تُقبل الطلبات إلا عبر العنوان العام للخدمة.',
    messageEn: message,
  };
  return error;
}
