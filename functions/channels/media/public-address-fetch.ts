import { type LookupAddress, type LookupAllOptions, lookup } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';
import { Readable } from 'node:stream';
import { MediaUnavailableError } from '../../../shared/domain/errors.ts';

/** Addresses no file a provider hands over is on: this machine, private networks, link-local, reserved. */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 127],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');

/** Whether an IP address is on the public internet (an IPv4-mapped IPv6 address is judged by its IPv4 one). */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

type Lookup = typeof lookup;

/**
 * A `fetch` for addresses a webhook names: the name is resolved when the connection is made, and a connection to
 * an address that is not public (`isAllowed`) is refused, so a name that resolves, or is rebound, to this machine or
 * a private network (the Lambda runtime's API, a metadata service) is never reached. It follows no redirect (the
 * caller judges each), GETs only, and keeps the body a stream.
 */
export function addressCheckedFetch(
  isAllowed: (address: string) => boolean = isPublicAddress,
  resolve: Lookup = lookup,
): typeof fetch {
  const checkedLookup = ((
    hostname: string,
    options: LookupAllOptions,
    done: (error: Error | null, address?: string | LookupAddress[], family?: number) => void,
  ) =>
    resolve(hostname, { ...options, all: true }, (error, found: LookupAddress[]) => {
      if (error) return done(error);
      const refused = found.find((entry) => !isAllowed(entry.address));
      if (refused || found.length === 0) return done(notPublic(hostname, refused?.address ?? 'no address'));
      // Node asks for every address (happy eyeballs) or for one.
      return options.all ? done(null, found) : done(null, found[0]?.address, found[0]?.family);
    })) as unknown as Lookup;

  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    // A name given as a number is connected to without a lookup.
    if (isIP(literal) && !isAllowed(literal)) throw notPublic(url.hostname, literal);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const response = await new Promise<IncomingMessage>((answered, failed) => {
      const outgoing = request(
        url,
        { method: 'GET', headers: Object.fromEntries(new Headers(init?.headers)), lookup: checkedLookup },
        answered,
      );
      outgoing.on('error', failed);
      outgoing.end();
    });
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 599) {
      response.destroy();
      throw new Error(`The file's host answered ${status}`);
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers))
      for (const each of Array.isArray(value) ? value : value === undefined ? [] : [value])
        headers.append(name, each);
    const bodyless = [204, 205, 304].includes(status);
    if (bodyless) response.resume();
    return new Response(bodyless ? null : (Readable.toWeb(response) as ReadableStream), { status, headers });
  }) as typeof fetch;
}

const notPublic = (host: string, address: string) =>
  new MediaUnavailableError(`Not fetched: ${host.slice(0, 200)} is not a public address (${address})`);
