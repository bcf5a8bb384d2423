import { monotonicFactory } from 'ulid';
import type { IdGenerator } from '../../shared/ports/ids.ts';

export function ulidGenerator(): IdGenerator {
  const next = monotonicFactory();
  return { next: (at?: Date) => next(at?.getTime()) };
}
