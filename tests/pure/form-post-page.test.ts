import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { postedByBrowserForm, refusalPage } from '../../functions/lib/form-post-page.ts';
import { logger } from '../../functions/lib/observability.ts';
import { RateLimitedError } from '../../shared/domain/errors.ts';

const posted = (headers: Record<string, string>) => ({ headers }) as unknown as APIGatewayProxyEventV2;
const form = { url: 'https://sanad.example.org/public/contact', labels: {} };

describe('a plain HTML form’s post, answered as a page', () => {
  it.each([
    ['application/x-www-form-urlencoded', 'text/html,application/xhtml+xml,*/*;q=0.8', true],
    ['multipart/form-data; boundary=x', 'application/xhtml+xml, text/html;q=0.9', true],
    ['application/x-www-form-urlencoded', '*/*', false],
    ['application/x-www-form-urlencoded', 'application/json', false],
    ['application/x-www-form-urlencoded', 'text/htmlx', false],
    ['application/json', 'text/html', false],
    ['application/x-www-form-urlencoded', 'TEXT/HTML', true],
    ['application/x-www-form-urlencoded', 'text/html;q=0, */*', false],
    ['application/x-www-form-urlencoded', 'application/json, text/html;q=0.5', false],
    ['application/x-www-form-urlencoded', 'text/html;q=0.5, application/json;q=0.4', true],
  ])('%s with Accept %s is a browser’s form: %s', (type, accept, expected) => {
    expect(postedByBrowserForm(posted({ 'content-type': type, accept }))).toBe(expected);
  });

  it('keeps a rate limit’s status and Retry-After, and gives its Arabic reason', () => {
    const page = refusalPage(new RateLimitedError('Too many messages', 120, 'أرسلتم رسائل كثيرة'), form);
    expect(page.statusCode).toBe(429);
    expect(page.headers).toMatchObject({ 'retry-after': '120', 'content-type': 'text/html; charset=utf-8' });
    expect(page.body).toContain('<li>أرسلتم رسائل كثيرة</li>');
    expect(page.body).toContain('<li>Too many messages</li>');
  });

  it('shows a failure of ours as a 500 page that names nothing of it, logged', () => {
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const page = refusalPage(new TypeError('x is undefined at secret.ts:12'), form);
    expect(page.statusCode).toBe(500);
    expect(page.body).not.toContain('secret.ts');
    expect(page.body).toContain('سُجّل لدينا');
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
  });
});
