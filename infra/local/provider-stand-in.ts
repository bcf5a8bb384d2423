import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TELEGRAM_DOWNLOAD_LIMIT_BYTES } from '../../functions/channels/telegram/media.ts';

/** A request the stand-in received, for tests and try-channels to look at. */
export interface StandInRequest {
  method: string;
  path: string;
  authorization?: string;
  contentType?: string;
  /** The caller's correlation id, where it sends one (the SMS aggregator). */
  correlationId?: string;
  body: Buffer;
}

interface StoredFile {
  body: Uint8Array;
  contentType: string;
}

export interface ProviderStandIn {
  /** Base URLs to give the runtime (META_GRAPH_URL, TELEGRAM_API_URL). */
  metaGraphUrl: string;
  telegramApiUrl: string;
  /** The SMS aggregator's API base (SMS_AGGREGATOR_URL). */
  smsAggregatorUrl: string;
  /** The base of CDN-like URLs for Messenger/Instagram attachments (`payload.url`). */
  cdnUrl: string;
  requests: StandInRequest[];
  /** A file WhatsApp holds under a media id. */
  addWhatsAppMedia(mediaId: string, file: StoredFile): void;
  /** A file Telegram holds under a file id. */
  addTelegramFile(fileId: string, file: StoredFile): void;
  /** A file on the Messenger CDN; answers its URL. */
  addCdnFile(name: string, file: StoredFile): string;
  /** The next `count` requests whose path starts with `prefix` fail with 500. */
  failNext(prefix: string, count: number): void;
  close(): Promise<void>;
}

export const STAND_IN_WHATSAPP_TOKEN = 'stand-in-whatsapp-token';
export const STAND_IN_TELEGRAM_TOKEN = '123456:stand-in-telegram-token';
export const STAND_IN_PAGE_TOKEN = 'stand-in-page-token';
export const STAND_IN_SMS_AGGREGATOR_KEY = 'stand-in-sms-aggregator-key';
/** The only sender name the aggregator's stand-in has registered; any other is refused with a 400. */
export const STAND_IN_SMS_SENDER_ID = 'SANAD';

/**
 * A loopback stand-in for the Graph API, the Telegram Bot API and the SMS aggregator, built from their documented
 * formats (the aggregator's: `functions/channels/sms/aggregator.ts`): media lookups and downloads, uploads, sends
 * and the user profile. Only the stand-in's own tokens are accepted, so a
 * request without credentials is refused as the real providers would.
 */
export async function startProviderStandIn(host = '127.0.0.1', port = 0): Promise<ProviderStandIn> {
  const whatsapp = new Map<string, StoredFile>();
  const telegram = new Map<string, StoredFile>();
  const cdn = new Map<string, StoredFile>();
  const failures: { prefix: string; left: number }[] = [];
  const requests: StandInRequest[] = [];
  let base = '';

  const answer = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const sendFile = (response: ServerResponse, file: StoredFile | undefined) => {
    if (!file) return answer(response, 404, { error: { message: 'Not found' } });
    response.writeHead(200, { 'content-type': file.contentType, 'content-length': file.body.byteLength });
    response.end(file.body);
  };

  const route = (request: IncomingMessage, body: Buffer, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', base);
    const path = url.pathname;
    const bearer = request.headers.authorization;
    const failing = failures.find((failure) => failure.left > 0 && path.startsWith(failure.prefix));
    if (failing) {
      failing.left--;
      return answer(response, 500, { error: { message: 'Stand-in failure' } });
    }
    // Telegram Bot API: /bot<token>/<method> and /file/bot<token>/<file_path>.
    const botFile = path.match(/^\/file\/bot([^/]+)\/(.+)$/);
    if (botFile) {
      if (botFile[1] !== STAND_IN_TELEGRAM_TOKEN) return answer(response, 401, { ok: false });
      return sendFile(response, telegram.get(decodeURIComponent(botFile[2] ?? '').replace(/^files\//, '')));
    }
    const bot = path.match(/^\/bot([^/]+)\/(\w+)$/);
    if (bot) {
      if (bot[1] !== STAND_IN_TELEGRAM_TOKEN)
        return answer(response, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      if (bot[2] === 'getFile') {
        const fileId = String(JSON.parse(body.toString('utf8') || '{}').file_id ?? '');
        const file = telegram.get(fileId);
        if (!file)
          return answer(response, 400, {
            ok: false,
            error_code: 400,
            description: 'Bad Request: invalid file_id',
          });
        if (file.body.byteLength > TELEGRAM_DOWNLOAD_LIMIT_BYTES)
          return answer(response, 400, {
            ok: false,
            error_code: 400,
            description: 'Bad Request: file is too big',
          });
        return answer(response, 200, {
          ok: true,
          result: {
            file_id: fileId,
            file_unique_id: fileId,
            file_size: file.body.byteLength,
            file_path: `files/${fileId}`,
          },
        });
      }
      if (['sendMessage', 'sendDocument', 'sendPhoto'].includes(bot[2] ?? ''))
        return answer(response, 200, { ok: true, result: { message_id: requests.length + 1000 } });
      return answer(response, 404, { ok: false, description: 'Not Found' });
    }
    if (path.startsWith('/cdn/')) return sendFile(response, cdn.get(path.slice('/cdn/'.length)));
    if (path === '/sms-aggregator/messages' && request.method === 'POST') {
      if (bearer !== `Bearer ${STAND_IN_SMS_AGGREGATOR_KEY}`)
        return answer(response, 401, { error: 'unauthorized', message: 'Invalid API key' });
      const sms = JSON.parse(body.toString('utf8') || '{}') as { sender?: string };
      if (sms.sender !== STAND_IN_SMS_SENDER_ID)
        return answer(response, 400, { error: 'invalid_sender', message: 'Unknown sender name' });
      return answer(response, 202, { messageId: `agg-${randomUUID()}` });
    }
    // Graph API: /v<version>/…
    const graph = path.match(/^\/v[\d.]+\/(.+)$/);
    if (!graph) return answer(response, 404, { error: { message: 'Unknown path' } });
    const rest = graph[1] ?? '';
    const token = bearer?.replace(/^Bearer /, '');
    if (token !== STAND_IN_WHATSAPP_TOKEN && token !== STAND_IN_PAGE_TOKEN)
      return answer(response, 401, { error: { message: 'Invalid OAuth access token', code: 190 } });
    if (rest.startsWith('media-download/'))
      return sendFile(response, whatsapp.get(rest.slice('media-download/'.length)));
    if (/^[^/]+\/media$/.test(rest) && request.method === 'POST')
      return answer(response, 200, { id: `uploaded-${randomUUID()}` });
    if (/^[^/]+\/messages$/.test(rest) && request.method === 'POST') {
      if (rest.startsWith('me/'))
        return answer(response, 200, { recipient_id: 'x', message_id: `m_${randomUUID()}` });
      return answer(response, 200, {
        messaging_product: 'whatsapp',
        messages: [{ id: `wamid.${randomUUID()}` }],
      });
    }
    if (rest === 'me/message_attachments' && request.method === 'POST')
      return answer(response, 200, { attachment_id: `att-${randomUUID()}` });
    const media = whatsapp.get(rest);
    if (media) {
      return answer(response, 200, {
        messaging_product: 'whatsapp',
        url: `${base}/v21.0/media-download/${rest}`,
        mime_type: media.contentType,
        sha256: createHash('sha256').update(media.body).digest('hex'),
        file_size: String(media.body.byteLength),
        id: rest,
      });
    }
    // The user profile API: a person's name by their page-scoped id.
    if (url.searchParams.get('fields')?.includes('first_name'))
      return answer(response, 200, { first_name: 'ريم', last_name: 'الحربي', id: rest });
    if (url.searchParams.get('fields')?.includes('name'))
      return answer(response, 200, { name: 'ريم الحربي', username: 'reem', id: rest });
    return answer(response, 404, { error: { message: 'Unsupported get request', code: 100 } });
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        correlationId: request.headers['x-correlation-id'] as string | undefined,
        body,
      });
      route(request, body, response);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  base = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    metaGraphUrl: `${base}/v21.0`,
    telegramApiUrl: base,
    cdnUrl: `${base}/cdn`,
    smsAggregatorUrl: `${base}/sms-aggregator`,
    requests,
    addWhatsAppMedia: (mediaId, file) => whatsapp.set(mediaId, file),
    addTelegramFile: (fileId, file) => telegram.set(fileId, file),
    addCdnFile: (name, file) => {
      cdn.set(name, file);
      return `${base}/cdn/${name}`;
    },
    failNext: (prefix, count) => failures.push({ prefix, left: count }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
