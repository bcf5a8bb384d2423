import { readdir, readFile, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalRuntime, WEB_ROOT } from '../../infra/local/runtime.ts';
import { ensureWebBuilt } from '../browser/support.ts';
import { signIn, startTestRuntime } from '../support/runtime.ts';

let runtime: LocalRuntime;

beforeAll(async () => {
  ensureWebBuilt();
  runtime = await startTestRuntime({ seedDemoTickets: true });
}, 120_000);
afterAll(async () => {
  await runtime?.close();
});

/** A raw GET (fetch would decompress and hide the encoding). */
function get(path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      request(`${runtime.url}${path}`, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      })
        .on('error', reject)
        .end();
    },
  );
}

describe('the local server’s responses', () => {
  it('sends every page with the security headers CloudFront sends in AWS', async () => {
    for (const path of ['/', '/public/status', '/public/support-requests', '/public/applications/x']) {
      const page = await get(path, {});
      expect(page.headers, path).toMatchObject({
        'x-frame-options': 'DENY',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'strict-origin-when-cross-origin',
      });
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain(`connect-src 'self' ws://${new URL(runtime.url).host}`);
    }
    // A HEAD (a link checker, an uptime probe) is answered as the GET would be, without the body.
    const head = await fetch(`${runtime.url}/public/status`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-frame-options')).toBe('DENY');
  });

  it('serves hashed assets brotli-compressed and cached for a year, the page itself revalidated', async () => {
    const page = await get('/', { 'accept-encoding': 'gzip, br' });
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['cache-control']).toBe('no-cache');
    const html = brotliDecompressSync(page.body).toString();
    const asset = html.match(/\/assets\/[\w.-]+\.js/)?.[0];
    if (!asset) throw new Error('The built page names no script');

    const script = await get(asset, { 'accept-encoding': 'br;q=0, gzip' });
    expect(script.headers['content-encoding']).toBe('gzip');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.headers.vary).toBe('accept-encoding');
    expect(gunzipSync(script.body).equals(await readFile(join(WEB_ROOT, asset)))).toBe(true);

    const plain = await get(asset, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(await readFile(join(WEB_ROOT, asset)))).toBe(true);
  });

  it('answers the API with JSON no cache keeps, unless a public list may be', async () => {
    const token = await signIn(runtime, 'agent@sanad.local');
    const asked: [string, string][] = [
      ['/api/me', token],
      ['/api/tickets?limit=5', token],
      ['/api/tickets', 'not-a-token'],
    ];
    for (const [path, bearer] of asked) {
      const answer = await get(path, { authorization: `Bearer ${bearer}` });
      expect(answer.headers, path).toMatchObject({
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
    }
    expect((await get('/public/branches', {})).headers['cache-control']).toBe('public, max-age=60');
  });

  it('compresses a large API answer and leaves a small one as it is', async () => {
    const token = await signIn(runtime, 'agent@sanad.local');
    const list = await get('/api/tickets?limit=20', {
      authorization: `Bearer ${token}`,
      'accept-encoding': 'gzip',
    });
    expect(list.status).toBe(200);
    expect(list.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(list.body).toString()).tickets.length).toBeGreaterThan(0);

    const health = await get('/health', { 'accept-encoding': 'gzip, br' });
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.body.toString()).status).toBe('ok');
  });
});

describe('a page left before it has loaded', () => {
  it('is not a server error: a client that closes the connection mid-file is only gone', async () => {
    const assets = join(WEB_ROOT, 'assets');
    const [largest] = (
      await Promise.all(
        (await readdir(assets)).map(async (name) => ({ name, size: (await stat(join(assets, name))).size })),
      )
    ).sort((a, b) => b.size - a.size);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      // A tab closed or a link followed while the inbox's largest script is still being compressed and sent.
      await new Promise<void>((resolve, reject) => {
        const asked = request(
          `${runtime.url}/assets/${largest?.name}`,
          { headers: { 'accept-encoding': 'br' } },
          (response) => {
            response.once('data', () => {
              asked.destroy();
              resolve();
            });
          },
        );
        asked.on('error', (error) => (asked.destroyed ? resolve() : reject(error))).end();
      });
      // The server notices the closed socket on its next write; the health answer comes after that.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await fetch(`${runtime.url}/health`)).status).toBe(200);
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });
});
