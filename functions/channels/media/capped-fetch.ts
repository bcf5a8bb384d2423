import { MediaTooLargeError, MediaUnavailableError } from '../../../shared/domain/errors.ts';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * GETs a file, reading at most `maxBytes` (a declared Content-Length over the cap is refused before reading).
 * A 404/410 is permanent (the provider no longer has it); other failures are thrown to be retried. With
 * `allowed`, each address a redirect leads to must pass it too.
 */
export async function fetchCapped(
  fetchImpl: typeof fetch,
  url: string,
  maxBytes: number,
  headers: Record<string, string> = {},
  allowed?: (url: string) => boolean,
): Promise<{ body: Uint8Array; contentType?: string }> {
  let response = await fetchImpl(url, { headers, redirect: allowed ? 'manual' : 'follow' });
  for (let hops = 0, at = url; allowed && REDIRECTS.has(response.status); hops++) {
    const location = response.headers.get('location');
    await response.body?.cancel();
    const next = location ? new URL(location, at).href : undefined;
    if (!next || hops >= MAX_REDIRECTS || !allowed(next))
      throw new MediaUnavailableError(`Not fetched: redirected to ${next?.slice(0, 200) ?? 'no address'}`);
    at = next;
    response = await fetchImpl(at, { headers, redirect: 'manual' });
  }
  if (response.status === 404 || response.status === 410)
    throw new MediaUnavailableError(`The provider no longer has the file (${response.status})`);
  if (!response.ok || !response.body) throw new Error(`The provider answered ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body.cancel();
    throw tooLarge(maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(read.value);
  }
  return {
    body: Buffer.concat(chunks, size),
    contentType: response.headers.get('content-type')?.split(';')[0]?.trim() || undefined,
  };
}

export const tooLarge = (maxBytes: number) => new MediaTooLargeError(maxBytes);
