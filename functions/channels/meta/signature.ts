import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Meta signs every webhook POST: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, app secret>`.
 * Checked on the exact bytes received, in constant time, before anything is parsed.
 */
export function validMetaSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  const given = header?.match(/^sha256=([0-9a-f]{64})$/i)?.[1];
  if (!given) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(given, 'hex'), expected);
}
