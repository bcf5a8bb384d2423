import { describe, expect, it } from 'vitest';
import type { StaffUser } from '../../shared/domain/staff.ts';
import { shareOut } from '../../shared/routing/assignment.ts';

const member = (id: string, capacity?: number): StaffUser => ({
  id,
  email: `${id}@sanad.local`,
  name: id,
  roles: ['agent'],
  queueIds: ['beneficiary-relations'],
  ...(capacity !== undefined && { capacity }),
});

describe('sharing tickets out among a queue’s members', () => {
  it('gives each ticket to the least loaded in turn, counting the ones given before it', () => {
    const takers = shareOut(
      [
        { user: member('b'), load: 3 },
        { user: member('a'), load: 1 },
      ],
      5,
    );
    // a: 1 → 2 → 3 (tie with b goes to the earlier id) → 4; b: 3 → 4 once a has passed it.
    expect(takers.map((user) => user?.id)).toEqual(['a', 'a', 'a', 'b', 'a']);
  });

  it('leaves the rest to nobody once every member is at capacity', () => {
    const takers = shareOut([{ user: member('a', 2), load: 1 }], 3);
    expect(takers.map((user) => user?.id)).toEqual(['a', undefined, undefined]);
  });

  it('gives nothing where the queue has no working member', () => {
    expect(shareOut([], 2)).toEqual([undefined, undefined]);
  });
});
