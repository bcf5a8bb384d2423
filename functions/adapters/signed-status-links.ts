import { createHmac, timingSafeEqual } from 'node:crypto';
import type { StatusLinks } from '../../shared/ports/status-links.ts';

/** Long enough to follow a request through the committee's window and the service after it. */
export const STATUS_LINK_DAYS = 90;

/**
 * `{site}/public/status?r={reference}&s={expiry}.{signature}`: the expiry in seconds (base 36) and an
 * HMAC-SHA256 of the reference and expiry (first 16 bytes, short enough for an SMS). It shares the file links'
 * secret; the `status|` prefix keeps a status signature from ever passing as a file link's, and back.
 */
export class SignedStatusLinks implements StatusLinks {
  constructor(
    private readonly secret: () => Promise<string | undefined>,
    private readonly siteUrl: () => string,
  ) {}

  async link(reference: string, now: Date): Promise<string> {
    const expiry = Math.floor(now.getTime() / 1000 + STATUS_LINK_DAYS * 86_400).toString(36);
    const signature = `${expiry}.${await this.sign(reference, expiry)}`;
    const query = new URLSearchParams({ r: reference, s: signature });
    return `${this.siteUrl().replace(/\/+$/, '')}/public/status?${query}`;
  }

  async check(reference: string, signature: string, now: Date): Promise<'valid' | 'expired' | 'invalid'> {
    const [expiry, mac, ...rest] = signature.split('.');
    if (!expiry || !mac || rest.length > 0) return 'invalid';
    const expected = Buffer.from(await this.sign(reference, expiry));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    return Number.parseInt(expiry, 36) * 1000 < now.getTime() ? 'expired' : 'valid';
  }

  private async sign(reference: string, expiry: string): Promise<string> {
    const secret = await this.secret();
    if (!secret) throw new Error('The link secret is not configured');
    return createHmac('sha256', secret)
      .update(`status|${reference}|${expiry}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
  }
}
