import { createHash } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import { type Identity, identityKey } from '../../shared/domain/identity.ts';
import type { IdGenerator } from '../../shared/ports/ids.ts';

export function ulidGenerator(): IdGenerator {
  const next = monotonicFactory();
  return { next: (at?: Date) => next(at?.getTime()) };
}

/** The same identity always gives the same contact id, so concurrent first contacts make one contact. */
export function contactIdFor(identity: Identity): string {
  return `C${createHash('sha256').update(identityKey(identity)).digest('hex').slice(0, 24).toUpperCase()}`;
}
