import { MediaTooLargeError, MediaUnavailableError } from '../../../shared/domain/errors.ts';

/**
 * GETs a file, reading at most `maxBytes` (a declared Content-Length over the cap is refused before reading).
 * A 404/410 is permanent (the provider no longer has it); other failures are thrown to be retried.
 */
export async function fetchCapped(
  fetchImpl: typeof fetch,
  url: string,
  maxBytes: number,
  headers: Record<string, string> = {},
): Promise<{ body: Uint8Array; contentType?: string }> {
  const response = await fetchImpl(url, { headers, redirect: 'follow' });
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
