/**
 * `npm run bench`: measures the system, prints tables and the targets with their verdicts, and writes every
 * figure to bench-results/<time>.json (read by `npm run cost-model`). Every figure comes from this one run.
 * BENCH_ONLY=day,bundles runs just those parts (all by default).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { bundles, web } from './bundles.ts';
import { day } from './day.ts';
import { machineReferenceMs } from './machine.ts';
import { note, printTargets, results } from './report.ts';
import { escalation, inboxList } from './seeded.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const parts = { day, inboxList, escalation, bundles, web };
const only = process.env.BENCH_ONLY?.split(',');
for (const name of only ?? [])
  if (!(name in parts)) throw new Error(`BENCH_ONLY: no part ${name} (${Object.keys(parts)})`);
// Before and after: a shared machine's speed drifts while the bench runs.
const reference = 'machine reference ms (a fixed JSON and hashing workload, one core; lower is faster)';
note(`${reference}, before`, machineReferenceMs());
for (const [name, part] of Object.entries(parts)) if (!only || only.includes(name)) await part();
note(`${reference}, after`, machineReferenceMs());
printTargets();
await mkdir(join(ROOT, 'bench-results'), { recursive: true });
const file = join(ROOT, 'bench-results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
await writeFile(file, JSON.stringify(results, null, 2));
console.log(`\nResults written to ${file}`);
process.exit(0);
