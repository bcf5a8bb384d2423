import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

const WRITES = /\.(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems)$/;

interface SdkRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

interface SdkResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/**
 * The SDK's HTTP handler for a dynalite server in this process: each request is handed to the server's own
 * request listeners (dynalite, and the transactions in front of it) as it would arrive over a socket, with the
 * same JSON protocol both ways, but without the loopback socket and HTTP parsing that cost a local contact more
 * CPU than the store itself.
 */
export class InProcessDynamoDBHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };

  constructor(
    private readonly server: Server,
    /** Told of each write request (the store's compaction counts them). */
    private readonly onWrite?: () => void,
  ) {}

  handle(request: SdkRequest): Promise<{ response: SdkResponse }> {
    if (this.onWrite && WRITES.test(request.headers['x-amz-target'] ?? '')) this.onWrite();
    // The SDK's JSON body is a Uint8Array that also answers string methods; its bytes are taken as they are.
    const body =
      request.body === undefined
        ? undefined
        : typeof request.body === 'string'
          ? Buffer.from(request.body)
          : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
    const incoming = Object.assign(Readable.from(body ? [body] : []), {
      method: request.method,
      url: request.path,
      headers: Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]),
      ),
    });
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      const outgoing = {
        statusCode: 200,
        setHeader(name: string, value: number | string) {
          headers[name.toLowerCase()] = String(value);
        },
        getHeader: (name: string) => headers[name.toLowerCase()],
        writeHead(status: number, more: Record<string, string> = {}) {
          outgoing.statusCode = status;
          for (const [name, value] of Object.entries(more)) outgoing.setHeader(name, value);
          return outgoing;
        },
        end(chunk?: string | Buffer) {
          resolve({
            response: {
              statusCode: outgoing.statusCode,
              headers,
              body: chunk === undefined ? new Uint8Array() : Buffer.from(chunk),
            },
          });
        },
      };
      incoming.once('error', reject);
      this.server.emit(
        'request',
        incoming as unknown as IncomingMessage,
        outgoing as unknown as ServerResponse,
      );
    });
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {}
}

/**
 * dynalite asks for a SigV4-shaped Authorization header but never checks the signature; this fills the shape
 * instead of hashing every request body and computing the HMAC chain for a key nobody verifies. The header
 * changes once a second, so it is built once a second.
 */
let signedSecond = -1;
let signedHeaders: Record<string, string> = {};

export const unsignedLocally = {
  async sign<T extends { headers: Record<string, string> }>(request: T): Promise<T> {
    const second = Math.floor(Date.now() / 1000);
    if (second !== signedSecond) {
      const date = new Date(second * 1000).toISOString().replace(/[-:]|\.\d{3}/g, '');
      signedSecond = second;
      signedHeaders = {
        authorization: `AWS4-HMAC-SHA256 Credential=local/${date.slice(0, 8)}/me-south-1/dynamodb/aws4_request, SignedHeaders=host, Signature=local`,
        'x-amz-date': date,
      };
    }
    Object.assign(request.headers, signedHeaders);
    return request;
  },
};

/**
 * Middleware that only speaks to a remote endpoint (the user agent, Lambda's recursion header, the Host header
 * and the SDK's request logger), removed from a client that hands its requests to dynalite in this process:
 * together about a fifth of the SDK's time per request, and nothing dynalite reads.
 */
const REMOTE_ONLY_MIDDLEWARE = [
  'getUserAgentMiddleware',
  'recursionDetectionMiddleware',
  'hostHeaderMiddleware',
  'loggerMiddleware',
];

export function forInProcessUse<T extends { middlewareStack: { remove(name: string): boolean } }>(
  client: T,
): T {
  for (const name of REMOTE_ONLY_MIDDLEWARE) client.middlewareStack.remove(name);
  return client;
}
