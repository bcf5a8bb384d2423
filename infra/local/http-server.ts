import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, createBrotliCompress, createGzip, gzip } from 'node:zlib';
import type { HttpHandler } from '../../functions/lib/http-handler.ts';
import { HTTP_FUNCTIONS, type HttpFunctionName } from '../../functions/routes.ts';
import { API_CORS, contentSecurityPolicy, PAGE_SECURITY_HEADERS } from '../web-headers.ts';
import { invokeLocally, isWellEncoded, routeMatcher, toApiGatewayEvent } from './api-gateway-event.ts';

/** API Gateway's payload limit; a larger body is refused before any handler runs. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export type LocalRoute = (request: IncomingMessage, body: Buffer, response: ServerResponse) => Promise<void>;

export interface LocalHttpServerOptions {
  functions: Record<HttpFunctionName, HttpHandler>;
  /** Routes that exist only locally (the identity provider). */
  localRoutes: Record<string, LocalRoute>;
  /** The built inbox, served for every other GET. */
  webRoot: string;
  /** Other origins whose scripts may call the API (the society's sites), as API Gateway's CORS allows them. */
  corsOrigins?: readonly string[];
  /** Why the local store takes no writes, when it takes none: GET /health answers 503 with it instead of ok. */
  storeRefusal?: () => string | undefined;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** Stands in for API Gateway: turns each request into the event Lambda would receive and serves the answer. */
export function createRequestListener(
  options: LocalHttpServerOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const functionOf = new Map<string, HttpFunctionName>();
  for (const [name, spec] of Object.entries(HTTP_FUNCTIONS)) {
    for (const routeKey of spec.routes) functionOf.set(routeKey, name as HttpFunctionName);
  }
  const match = routeMatcher([...functionOf.keys()]);

  return (request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (clientLeft(error, response)) return;
      console.error('Local server error', error);
      if (!response.headersSent)
        send(response, 500, { error: 'internal_error', message: 'Local server error' });
      else response.end();
    });
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const body = await readBody(request);
    if (!isWellEncoded(request.url ?? '/')) {
      send(response, 400, { error: 'bad_request', message: 'The URL holds a malformed percent-encoding' });
      return;
    }
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (body === 'too_large') {
      send(response, 413, { error: 'payload_too_large', message: 'The request body is larger than 10 MB' });
      return;
    }
    const refusal = method === 'GET' && path === '/health' ? options.storeRefusal?.() : undefined;
    if (refusal) {
      send(response, 503, { status: 'store_refuses_writes', message: refusal });
      return;
    }
    const local = options.localRoutes[`${method} ${path}`];
    if (local) return local(request, body, response);

    const origin = request.headers.origin;
    const cors = origin && options.corsOrigins?.includes(origin) ? origin : undefined;
    if (method === 'OPTIONS' && origin && request.headers['access-control-request-method']) {
      // A preflight is answered here, as API Gateway answers it, without reaching a function.
      response.writeHead(204, cors ? preflightHeaders(cors, request) : {});
      response.end();
      return;
    }
    const matched = match(method, path);
    if (matched) {
      const name = functionOf.get(matched.routeKey) as HttpFunctionName;
      const result = await invokeLocally(
        name,
        options.functions[name],
        toApiGatewayEvent(request, body, matched),
      );
      const responseBody = result.body ?? '';
      const bytes = result.isBase64Encoded ? Buffer.from(responseBody, 'base64') : Buffer.from(responseBody);
      const headers = { ...(result.headers as Record<string, string>), ...(cors && corsHeaders(cors)) };
      const encoding = bytes.length >= MIN_COMPRESSED_BYTES ? encodingFor(request, headers) : undefined;
      if (!encoding) {
        response.writeHead(result.statusCode ?? 200, headers);
        response.end(bytes);
        return;
      }
      const compressed = await COMPRESS[encoding](bytes);
      response.writeHead(result.statusCode ?? 200, compressedHeaders(headers, encoding));
      response.end(compressed);
      return;
    }
    // Pages (the inbox and the beneficiaries' public pages) are whatever GET no function serves.
    if ((method === 'GET' || method === 'HEAD') && !path.startsWith('/api/')) {
      return serveStatic(options.webRoot, path, request, response);
    }
    send(response, 404, { error: 'not_found', message: `No route for ${method} ${path}` });
  }
}

function corsHeaders(origin: string): Record<string, string> {
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': API_CORS.exposeHeaders.join(','),
    vary: 'origin',
  };
}

/** What API Gateway answers a preflight from an allowed origin: any method, the headers the API reads. */
function preflightHeaders(origin: string, request: IncomingMessage): Record<string, string> {
  const asked = String(request.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const allowed = asked.filter((name) => (API_CORS.allowHeaders as readonly string[]).includes(name));
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': String(request.headers['access-control-request-method']),
    ...(allowed.length > 0 && { 'access-control-allow-headers': allowed.join(',') }),
    'access-control-max-age': String(API_CORS.maxAgeSeconds),
    vary: 'origin',
  };
}

/** Below this a response is sent as it is: compressing it would save less than the header costs. */
const MIN_COMPRESSED_BYTES = 1024;
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml)|image\/svg\+xml)/;
/** Brotli at a middle quality: most of its gain, quick enough to compress each answer as it is sent. */
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } };
type Encoding = 'br' | 'gzip';
const COMPRESS: Record<Encoding, (bytes: Buffer) => Promise<Buffer>> = {
  br: (bytes) => promisify(brotliCompress)(bytes, BROTLI),
  gzip: (bytes) => promisify(gzip)(bytes),
};

/** Brotli, else gzip, when the client accepts it (q=0 refuses) and the content is text that compresses. */
function encodingFor(request: IncomingMessage, headers: OutgoingHttpHeaders): Encoding | undefined {
  const type = String(headers['content-type'] ?? headers['Content-Type'] ?? '');
  if (!COMPRESSIBLE.test(type) || headers['content-encoding']) return undefined;
  const accepted = new Set(
    String(request.headers['accept-encoding'] ?? '')
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, quality]) => !/^q=0(\.0*)?$/.test(quality?.trim() ?? ''))
      .map(([name]) => name?.trim().toLowerCase()),
  );
  return accepted.has('br') ? 'br' : accepted.has('gzip') ? 'gzip' : undefined;
}

function compressedHeaders(headers: OutgoingHttpHeaders, encoding: Encoding): OutgoingHttpHeaders {
  const { 'content-length': _length, ...rest } = headers;
  const vary = [headers.vary, 'accept-encoding'].filter(Boolean).join(', ');
  return { ...rest, 'content-encoding': encoding, vary };
}

export function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too_large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * A tab closed or a link followed while a file was being sent: the answer's socket closed before it ended, which
 * is the client's doing, not a fault to log.
 */
const clientLeft = (error: unknown, response: ServerResponse) =>
  (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_STREAM_PREMATURE_CLOSE' &&
  response.destroyed &&
  !response.writableFinished;

async function serveStatic(
  root: string,
  path: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const relative = normalize(decodeURIComponent(path)).replace(/^(\.\.[/\\])+/, '');
  let file = join(root, relative);
  if (!file.startsWith(root)) return send(response, 404, { error: 'not_found', message: 'Not found' });
  const info = await stat(file).catch(() => undefined);
  // The inbox is a single-page app: unknown paths get its shell.
  if (!info?.isFile()) file = join(root, 'index.html');
  const shell = await stat(file).catch(() => undefined);
  if (!shell?.isFile()) {
    response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('The inbox has not been built: run `npm run build:web`.');
    return;
  }
  // Vite names built assets by their content hash, so they never change and may be kept a year.
  const headers: OutgoingHttpHeaders = {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': file.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    // As CloudFront sends them in AWS; the live inbox's socket is on this same host.
    'content-security-policy': contentSecurityPolicy(
      request.headers.host ? [`ws://${request.headers.host}`] : [],
    ),
    ...PAGE_SECURITY_HEADERS,
  };
  const encoding = encodingFor(request, headers);
  if (!encoding) {
    response.writeHead(200, headers);
    await pipeline(createReadStream(file), response);
    return;
  }
  response.writeHead(200, compressedHeaders(headers, encoding));
  await pipeline(
    createReadStream(file),
    encoding === 'br' ? createBrotliCompress(BROTLI) : createGzip(),
    response,
  );
}
