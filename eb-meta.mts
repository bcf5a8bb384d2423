import { build } from 'esbuild';
import { BUNDLE_ALIASES } from './infra/aws/bundle-aliases.ts';

const name = process.argv[2];
const { metafile } = await build({
  entryPoints: [`functions/handlers/${name}.ts`],
  write: false,
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  mainFields: ['module', 'main'],
  external: ['@aws-sdk/*', '@aws-lambda-powertools/*'],
  alias: BUNDLE_ALIASES,
  define: { 'import.meta.url': '__bundleUrl' },
  logLevel: 'error',
  metafile: true,
});
const bytes = new Map<string, number>();
for (const output of Object.values(metafile.outputs))
  for (const [path, input] of Object.entries(output.inputs)) {
    const owner =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 2).join('/');
    bytes.set(owner, (bytes.get(owner) ?? 0) + input.bytesInOutput);
  }
console.log(
  [...bytes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([o, s]) => `${(s / 1024).toFixed(1)} ${o}`)
    .join('\n'),
);
