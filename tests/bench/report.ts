/** What one bench run found: its figures by part, and each target with its verdict. */
export interface Target {
  measure: string;
  value: number;
  /** The target as a comparison, e.g. `≤ 12`; absent for a figure reported without one. */
  target?: string;
  pass?: boolean;
}

export const results: Record<string, unknown> & { targets: Target[] } = {
  at: new Date().toISOString(),
  node: process.version,
  targets: [],
};

/** Records a figure against its bound: `≤` (at most) or `<` (below). */
export function judge(measure: string, value: number, comparison: '≤' | '<', bound: number): void {
  results.targets.push({
    measure,
    value,
    target: `${comparison} ${bound}`,
    pass: comparison === '≤' ? value <= bound : value < bound,
  });
}

export function printTargets(): void {
  console.log('\nTargets');
  console.table(
    results.targets.map(({ measure, value, target, pass }) => ({
      measure,
      value,
      target: target ?? '—',
      verdict: pass === undefined ? '—' : pass ? 'PASS' : 'FAIL',
    })),
  );
}
