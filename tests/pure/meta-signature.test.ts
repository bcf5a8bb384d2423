import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { validMetaSignature } from '../../functions/channels/meta/signature.ts';

describe('Meta webhook signatures', () => {
  const body = Buffer.from('{"object":"page","entry":[]}');
  const good = `sha256=${createHmac('sha256', 'secret').update(body).digest('hex')}`;

  it('accept the HMAC-SHA256 of the exact raw body', () => {
    expect(validMetaSignature(body, good, 'secret')).toBe(true);
    expect(validMetaSignature(body, good.toUpperCase().replace('SHA256=', 'sha256='), 'secret')).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['malformed', 'sha256=xyz'],
    ['sha1', 'sha1=0123'],
    ['another secret', `sha256=${createHmac('sha256', 'other').update(body).digest('hex')}`],
  ])('refuse a %s signature', (_name, header) => {
    expect(validMetaSignature(body, header, 'secret')).toBe(false);
  });

  it('refuse a body changed by one byte', () => {
    expect(validMetaSignature(Buffer.from('{"object":"page","entry":[1]}'), good, 'secret')).toBe(false);
  });
});
