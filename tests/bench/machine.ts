/**
 * How fast this machine is, so CPU figures from different machines can be compared: a fixed single-threaded
 * workload like the server's (JSON of ticket-sized objects, a hash per key), timed in a fresh `node` process.
 */
import { execFileSync } from 'node:child_process';
import { percentile, round } from './stats.ts';

const WORKLOAD = `
const { createHash } = require('node:crypto');
const ticket = { id: '01M8RJEG86XXTQVZ3P8NCFCEJK', reference: 'SND-2026-000050', subject: 'استفسار عن موعد الصرف',
  preview: 'السلام عليكم، متى يتم صرف المساعدة الشهرية؟ لم يصلني إشعار هذا الشهر وأرجو الإفادة.',
  tags: ['web', 'new'], sla: { clocks: { firstResponse: { dueAt: '2026-12-01T10:00:00.000Z' } } } };
const start = performance.now();
let digest = '';
for (let i = 0; i < 20000; i++) {
  const copy = JSON.parse(JSON.stringify({ ...ticket, version: i }));
  digest = createHash('md5').update(digest + copy.id + copy.version).digest('hex');
}
console.log(performance.now() - start);
`;

/** Median ms of three runs of the fixed workload, each in a fresh process. */
export function machineReferenceMs(): number {
  const runs = Array.from({ length: 3 }, () =>
    Number(execFileSync(process.execPath, ['-e', WORKLOAD]).toString().trim()),
  );
  return round(percentile(runs, 0.5), 1);
}
