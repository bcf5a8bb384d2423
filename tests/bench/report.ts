/** A figure reported without a target. */
export interface Figure {
  measure: string;
  value: number;
}

/** A figure held to a target, with its verdict. */
export interface Target extends Figure {
  /** The target as a comparison, e.g. `≤ 12`. */
  target: string;
  pass: boolean;
}

/** What one bench run found: its tables by part, each target with its verdict, and the figures beside them. */
export const results: Record<string, unknown> & { targets: Target[]; figures: Figure[] } = {
  at: new Date().toISOString(),
  node: process.version,
  targets: [],
  figures: [],
};

/** Records a figure that has no target (memory, data size, latency), printed after the targets. */
export function note(measure: string, value: number): void {
  results.figures.push({ measure, value });
}

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
      target,
      verdict: pass ? 'PASS' : 'FAIL',
    })),
  );
  if (results.figures.length > 0) {
    console.log('Figures without a target');
    console.table(results.figures);
  }
}
