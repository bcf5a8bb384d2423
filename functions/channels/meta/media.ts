import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { MediaUnavailableError } from '../../../shared/domain/errors.ts';
import type { MediaDownload } from '../../../shared/ports/media.ts';
import { fetchCapped, tooLarge } from '../media/capped-fetch.ts';

/** Graph `GET /{media-id}`: where the file is (a URL valid for minutes) and what it is. */
const mediaInfo = z.object({
  url: z.url(),
  mime_type: z.optional(z.string()),
  sha256: z.optional(z.string()),
  file_size: z.optional(z.union([z.string(), z.number()])),
});

/**
 * A WhatsApp media id → its bytes: Graph `GET /{media-id}` with the access token gives a short-lived URL, which
 * is fetched with the same token. The size Meta declares is checked before downloading and the SHA-256 after.
 */
export async function downloadWhatsAppMedia(
  fetchImpl: typeof fetch,
  graphUrl: string,
  accessToken: string | undefined,
  mediaId: string,
  maxBytes: number,
): Promise<MediaDownload> {
  if (!accessToken) return { kind: 'no_token' };
  const authorization = { authorization: `Bearer ${accessToken}` };
  const response = await fetchImpl(`${graphUrl}/${encodeURIComponent(mediaId)}`, { headers: authorization });
  if (response.status === 404 || response.status === 400)
    throw new MediaUnavailableError(`WhatsApp no longer has media ${mediaId} (${response.status})`);
  if (!response.ok) throw new Error(`Graph API answered ${response.status} for media ${mediaId}`);
  const info = mediaInfo.safeParse(await response.json().catch(() => undefined));
  if (!info.success) throw new Error(`Graph API answered media ${mediaId} without a URL`);
  if (Number(info.data.file_size ?? 0) > maxBytes) throw tooLarge(maxBytes);
  const file = await fetchCapped(fetchImpl, info.data.url, maxBytes, authorization);
  const expected = info.data.sha256?.toLowerCase();
  if (expected) {
    const digest = createHash('sha256').update(file.body);
    // Meta documents a hex digest; webhook payloads have been seen with base64, so either is accepted.
    const hex = digest.copy().digest('hex');
    if (hex !== expected && digest.digest('base64').toLowerCase() !== expected)
      throw new Error(`Media ${mediaId} does not match the SHA-256 WhatsApp gave`);
  }
  return { kind: 'bytes', body: file.body, contentType: info.data.mime_type ?? file.contentType };
}

/**
 * Whether a file address a webhook names is a public https one, as Meta's CDN addresses are: never this machine,
 * an address by number (a private network, the Lambda runtime's own API) or a name only an internal network has.
 */
export function isPublicHttpsUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // A name may end with the root's dot (`localhost.`): it names the same host.
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  return (
    parsed.protocol === 'https:' &&
    host.includes('.') &&
    !host.startsWith('[') &&
    !/^[\d.]+$/.test(host) &&
    !/(^|\.)(localhost|internal|local)$/.test(host)
  );
}

/**
 * A Messenger or Instagram attachment's `payload.url`: a signed CDN address, fetched without a token; with
 * `publicOnly`, only from a public https address, and only redirected to another.
 */
export async function downloadAttachmentUrl(
  fetchImpl: typeof fetch,
  url: string,
  maxBytes: number,
  publicOnly = true,
): Promise<MediaDownload> {
  if (publicOnly && !isPublicHttpsUrl(url))
    throw new MediaUnavailableError(`Not fetched: not a public https address (${url.slice(0, 200)})`);
  const file = await fetchCapped(fetchImpl, url, maxBytes, {}, publicOnly ? isPublicHttpsUrl : undefined);
  return { kind: 'bytes', ...file };
}
