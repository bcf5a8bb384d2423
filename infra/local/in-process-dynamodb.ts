import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/** A DynamoDB operation answered in this process: the wire JSON in, the wire JSON out, with its status. */
export type DynaliteOperations = (
  operation: string,
  input: Record<string, unknown>,
) => Promise<{ statusCode: number; body: unknown }>;

interface DynaliteValidations {
  checkTypes(data: unknown, types: unknown): Record<string, unknown>;
  checkValidations(data: unknown, types: unknown, custom: unknown, store: unknown): void;
}
type DynaliteAction = (
  store: unknown,
  data: unknown,
  callback: (error: (Error & { statusCode?: number; body?: unknown }) | null, result?: unknown) => void,
) => void;
interface DynaliteValidation {
  types: unknown;
  custom?: unknown;
}

/** dynalite's operations, as its HTTP listener names them. */
const OPERATIONS = new Set([
  'BatchGetItem',
  'BatchWriteItem',
  'CreateTable',
  'DeleteItem',
  'DeleteTable',
  'DescribeTable',
  'DescribeTimeToLive',
  'GetItem',
  'ListTables',
  'PutItem',
  'Query',
  'Scan',
  'TagResource',
  'UntagResource',
  'ListTagsOfResource',
  'UpdateItem',
  'UpdateTable',
]);

/**
 * dynalite's own validation and actions on its store, called as its HTTP listener calls them once it has read a
 * request: the same checks and answers, without a request stream, header parsing, a random request id and a
 * checksum per call that cost a local contact more than some of the writes.
 */
export function dynaliteOperations(store: unknown): DynaliteOperations {
  const validations = require('dynalite/validations') as DynaliteValidations;
  const loaded = new Map<string, { action: DynaliteAction; validation: DynaliteValidation }>();
  const operationOf = (name: string) => {
    if (!OPERATIONS.has(name)) return undefined;
    let operation = loaded.get(name);
    if (!operation) {
      const file = name.charAt(0).toLowerCase() + name.slice(1);
      operation = {
        action: require(`dynalite/actions/${file}`) as DynaliteAction,
        validation: require(`dynalite/validations/${file}`) as DynaliteValidation,
      };
      loaded.set(name, operation);
    }
    return operation;
  };
  return (name, input) =>
    new Promise((resolve, reject) => {
      const operation = operationOf(name);
      if (!operation) {
        resolve({ statusCode: 400, body: { __type: 'com.amazon.coral.service#UnknownOperationException' } });
        return;
      }
      let data: Record<string, unknown>;
      try {
        data = validations.checkTypes(input, operation.validation.types);
        validations.checkValidations(data, operation.validation.types, operation.validation.custom, store);
      } catch (error) {
        const invalid = error as { statusCode?: number; body?: unknown };
        if (invalid.statusCode) resolve({ statusCode: invalid.statusCode, body: invalid.body });
        else reject(error);
        return;
      }
      operation.action(store, data, (error, result) => {
        if (error?.statusCode) resolve({ statusCode: error.statusCode, body: error.body });
        else if (error) reject(error);
        else resolve({ statusCode: 200, body: result });
      });
    });
}

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

const decoder = new TextDecoder();

/**
 * The SDK's HTTP handler for the store in this process: each request the SDK serialised (the same JSON protocol
 * as over a socket) is answered by the store's operations directly.
 */
export class InProcessDynamoDBHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };

  constructor(
    private readonly operations: DynaliteOperations,
    /** Told of each write request (the store's compaction counts them). */
    private readonly onWrite?: () => void,
  ) {}

  async handle(request: SdkRequest): Promise<{ response: SdkResponse }> {
    const operation = (request.headers['x-amz-target'] ?? '').replace(/^DynamoDB_20120810\./, '');
    if (this.onWrite && WRITES.has(operation)) this.onWrite();
    const text = typeof request.body === 'string' ? request.body : decoder.decode(request.body);
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(text || '{}') as Record<string, unknown>;
    } catch {
      return answer(400, { __type: 'com.amazon.coral.service#SerializationException' });
    }
    const { statusCode, body } = await this.operations(operation, input);
    return answer(statusCode, body);
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {}
}

function answer(statusCode: number, body: unknown): { response: SdkResponse } {
  return {
    response: {
      statusCode,
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      body: Buffer.from(JSON.stringify(body)),
    },
  };
}

/** The store in this process checks no signature, so a request is not signed (nor hashed for one). */
export const unsignedLocally = {
  async sign<T>(request: T): Promise<T> {
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
