import { describe, expect, it } from 'vitest';
import { judge, note, results } from './report.ts';

describe("the bench's results", () => {
  it('hold each target with its bound and verdict, and the figures without a target apart', () => {
    judge('cold init ms, Health', 100, '≤', 100);
    judge('WRU per new contact', 38.07, '≤', 12);
    judge('data folder MB', 80, '<', 80);
    note('RSS MB after the day', 437.3);
    expect(results.targets).toEqual([
      { measure: 'cold init ms, Health', value: 100, target: '≤ 100', pass: true },
      { measure: 'WRU per new contact', value: 38.07, target: '≤ 12', pass: false },
      { measure: 'data folder MB', value: 80, target: '< 80', pass: false },
    ]);
    expect(results.figures).toEqual([{ measure: 'RSS MB after the day', value: 437.3 }]);
  });
});
