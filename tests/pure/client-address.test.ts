import { readdirSync, readFileSync } from 'node:fs';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  clientAddressOf,
  ORIGIN_SECRET_HEADER,
  VIEWER_ADDRESS_HEADER,
} from '../../functions/lib/client-address.ts';
import type { AppDependencies } from '../../functions/lib/dependencies.ts';
import { json } from '../../functions/lib/http.ts';
import { httpFunction } from '../../functions/lib/http-handler.ts';
import { HTTP_FUNCTIONS } from '../../functions/routes.ts';

const SECRET = 'origin-secret-of-this-deployment';
const CLOUDFRONT_EDGE = '130.176.1.1';

function request(headers: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    routeKey: 'POST /public/status',
    headers,
    requestContext: {
      requestId: 'r1',
      http: { method: 'POST', path: '/public/status', sourceIp: CLOUDFRONT_EDGE },
    },
  } as unknown as APIGatewayProxyEventV2;
}

describe('the client address the per-address limits count', () => {
  it("is CloudFront's viewer address when the origin header proves the request came through our distribution", () => {
    const through = (viewer: string) =>
      clientAddressOf(request({ [ORIGIN_SECRET_HEADER]: SECRET, [VIEWER_ADDRESS_HEADER]: viewer }), SECRET);
    expect(through('198.51.100.10:46532')).toBe('198.51.100.10');
    expect(through('2001:db8:85a3::8a2e:370:7334:443')).toBe('2001:db8:85a3::8a2e:370:7334');
    // Header names are matched whatever their case.
    expect(
      clientAddressOf(
        request({ 'X-Sanad-Origin-Secret': SECRET, 'CloudFront-Viewer-Address': '203.0.113.7:1' }),
        SECRET,
      ),
    ).toBe('203.0.113.7');
  });

  it('ignores a viewer address sent without the right origin header (straight to API Gateway)', () => {
    const spoofed = { [VIEWER_ADDRESS_HEADER]: '198.51.100.10:46532' };
    expect(clientAddressOf(request(spoofed), SECRET)).toBe(CLOUDFRONT_EDGE);
    expect(clientAddressOf(request({ ...spoofed, [ORIGIN_SECRET_HEADER]: 'guess' }), SECRET)).toBe(
      CLOUDFRONT_EDGE,
    );
    expect(clientAddressOf(request({ ...spoofed, [ORIGIN_SECRET_HEADER]: '' }), SECRET)).toBe(
      CLOUDFRONT_EDGE,
    );
  });

  it('is the connection’s address when no distribution stands in front (no secret), whatever the headers say', () => {
    const headers = { [ORIGIN_SECRET_HEADER]: SECRET, [VIEWER_ADDRESS_HEADER]: '198.51.100.10:46532' };
    expect(clientAddressOf(request(headers), undefined)).toBe(CLOUDFRONT_EDGE);
  });

  it('falls back to the connection’s address when the viewer address is not an address', () => {
    for (const viewer of ['', 'not-an-address:80', '198.51.100.10', '<script>:1']) {
      expect(
        clientAddressOf(request({ [ORIGIN_SECRET_HEADER]: SECRET, [VIEWER_ADDRESS_HEADER]: viewer }), SECRET),
        viewer,
      ).toBe(CLOUDFRONT_EDGE);
    }
  });

  it('is read in one place: no other module reads the connection address', () => {
    const files = readdirSync('functions', { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => readFileSync(`functions/${file}`, 'utf8').includes('sourceIp'));
    expect(files).toEqual(['lib/client-address.ts']);
    for (const handler of ['support-request-form', 'public-status', 'web-form-contact']) {
      expect(readFileSync(`functions/handlers/${handler}.ts`, 'utf8'), handler).toContain(
        'clientAddressOf(event)',
      );
    }
  });
});

describe('every HTTP function behind the distribution', () => {
  const context = { functionName: 'public-status', awsRequestId: 'req-1' } as Context;
  const handler = httpFunction(
    () => ({}) as AppDependencies,
    async (event) => json(200, { clientAddress: clientAddressOf(event) }),
  );
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('refuses a request without the origin header with 403 and the reason in Arabic', async () => {
    vi.stubEnv('API_ORIGIN_SECRET', SECRET);
    for (const headers of [
      {} as Record<string, string>,
      { [ORIGIN_SECRET_HEADER]: 'guess', [VIEWER_ADDRESS_HEADER]: '198.51.100.10:1' },
    ]) {
      const response = await handler(request(headers), context);
      expect(response.statusCode).toBe(403);
      expect(JSON.parse(response.body ?? '{}')).toMatchObject({
        error: 'forbidden',
        messageAr: 'لا تُقبل الطلبات إلا عبر العنوان العام للخدمة.',
      });
    }
  });

  it('serves a request through the distribution under the viewer’s address', async () => {
    vi.stubEnv('API_ORIGIN_SECRET', SECRET);
    const response = await handler(
      request({ [ORIGIN_SECRET_HEADER]: SECRET, [VIEWER_ADDRESS_HEADER]: '198.51.100.10:46532' }),
      context,
    );
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body ?? '{}')).toEqual({ clientAddress: '198.51.100.10' });
  });

  it('is every function of the HTTP registry: each is built on httpFunction, which checks first', () => {
    const wrappers = /\b(httpFunction|staffRoutesFunction|webhookFunction)\s*(<[^>]*>)?\(/;
    for (const { entry } of Object.values(HTTP_FUNCTIONS))
      expect(readFileSync(entry, 'utf8'), entry).toMatch(wrappers);
    expect(readFileSync('functions/lib/webhook-function.ts', 'utf8')).toMatch(/httpFunction\(getDeps/);
    expect(readFileSync('functions/lib/http-handler.ts', 'utf8')).toContain('.use(distributionOnly())');
  });

  it('checks nothing without a distribution (npm start, API Gateway alone)', async () => {
    vi.stubEnv('API_ORIGIN_SECRET', '');
    const response = await handler(request({ [VIEWER_ADDRESS_HEADER]: '198.51.100.10:46532' }), context);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body ?? '{}')).toEqual({ clientAddress: CLOUDFRONT_EDGE });
  });
});
