import { synthesizeSanad } from './synth.ts';
const t0 = Date.now();
const { statelessTemplate } = synthesizeSanad({}, JSON.parse(process.argv[2] ?? '{}'));
const r = statelessTemplate.toJSON().Resources;
const counts: Record<string, number> = {};
for (const v of Object.values(r) as any[]) counts[v.Type] = (counts[v.Type] ?? 0) + 1;
console.log(Object.keys(r).length, (Date.now() - t0) / 1000, 's', JSON.stringify(counts, null, 0));
const role = Object.entries(r).find(([k]) => k.startsWith('DeploymentRole'));
console.log(JSON.stringify(role));
