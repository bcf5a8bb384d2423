import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynaliteOperations } from './in-process-dynamodb.ts';

export type Key = Record<string, AttributeValue>;
export type Item = Record<string, AttributeValue>;

export class DynaliteError extends Error {}

/**
 * Each write of a transaction answered by dynalite's own operations: the transaction's items already are
 * DynamoDB JSON, so they go as they came, without an SDK client marshalling them again.
 */
export class DynaliteCalls {
  constructor(private readonly operations: DynaliteOperations) {}

  async send<T>(operation: string, input: object): Promise<T> {
    const { statusCode, body } = await this.operations(operation, { ...input });
    const answer = (body ?? {}) as { message?: string; Message?: string; __type?: string };
    if (statusCode !== 200) {
      const error = new DynaliteError(answer.message ?? answer.Message ?? `${operation} failed`);
      error.name = String(answer.__type ?? '').replace(/^.*#/, '') || 'InternalServerError';
      throw error;
    }
    return answer as T;
  }

  /** Writes, answering the item as it was before. */
  async previous(operation: string, input: object): Promise<Item | undefined> {
    return (await this.send<{ Attributes?: Item }>(operation, { ...input, ReturnValues: 'ALL_OLD' }))
      .Attributes;
  }
}
