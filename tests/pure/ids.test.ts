import { decodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import { ulidGenerator } from '../../functions/adapters/ids.ts';

describe('ids', () => {
  it('are unique and ordered in one millisecond and across many, their random part using all 32 characters', () => {
    const ids = ulidGenerator();
    const at = new Date('2026-11-29T12:00:00Z');
    const sameInstant = Array.from({ length: 5_000 }, () => ids.next(at));
    expect(new Set(sameInstant).size).toBe(5_000);
    expect([...sameInstant].sort()).toEqual(sameInstant);
    expect(decodeTime(sameInstant[0] as string)).toBe(at.getTime());
    // Past the pool's 4 KiB several times over: fresh instants draw 16 random characters each.
    const spread = Array.from({ length: 2_000 }, (_, index) => ids.next(new Date(at.getTime() + 1 + index)));
    expect(new Set(spread).size).toBe(2_000);
    const randomParts = spread.map((id) => id.slice(10)).join('');
    expect(new Set(randomParts).size).toBe(32);
    // Roughly uniform: no character more than twice as frequent as another over 32,000 draws.
    const counts = [...new Set(randomParts)].map((char) => randomParts.split(char).length - 1);
    expect(Math.max(...counts) / Math.min(...counts)).toBeLessThan(2);
  });
});
