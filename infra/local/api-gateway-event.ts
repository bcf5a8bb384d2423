import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2, Context, SNSEvent } from 'aws-lambda';
import { ownInvocation } from '../../functions/lib/observability.ts';

export interface RouteMatch {
  routeKey: string;
  pathParameters?: Record<string, string>;
}

/**
 * Whether every percent-escape in the request target decodes (to UTF-8): API Gateway refuses the rest with a 400
 * before any function runs, so the local server does too instead of throwing a URIError (a 500).
 */
export function isWellEncoded(target: string): boolean {
  const [path = '', query = ''] = target.split(/\?(.*)/s);
  try {
    decodeURIComponent(path);
    for (const part of query.split(/[&=]/)) decodeURIComponent(part.replaceAll('+', ' '));
    return true;
  } catch {
    return false;
  }
}

/** Compiles API Gateway route keys (`GET /api/tickets/{id}`) into matchers, as the HTTP API routes them. */
export function routeMatcher(
  routeKeys: readonly string[],
): (method: string, path: string) => RouteMatch | undefined {
  const compiled = routeKeys.map((routeKey) => {
    const [method, template = ''] = routeKey.split(' ');
    const names: string[] = [];
    const pattern = template
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace(/\{(\w+)\}/g, (_match, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
    return { routeKey, method, regex: new RegExp(`^${pattern}$`), names };
  });
  return (method, path) => {
    for (const route of compiled) {
      if (route.method !== method) continue;
      const match = route.regex.exec(path);
      if (!match) continue;
      if (route.names.length === 0) return { routeKey: route.routeKey };
      const pathParameters: Record<string, string> = {};
      route.names.forEach((name, index) => {
        pathParameters[name] = decodeURIComponent(match[index + 1] ?? '');
      });
      return { routeKey: route.routeKey, pathParameters };
    }
    return undefined;
  };
}

const TEXT_TYPES = /^(application\/(json|x-www-form-urlencoded)|text\/)/;

/** Builds the API Gateway HTTP API (payload 2.0) event that Lambda receives for the same request in AWS. */
export function toApiGatewayEvent(
  request: IncomingMessage,
  body: Buffer,
  match: RouteMatch,
): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // API Gateway tells the function which scheme the client used; the local server speaks plain HTTP.
  headers['x-forwarded-proto'] ??= 'http';
  const cookies = headers.cookie?.split(';').map((cookie) => cookie.trim());
  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    queryStringParameters[name] = queryStringParameters[name]
      ? `${queryStringParameters[name]},${value}`
      : value;
  }
  const isText = TEXT_TYPES.test(headers['content-type'] ?? 'text/plain');
  const now = new Date();
  return {
    version: '2.0',
    routeKey: match.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies,
    headers,
    queryStringParameters: url.search ? queryStringParameters : undefined,
    pathParameters: match.pathParameters,
    body: body.length === 0 ? undefined : isText ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: body.length > 0 && !isText,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: match.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
  };
}

/**
 * Runs a function's handler as Lambda runs it: with a context naming the function, as an invocation of its own,
 * so one started inside another (an event bus subscriber, a queued job) logs under its own function's name and
 * its caller goes on logging under the caller's.
 */
export function invokeLocally<Event, Result>(
  functionName: string,
  handler: (event: Event, context: Context) => Promise<Result>,
  event: Event,
): Promise<Result> {
  return ownInvocation(() => handler(event, localLambdaContext(functionName)));
}

/** Each local invocation's time limit, counted down from its start as Lambda's is. */
const LOCAL_INVOCATION_MS = 30_000;

/** A Lambda context for a local invocation. */
export function localLambdaContext(functionName: string): Context {
  const awsRequestId = randomUUID();
  const deadline = Date.now() + LOCAL_INVOCATION_MS;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** An SNS notification event as Lambda receives it from a topic subscription, carrying one message. */
export function localSnsEvent(message: string, topic = 'local'): SNSEvent {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `arn:aws:sns:local:000000000000:${topic}:local`,
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: `arn:aws:sns:local:000000000000:${topic}`,
          Subject: '',
          Message: message,
          Timestamp: new Date().toISOString(),
          SignatureVersion: '1',
          Signature: '',
          SigningCertUrl: '',
          UnsubscribeUrl: '',
          MessageAttributes: {},
        },
      },
    ],
  };
}
