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
 * instead of hashing every request body and computing the HMAC chain for a key nobody verifies.
 */
export const unsignedLocally = {
  async sign<T extends { headers: Record<string, string> }>(request: T): Promise<T> {
    const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
    request.headers.authorization = `AWS4-HMAC-SHA256 Credential=local/${date.slice(0, 8)}/me-south-1/dynamodb/aws4_request, SignedHeaders=host, Signature=local`;
    request.headers['x-amz-date'] = date;
    return request;
  },
};
