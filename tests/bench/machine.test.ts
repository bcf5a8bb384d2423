import { describe, expect, it } from 'vitest';
import { machineReferenceMs } from './machine.ts';

describe('the bench machine reference', () => {
  it('times the fixed workload in fresh processes: a finite, positive number of ms', () => {
    const ms = machineReferenceMs();
    expect(Number.isFinite(ms)).toBe(true);
    expect(ms).toBeGreaterThan(0);
  });
});
