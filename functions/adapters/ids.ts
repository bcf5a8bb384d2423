import { createHash, randomFillSync } from 'node:crypto';
import { encodeTime, monotonicFactory } from 'ulid';
import type { IdGenerator } from '../../shared/ports/ids.ts';

/**
 * Random bytes for ulid, from a pool refilled 4 KiB at a time: ulid asks for one byte per character, and each
 * ask was its own call into the crypto library (about 4% of a contact's CPU for its ten ids).
 */
function pooledRandom(): () => number {
  const pool = new Uint8Array(4096);
  let at = pool.length;
  return () => {
    if (at === pool.length) {
      randomFillSync(pool);
      at = 0;
    }
    return (pool[at++] as number) / 256;
  };
}

/** Crockford's base32, as ULIDs spell their random part. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function ulidGenerator(): IdGenerator {
  const next = monotonicFactory(pooledRandom());
  return {
    next: (at?: Date) => next(at?.getTime()),
    // A ULID whose random part is the seed's hash: it sorts by time like any other.
    repeatable: (at: Date, seed: string) =>
      encodeTime(at.getTime(), 10) +
      [...createHash('sha256').update(seed).digest().subarray(0, 16)]
        .map((byte) => CROCKFORD[byte % 32])
        .join(''),
  };
}
