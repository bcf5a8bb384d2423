import { createHmac } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregatorSignature } from '../../../functions/channels/sms/aggregator.ts';
import { createMetaWebhooksHandler } from '../../../functions/handlers/meta-webhooks.ts';
import { createSmsAggregatorWebhookHandler } from '../../../functions/handlers/sms-aggregator-webhook.ts';
import { createTelegramWebhookHandler } from '../../../functions/handlers/telegram-webhook.ts';
import { createWebFormContactHandler } from '../../../functions/handlers/web-form-contact.ts';
import { localLambdaContext } from '../../../infra/local/api-gateway-event.ts';
import {
  LOCAL_META_APP_SECRET,
  LOCAL_SMS_AGGREGATOR_SECRET,
  LOCAL_TELEGRAM_SECRET,
} from '../../../infra/local/local-secrets.ts';
import type { LocalRuntime } from '../../../infra/local/runtime.ts';
import { useCountedRuntime } from '../../support/counted-runtime.ts';

/** Heavier runs with HOSTILE_RUNS=10000 npm test; the default keeps the suite fast. */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 1000);

const counted = useCountedRuntime();
const { counter } = counted;

const valid = {
  name: 'أم سعد',
  phone: '0551234567',
  subject: 'استفسار',
  message: 'متى يفتح باب التقديم؟',
};

function event(
  body: string | undefined,
  contentType = 'application/json',
  base64 = false,
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /public/contact',
    rawPath: '/public/contact',
    rawQueryString: '',
    headers: { 'content-type': contentType },
    body: base64 && body !== undefined ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: base64,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: 'POST',
        path: '/public/contact',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'fuzz',
      },
      requestId: 'fuzz',
      routeKey: 'POST /public/contact',
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
  };
}

const hostileString = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uFFFF',
    '\uD800',
    '🙂'.repeat(3000),
    'ا'.repeat(6000),
    '<script>alert(1)</script>',
  ),
);

/** A valid form with exactly one field broken, so every payload is invalid yet close to real use. */
const brokenForm = fc
  .oneof(
    fc.record({
      field: fc.constantFrom('name', 'subject', 'message'),
      value: fc.oneof(
        fc.constant(''),
        fc.integer(),
        fc.constant(null),
        fc.array(fc.string()),
        fc.constant('x'.repeat(6000)),
      ),
    }),
    fc.record({
      field: fc.constant('phone'),
      value: fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant('+999999')),
    }),
    fc.record({
      field: fc.constant('email'),
      value: fc.oneof(fc.constant('not-an-email'), fc.integer(), fc.constant('@@')),
    }),
    fc.record({
      field: fc.constant('nationalId'),
      value: fc.oneof(fc.constant('1234567890'), fc.constant('٣٠٠٠٠٠٠٠٠٤'), fc.integer()),
    }),
    fc.record({
      field: fc.constant('type'),
      value: hostileString.filter(
        (value) =>
          !['inquiry', 'support_request', 'complaint', 'suggestion', 'volunteering', 'other'].includes(value),
      ),
    }),
    fc.record({
      field: fc.constantFrom('__proto__', 'constructor', 'isAdmin', 'website'),
      value: fc.constant('x'),
    }),
  )
  // A computed key makes `__proto__` an own property, so it reaches the JSON as the field it names.
  .map(({ field, value }) => JSON.stringify({ ...valid, [field]: value }));

const malformedBody = fc.oneof(
  brokenForm,
  fc.jsonValue().map((value) => JSON.stringify(value)),
  hostileString,
  fc.string({ maxLength: 200 }).map((text) => `{${text}`),
  fc.integer({ min: 1, max: 200 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
);

describe('POST /public/contact under hostile input', () => {
  it(`answers ${RUNS} malformed payloads with a 4xx and a reason, writing nothing`, async () => {
    const handler = createWebFormContactHandler(() => counted.runtime.deps);
    const writesBefore = counter.writes;
    await fc.assert(
      fc.asyncProperty(malformedBody, fc.boolean(), async (body, base64) => {
        const result = await handler(
          event(body, 'application/json', base64),
          localLambdaContext('webFormContact'),
        );
        expect(result.statusCode).toBeGreaterThanOrEqual(400);
        expect(result.statusCode).toBeLessThan(500);
        const parsed = JSON.parse(result.body ?? '{}');
        expect(parsed.error).toBeTypeOf('string');
        expect(parsed.message).toBeTypeOf('string');
      }),
      { numRuns: RUNS },
    );
    expect(counter.writes - writesBefore).toBe(0);
  });

  it('refuses the same kind of payloads over HTTP, and an oversized body before any handler runs', async () => {
    const samples = fc.sample(malformedBody, 50);
    for (const body of samples) {
      const response = await fetch(`${counted.runtime.url}/public/contact`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(response.status, body.slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
    const huge = await fetch(`${counted.runtime.url}/public/contact`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(11 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
  });
});

/** The webhooks, each given correctly authenticated but malformed bodies: refused or dead-lettered, never a 5xx. */
const WEBHOOKS: {
  route: string;
  create: (deps: () => LocalRuntime['deps']) => ReturnType<typeof createWebFormContactHandler>;
  headers: (raw: string) => Record<string, string>;
}[] = [
  {
    route: 'POST /webhooks/telegram',
    create: (deps) => createTelegramWebhookHandler(deps),
    headers: () => ({ 'x-telegram-bot-api-secret-token': LOCAL_TELEGRAM_SECRET }),
  },
  {
    route: 'POST /webhooks/sms/aggregator',
    create: (deps) => createSmsAggregatorWebhookHandler(deps),
    headers: (raw: string) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      return {
        'x-sanad-timestamp': timestamp,
        'x-sanad-signature': aggregatorSignature(LOCAL_SMS_AGGREGATOR_SECRET, timestamp, raw),
      };
    },
  },
  ...(['whatsapp', 'messenger', 'instagram'] as const).map((channel) => ({
    route: `POST /webhooks/${channel}`,
    create: (deps: () => LocalRuntime['deps']) => createMetaWebhooksHandler(deps),
    headers: (raw: string) => ({
      'x-hub-signature-256': `sha256=${createHmac('sha256', LOCAL_META_APP_SECRET).update(raw).digest('hex')}`,
    }),
  })),
];

describe.each(WEBHOOKS)('$route under hostile input', ({ route, create, headers }) => {
  it(`answers ${RUNS} authenticated malformed bodies without a 5xx or a write`, async () => {
    const handler = create(() => counted.runtime.deps);
    const path = route.split(' ')[1] as string;
    const writesBefore = counter.writes;
    await fc.assert(
      fc.asyncProperty(malformedBody, async (body) => {
        const request = {
          ...event(body),
          routeKey: route,
          rawPath: path,
          headers: { 'content-type': 'application/json', ...headers(body) },
        };
        request.requestContext = {
          ...request.requestContext,
          routeKey: route,
          http: { ...request.requestContext.http, path },
        };
        const result = await handler(request, localLambdaContext('webhook'));
        expect(result.statusCode).toBeLessThan(500);
        const parsed = JSON.parse(result.body ?? '{}');
        expect(parsed.error ?? parsed.outcome ?? parsed.outcomes).toBeDefined();
      }),
      { numRuns: RUNS },
    );
    expect(counter.writes - writesBefore).toBe(0);
  });
});
