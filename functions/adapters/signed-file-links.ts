import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FileLinks } from '../../shared/ports/file-links.ts';

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/**
 * `{base}/public/files/{key}.{expiry}.{signature}`: the object key (base64url), the expiry (seconds, base 36) and
 * an HMAC-SHA256 of both (first 16 bytes, enough against forgery and short enough for an SMS).
 */
export class SignedFileLinks implements FileLinks {
  constructor(
    private readonly secret: () => Promise<string | undefined>,
    private readonly baseUrl: () => string,
  ) {}

  async link(objectKey: string, expiresAt: Date): Promise<string> {
    const body = `${b64url(objectKey)}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}`;
    return `${this.baseUrl().replace(/\/+$/, '')}/public/files/${body}.${await this.sign(body)}`;
  }

  async verify(token: string, now: Date): Promise<{ objectKey: string } | 'expired' | undefined> {
    const [key, expiry, signature] = token.split('.');
    if (!key || !expiry || !signature || token.split('.').length !== 3) return undefined;
    const expected = Buffer.from(await this.sign(`${key}.${expiry}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    if (Number.parseInt(expiry, 36) * 1000 < now.getTime()) return 'expired';
    return { objectKey: Buffer.from(key, 'base64url').toString('utf8') };
  }

  private async sign(body: string): Promise<string> {
    const secret = await this.secret();
    if (!secret) throw new Error('The file-link secret is not configured');
    return b64url(createHmac('sha256', secret).update(body).digest().subarray(0, 16));
  }
}
