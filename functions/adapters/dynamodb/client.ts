import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Handler = (command: unknown) => Promise<{ output: unknown }>;

/** The parts of a document command this client reaches: its low-level command and its marshalling. */
interface DocumentCommand {
  clientCommand: { middlewareStack: unknown; resolveMiddleware(...args: unknown[]): Handler };
  middlewareStack: unknown;
  addMarshallingMiddleware(configuration: unknown): void;
}

/**
 * A document client that resolves each command's middleware once per command type, as the SDK's own
 * `cacheMiddleware` does for the low-level client (which the document client refuses): rebuilding and sorting
 * the whole stack for every request cost a third of the SDK's time per request. The resolved chain reads each
 * request's input, and the marshalling it holds depends only on the command type's attribute paths.
 * Middleware added to the client after its first request is not seen by command types already resolved.
 */
class ResolvedOnceDocumentClient extends DynamoDBDocumentClient {
  private readonly resolved = new Map<unknown, Handler>();

  static of(config: DynamoDBClientConfig): DynamoDBDocumentClient {
    return new ResolvedOnceDocumentClient(new DynamoDBClient(config), {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }

  override send(command: never, ...rest: never[]): never {
    const document = command as unknown as DocumentCommand;
    // Low-level commands, and calls with options, go the SDK's own way.
    if (rest.length > 0 || typeof document.addMarshallingMiddleware !== 'function')
      return super.send(command, ...rest) as never;
    let handler = this.resolved.get(document.constructor);
    if (!handler) {
      document.addMarshallingMiddleware(this.config);
      const stack = (this.middlewareStack as unknown as { concat(other: unknown): unknown }).concat(
        document.middlewareStack,
      );
      handler = document.clientCommand.resolveMiddleware(stack, this.config, undefined);
      this.resolved.set(document.constructor, handler);
    }
    return handler(document.clientCommand).then((result) => result.output) as never;
  }
}

/** A document client; `endpoint` points it at dynalite locally. */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return ResolvedOnceDocumentClient.of(config);
}
