import type { lookup } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderMediaDownloader } from '../../functions/channels/media/provider-media.ts';
import { addressCheckedFetch, isPublicAddress } from '../../functions/channels/media/public-address-fetch.ts';
import { isPublicHttpsUrl } from '../../functions/channels/meta/media.ts';
import { MediaUnavailableError } from '../../shared/domain/errors.ts';
import type { Secrets } from '../../shared/ports/secrets.ts';

let server: Server;
let port: number;
let requests = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests += 1;
    if (request.url === '/moved') {
      response.writeHead(302, { location: 'http://127.0.0.1:9001/2018-06-01/runtime/invocation/next' });
      return response.end();
    }
    response.writeHead(200, { 'content-type': 'image/jpeg', 'x-asked-with': request.headers.accept ?? '' });
    response.end(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((closed) => server.close(closed)));

/** A DNS that answers every name with this machine, as a rebound or hostile name does. */
const resolvingTo = (address: string): typeof lookup =>
  ((_host: string, _options: unknown, done: (...args: unknown[]) => void) =>
    done(null, [{ address, family: address.includes(':') ? 6 : 4 }])) as unknown as typeof lookup;

describe('fetching a file a webhook names by address', () => {
  it('knows the public internet from this machine, private networks and reserved ranges', () => {
    for (const address of ['157.240.3.35', '31.13.64.1', '2a03:2880:f10c:83:face:b00c:0:25de'])
      expect(isPublicAddress(address), address).toBe(true);
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.31.255.1',
      '192.168.1.10',
      '169.254.169.254',
      '100.100.1.1',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:a9fe:a9fe',
      'not an address',
    ])
      expect(isPublicAddress(address), address).toBe(false);
  });

  it('never connects to a name that resolves to this machine, whatever the name looks like', async () => {
    const before = requests;
    const checked = addressCheckedFetch(isPublicAddress, resolvingTo('127.0.0.1'));
    const refused = checked(`http://cdn.fbcdn.example:${port}/a.jpg`);
    await expect(refused).rejects.toBeInstanceOf(MediaUnavailableError);
    await expect(refused).rejects.toThrow(/not a public address \(127\.0\.0\.1\)/);
    // The root's dot names the same host: refused before any fetch, and by the connection's own check.
    expect(isPublicHttpsUrl('https://localhost./a.jpg')).toBe(false);
    expect(isPublicHttpsUrl('https://metadata.google.internal./')).toBe(false);
    await expect(addressCheckedFetch()(`http://localhost:${port}/a.jpg`)).rejects.toThrow(
      /not a public address/,
    );
    await expect(addressCheckedFetch()(`http://127.0.0.1:${port}/a.jpg`)).rejects.toThrow(
      /not a public address/,
    );
    await expect(addressCheckedFetch()(`http://[::ffff:127.0.0.1]:${port}/a.jpg`)).rejects.toThrow(
      /not a public address/,
    );
    expect(requests).toBe(before);
  });

  it('hands over what an allowed host answers, status, headers and bytes, and leaves redirects to the caller', async () => {
    const anywhere = addressCheckedFetch(() => true);
    const file = await anywhere(`http://localhost:${port}/a.jpg`, { headers: { accept: 'image/*' } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect(file.headers.get('x-asked-with')).toBe('image/*');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    const moved = await anywhere(`http://localhost:${port}/moved`);
    expect(moved.status).toBe(302);
    expect(moved.headers.get('location')).toContain('127.0.0.1:9001');
  });

  it('is how the deployed downloader fetches a Messenger or Instagram attachment', async () => {
    const secrets = { get: async () => 'token' } as unknown as Secrets;
    const urls = {
      metaGraphUrl: 'https://graph.facebook.com/v21.0',
      telegramApiUrl: 'https://api.telegram.org',
    };
    const downloader = new ProviderMediaDownloader(
      urls,
      secrets,
      fetch,
      addressCheckedFetch(isPublicAddress, resolvingTo('169.254.169.254')),
    );
    await expect(
      downloader.download({ provider: 'url', url: 'https://scontent.xx.fbcdn.net/v/a.jpg' }, 1000),
    ).rejects.toThrow(/not a public address \(169\.254\.169\.254\)/);
  });
});
