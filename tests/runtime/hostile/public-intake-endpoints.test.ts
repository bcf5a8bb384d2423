import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPublicApplicationsHandler } from '../../../functions/handlers/public-applications.ts';
import { createPublicStatusHandler } from '../../../functions/handlers/public-status.ts';
import { createPublicSurveysHandler } from '../../../functions/handlers/public-surveys.ts';
import { createSupportRequestFormHandler } from '../../../functions/handlers/support-request-form.ts';
import { localLambdaContext } from '../../../infra/local/api-gateway-event.ts';
import { useCountedRuntime } from '../../support/counted-runtime.ts';
import { anApplication } from '../../support/support-request.ts';

/** Heavier runs with HOSTILE_RUNS=10000; the default keeps the suite fast. */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 500);

const counted = useCountedRuntime();
const { counter } = counted;

function event(
  routeKey: string,
  body: string,
  pathParameters?: Record<string, string>,
): APIGatewayProxyEventV2 {
  let path = routeKey.split(' ')[1] as string;
  for (const [name, value] of Object.entries(pathParameters ?? {})) path = path.replace(`{${name}}`, value);
  return {
    pathParameters,
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'fuzz' },
      requestId: 'fuzz',
      routeKey,
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
  };
}

const hostileValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.constantFrom('', ' ', '\u0000', '\uD800', '١٢٣', '<script>alert(1)</script>', 'x'.repeat(6000)),
);

const notAString = fc.oneof(
  fc.integer(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.constant({}),
);

/** Values each field must refuse. */
const BAD_VALUES: Record<string, fc.Arbitrary<unknown>> = {
  name: fc.oneof(notAString, fc.constantFrom('', 'x', 'x'.repeat(6000))),
  description: fc.oneof(notAString, fc.constantFrom('', 'قصير', 'x'.repeat(6000))),
  nationalId: fc.oneof(notAString, fc.constantFrom('', '1234567890', '٣٠٠٠٠٠٠٠٠٤', '10000000080')),
  phone: fc.oneof(notAString, fc.constantFrom('', '0112345678', '+999999', '٠٥٥')),
  email: fc.oneof(fc.integer(), fc.constantFrom('not-an-email', '@@', 'a@')),
  branch: fc.oneof(
    fc.integer(),
    fc.string().filter((text) => !['riyadh', 'north', 'west', 'east', 'south'].includes(text)),
  ),
  requestType: fc.oneof(fc.integer(), fc.constantFrom('', 'loan', 'PRODUCTIVE_PROJECT')),
  householdMembers: fc.constantFrom(0, 31, 2.5, -1, 'abc', null, '', [], {}),
  monthlyIncome: fc.constantFrom(-1, 2_000_000, 'كثير', null, '', [], {}),
  documents: fc.constantFrom(
    'x',
    [{}],
    [{ kind: 'identity', name: 'a.txt', contentType: 'text/plain', base64: 'eA==' }],
  ),
  declaration: fc.constantFrom(false, 'true', 1, null, 'yes'),
  website: fc.string({ minLength: 1, maxLength: 20 }),
  ['__proto__']: hostileValue,
  isAdmin: hostileValue,
};

/** A valid application with one field broken (or an unknown one added): always refusable, close to real use. */
const brokenApplication = fc
  .constantFrom(...Object.keys(BAD_VALUES))
  .chain((field) => (BAD_VALUES[field] as fc.Arbitrary<unknown>).map((value) => ({ field, value })))
  .map(({ field, value }) => JSON.stringify({ ...anApplication(), [field]: value }));

const malformedBody = fc.oneof(
  brokenApplication,
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }).map((text) => `{${text}`),
  fc
    .record({ reference: hostileValue, phone: hostileValue, code: hostileValue })
    .map((value) => JSON.stringify(value)),
);

const ROUTES = [
  { route: 'POST /public/support-requests', create: createSupportRequestFormHandler },
  { route: 'POST /public/status/code', create: createPublicStatusHandler },
  { route: 'POST /public/status', create: createPublicStatusHandler },
  {
    route: 'POST /public/surveys/{token}',
    create: createPublicSurveysHandler,
    // A link nobody was sent: whatever the body, nothing is recorded.
    pathParameters: { token: 'k6LSBBxVgctpnrC0UBDY4FF9z9FTvYcqvWDYhfiQd50' },
  },
  {
    route: 'POST /public/applications/{token}',
    create: createPublicApplicationsHandler,
    // An upload link nobody was sent: whatever the body, nothing is stored.
    pathParameters: { token: 'k6LSBBxVgctpnrC0UBDY4FF9z9FTvYcqvWDYhfiQd50' },
  },
];

describe.each(ROUTES)('$route under hostile input', ({ route, create, pathParameters }) => {
  it(`answers ${RUNS} malformed payloads with a 4xx and a reason, writing nothing`, async () => {
    const handler = create(() => counted.runtime.deps);
    const writesBefore = counter.writes;
    await fc.assert(
      fc.asyncProperty(malformedBody, async (body) => {
        const result = await handler(event(route, body, pathParameters), localLambdaContext('fuzz'));
        expect(result.statusCode, body.slice(0, 120)).toBeGreaterThanOrEqual(400);
        expect(result.statusCode).toBeLessThan(500);
        expect(JSON.parse(result.body ?? '{}').error).toBeDefined();
      }),
      { numRuns: RUNS },
    );
    expect(counter.writes - writesBefore).toBe(0);
  });
});
