import { createRequire } from 'node:module';
import * as dynamodb from '@aws-sdk/client-dynamodb';

const require = createRequire(import.meta.url);

export const WRITE_OPERATIONS = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

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
    readonly operations: DynaliteOperations,
    /** Told of each write request (the store's compaction counts them). */
    private readonly onWrite?: () => void,
  ) {}

  async handle(request: SdkRequest): Promise<{ response: SdkResponse }> {
    const operation = (request.headers['x-amz-target'] ?? '').replace(/^DynamoDB_20120810\./, '');
    const text = typeof request.body === 'string' ? request.body : decoder.decode(request.body);
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(text || '{}') as Record<string, unknown>;
    } catch {
      return answer(400, { __type: 'com.amazon.coral.service#SerializationException' });
    }
    const { statusCode, body } = await this.call(operation, input);
    return answer(statusCode, body);
  }

  /** A command's input answered by the store: the SDK's output, or its exception for the error. */
  async answer(commandName: string, input: object): Promise<{ response: object; output: object }> {
    // The store takes binary as base64, and drops absent members from what it is given: a copy, not the SDK's.
    const wire = { ...(encodeBinary(input) as Record<string, unknown>) };
    const { statusCode, body } = await this.call(commandName.replace(/Command$/, ''), wire);
    const $metadata = { httpStatusCode: statusCode, attempts: 1, totalRetryDelay: 0 };
    if (statusCode !== 200) throw sdkException(body as Record<string, unknown>, $metadata);
    return { response: { statusCode, headers: {} }, output: { ...decodeBinary(body as object), $metadata } };
  }

  private call(operation: string, input: Record<string, unknown>) {
    if (this.onWrite && WRITE_OPERATIONS.has(operation)) this.onWrite();
    return this.operations(operation, input);
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {}
}

/** `value` with its bytes as base64, copied only where it holds any. */
function encodeBinary(value: unknown): unknown {
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (value === null || typeof value !== 'object') return value;
  const members = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(members)) {
    const member = members[key];
    const encoded = encodeBinary(member);
    if (encoded !== member) {
      copy ??= Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...members };
      copy[key] = encoded;
    }
  }
  return copy ?? value;
}

/** The wire's base64 binary values (`B`, `BS`) as the bytes the SDK answers with. */
function decodeBinary<T>(value: T): T {
  if (Array.isArray(value)) {
    for (let at = 0; at < value.length; at++) value[at] = decodeBinary(value[at]);
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const member = record[key];
    if (key === 'B' && typeof member === 'string') record[key] = Buffer.from(member, 'base64');
    else if (key === 'BS' && Array.isArray(member) && typeof member[0] === 'string')
      record[key] = member.map((bytes: string) => Buffer.from(bytes, 'base64'));
    else if (member !== null && typeof member === 'object') record[key] = decodeBinary(member);
  }
  return value;
}

type ExceptionClass = new (options: Record<string, unknown>) => Error;

/** The SDK's exception for an error the store answered, as the SDK's deserializer would make it. */
function sdkException(body: Record<string, unknown>, $metadata: object): Error {
  const name = String(body.__type ?? '').replace(/^.*#/, '') || 'InternalServerError';
  const known = (dynamodb as unknown as Record<string, unknown>)[name];
  const message = String(body.message ?? body.Message ?? name);
  const options = { ...body, message, $metadata };
  if (typeof known === 'function' && known.prototype instanceof dynamodb.DynamoDBServiceException)
    return new (known as ExceptionClass)(options);
  const $fault = ($metadata as { httpStatusCode: number }).httpStatusCode >= 500 ? 'server' : 'client';
  return new dynamodb.DynamoDBServiceException({ ...options, name, $fault });
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
 * Middleware that only speaks to a remote endpoint (the user agent, Lambda's recursion header, the Host header,
 * the request logger), removed from a client of the store in this process.
 */
const REMOTE_ONLY_MIDDLEWARE = [
  'getUserAgentMiddleware',
  'recursionDetectionMiddleware',
  'hostHeaderMiddleware',
  'loggerMiddleware',
];

/** Middleware that works on the HTTP request, removed once no request is made (the body's length, retries, signing). */
const HTTP_REQUEST_MIDDLEWARE = ['contentLengthMiddleware', 'httpSigningMiddleware', 'retryMiddleware'];

type Handler = (args: { input: object }) => Promise<unknown>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;
interface MiddlewareStack {
  remove(name: string): boolean;
  add(
    middleware: Middleware,
    options: { step: string; name: string; override: boolean; tags?: string[] },
  ): void;
  addRelativeTo(middleware: Middleware, options: typeof ENDPOINT_RESOLUTION): void;
  concat(from: unknown): MiddlewareStack;
}

/**
 * The SDK's endpoint resolution, which each command adds to its own stack: as it is placed (so middleware placed
 * against it stays in place), to be replaced where nothing is sent anywhere.
 */
const ENDPOINT_RESOLUTION = {
  step: 'serialize',
  name: 'endpointV2Middleware',
  tags: ['ENDPOINT_PARAMETERS', 'ENDPOINT_V2', 'ENDPOINT'],
  override: true,
  relation: 'before',
  toMiddleware: 'serializerMiddleware',
};

/**
 * The stack, and every stack joined from it (a command's, when it is resolved), with the endpoint resolution made
 * a pass-through: the store in this process has no address, and resolving one (a copy of the whole client
 * configuration and a rule evaluation per request) cost about a twentieth of a local contact's CPU.
 */
function withoutEndpointResolution(stack: MiddlewareStack): MiddlewareStack {
  const concat = stack.concat;
  stack.concat = (from) => {
    const joined = withoutEndpointResolution(concat(from));
    joined.addRelativeTo((next) => next, ENDPOINT_RESOLUTION);
    return joined;
  };
  return stack;
}

/**
 * A client of the store in this process: its commands keep the SDK's middleware (the document client's
 * marshalling, the local change stream, the bench's counter), but their input goes to the store's operations as
 * the wire JSON it already is, and the answer comes back as the SDK's output or its own exception class, without
 * the SDK serialising an HTTP request and parsing one back: a fifth of a local contact's CPU.
 */
export function forInProcessUse<T extends { middlewareStack: unknown }>(client: T): T {
  const stack = client.middlewareStack as MiddlewareStack;
  for (const name of REMOTE_ONLY_MIDDLEWARE) stack.remove(name);
  const handler = (client as { config?: { requestHandler?: unknown } }).config?.requestHandler;
  if (!(handler instanceof InProcessDynamoDBHandler)) return client;
  for (const name of HTTP_REQUEST_MIDDLEWARE) stack.remove(name);
  withoutEndpointResolution(stack);
  // Same names, steps and tags as the SDK's own serde, so what is placed relative to them stays in place.
  stack.add((next) => next, {
    step: 'serialize',
    name: 'serializerMiddleware',
    tags: ['SERIALIZER'],
    override: true,
  });
  stack.add((_next, context) => (args) => handler.answer(context.commandName ?? '', args.input), {
    step: 'deserialize',
    name: 'deserializerMiddleware',
    tags: ['DESERIALIZER'],
    override: true,
  });
  return client;
}
