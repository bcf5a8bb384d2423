import * as z from 'zod/mini';
import { MediaUnavailableError } from '../../../shared/domain/errors.ts';
import type { MediaDownload } from '../../../shared/ports/media.ts';
import { fetchCapped, tooLarge } from '../media/capped-fetch.ts';

const getFileAnswer = z.object({
  ok: z.boolean(),
  description: z.optional(z.string()),
  result: z.optional(
    z.object({ file_id: z.string(), file_size: z.optional(z.number()), file_path: z.optional(z.string()) }),
  ),
});

/** The Bot API hands out files up to 20 MB (https://core.telegram.org/bots/api#getfile). */
export const TELEGRAM_DOWNLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

/**
 * A Telegram file id → its bytes: `getFile` gives the file's path, downloaded from
 * `{api}/file/bot<token>/<file_path>` (https://core.telegram.org/bots/api#getfile).
 */
export async function downloadTelegramFile(
  fetchImpl: typeof fetch,
  apiUrl: string,
  botToken: string | undefined,
  fileId: string,
  maxBytes: number,
): Promise<MediaDownload> {
  if (!botToken) return { kind: 'no_token' };
  const response = await fetchImpl(`${apiUrl}/bot${botToken}/getFile`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ file_id: fileId }),
  });
  const answer = getFileAnswer.safeParse(await response.json().catch(() => undefined));
  if (response.status === 400) {
    const reason = answer.success ? answer.data.description : undefined;
    // Over the Bot API's download limit: the sender is told, so they can send it smaller.
    if (reason && /too big/i.test(reason)) throw tooLarge(Math.min(maxBytes, TELEGRAM_DOWNLOAD_LIMIT_BYTES));
    throw new MediaUnavailableError(`Telegram will not give the file: ${reason ?? response.status}`);
  }
  if (!response.ok || !answer.success || !answer.data.ok || !answer.data.result?.file_path)
    throw new Error(`Telegram getFile answered ${response.status}`);
  if ((answer.data.result.file_size ?? 0) > maxBytes) throw tooLarge(maxBytes);
  const file = await fetchCapped(
    fetchImpl,
    `${apiUrl}/file/bot${botToken}/${answer.data.result.file_path}`,
    maxBytes,
  );
  return { kind: 'bytes', body: file.body };
}
