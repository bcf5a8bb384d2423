import { type DynaliteOperations, WRITE_OPERATIONS } from './in-process-dynamodb.ts';

/**
 * Whether the local store takes writes. A full disk leaves LevelDB refusing every write until it is opened again,
 * even once space is freed, while reads still answer: after a write refused for the store's own reasons (an
 * answer of 500 or a failure, not a condition), GET /health says so instead of ok, so a person or a supervisor
 * restarts it; the next write it takes clears it.
 */
export class StoreWrites {
  private refusedFor: string | undefined;

  watch(operations: DynaliteOperations): DynaliteOperations {
    return async (operation, input) => {
      if (!WRITE_OPERATIONS.has(operation)) return operations(operation, input);
      let answer: Awaited<ReturnType<DynaliteOperations>>;
      try {
        answer = await operations(operation, input);
      } catch (error) {
        this.refused((error as Error).message);
        throw error;
      }
      if (answer.statusCode >= 500)
        this.refused((answer.body as { message?: string })?.message ?? 'no reason');
      else if (answer.statusCode === 200) this.refusedFor = undefined;
      return answer;
    };
  }

  /** Why the last write was refused, while no write since has been taken. */
  refusal(): string | undefined {
    return this.refusedFor;
  }

  private refused(reason: string): void {
    if (this.refusedFor === undefined)
      console.error(`The local store refuses writes (${reason}): free disk space, then restart npm start.`);
    this.refusedFor = reason;
  }
}
