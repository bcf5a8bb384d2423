/** Parts on build output: each Lambda bundle as CDK deploys it (size, cold init, what fills it) and the inbox. */
import { execFileSync } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { EVENT_FUNCTIONS } from '../../functions/event-functions.ts';
import { HTTP_FUNCTIONS } from '../../functions/routes.ts';
import { BUNDLE_ALIASES } from '../../infra/aws/bundle-aliases.ts';
import { pascal } from '../../infra/aws/names.ts';
import { budgetOf, synthesizeDeployedBundles } from './deployed-bundles.ts';
import { judge, results } from './report.ts';
import { percentile, round } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const COLD_INIT_RUNS = 3;

/** What a function with `-c traceCalls=true` requires at start beside its own `require`s: the Tracer. */
const TRACER = ['@aws-lambda-powertools/tracer', '@aws-lambda-powertools/tracer/middleware'];

/**
 * Time to load a bundle in a fresh `node` process as Lambda's runtime loads a CommonJS handler, by `require`, and
 * with Lambda's environment and the function's own (as the template deploys it), ms, the process's own start not
 * included; with `sdkFirst`, the SDK and Powertools packages it requires at start are loaded before the clock
 * starts, leaving the bundle's own share.
 */
function coldInitMs(
  file: string,
  environment: Record<string, string>,
  sdk: string[],
  sdkFirst: boolean,
): number {
  const preload = sdkFirst
    ? [...sdk, ...(environment.POWERTOOLS_TRACE_ENABLED === 'true' ? TRACER : [])]
        .map((name) => `require(${JSON.stringify(name)});`)
        .join('')
    : '';
  const script = `${preload}const t=performance.now();require(${JSON.stringify(file)});console.log(performance.now()-t)`;
  const output = execFileSync(process.execPath, ['-e', script], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...environment,
      LOG_LEVEL: 'SILENT',
      AWS_LAMBDA_FUNCTION_NAME: 'sanad-bench',
      // Where this repository's node_modules stand in for the runtime's SDK and the Powertools layer.
      LAMBDA_TASK_ROOT: ROOT,
    },
  });
  return Number(output.toString().trim());
}

const medianOf = (measure: () => number) =>
  round(percentile(Array.from({ length: COLD_INIT_RUNS }, measure), 0.5), 1);

/** The packages (or project folders) that put the most bytes into a bundle, by esbuild's metafile. */
async function contributors(entry: string): Promise<string> {
  // Analysis only, with the deployed bundle's esbuild settings; the sizes reported come from the CDK assets.
  const { metafile } = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    minify: true,
    charset: 'utf8',
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*', '@aws-lambda-powertools/*'],
    alias: BUNDLE_ALIASES,
    logLevel: 'silent',
  });
  const bytes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const owner =
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 2).join('/');
      bytes.set(owner, (bytes.get(owner) ?? 0) + input.bytesInOutput);
    }
  }
  return [...bytes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([owner, size]) => `${owner} ${round(size / 1000)}`)
    .join(', ');
}

export async function bundles(): Promise<void> {
  const out = join(ROOT, 'node_modules', '.cache', `sanad-bench-cdk-${process.pid}`);
  const deployed = synthesizeDeployedBundles(out);
  const entries = new Map(
    Object.entries({ ...HTTP_FUNCTIONS, ...EVENT_FUNCTIONS }).map(([name, spec]) => [
      pascal(name),
      spec.entry,
    ]),
  );
  const table: Record<string, unknown> = {};
  for (const bundle of deployed) {
    const file = join(bundle.assetDir, 'index.js');
    // What the runtime (the SDK) and the Powertools layer provide, required at start by the bundle rather than in it.
    const sdk = [
      ...new Set(
        [
          ...(await readFile(file, 'utf8')).matchAll(
            /require\("(@aws-sdk\/[\w-]+|@aws-lambda-powertools\/[\w-]+(?:\/[\w-]+)?)"\)/g,
          ),
        ].map((match) => match[1] as string),
      ),
    ];
    const { environment } = bundle;
    const initMs = medianOf(() => coldInitMs(file, environment, sdk, false));
    const kB = round(bundle.bytes / 1000);
    const entry = entries.get(bundle.name);
    table[bundle.name] = {
      kB,
      gzipKB: round(gzipSync(await readFile(file)).length / 1000),
      initMs,
      initWithoutSdkMs: medianOf(() => coldInitMs(file, environment, sdk, true)),
      initTracingCallsMs: medianOf(() =>
        coldInitMs(file, { ...environment, POWERTOOLS_TRACE_ENABLED: 'true' }, sdk, false),
      ),
      topKB: entry ? await contributors(join(ROOT, entry)) : '',
    };
    judge(`bundle kB, ${bundle.name}`, kB, '≤', budgetOf(bundle.name));
    judge(`cold init ms, ${bundle.name}`, initMs, '≤', 100);
  }
  console.log(
    `\nLambda bundles as CDK deploys them (minified CommonJS, UTF-8, AWS SDK external; kB of 1,000 bytes; init: median of ${COLD_INIT_RUNS} fresh node ${process.version} processes with the function's environment; initTracingCallsMs: deployed with -c traceCalls=true)`,
  );
  console.table(table);
  results.bundles = table;
  await rm(out, { recursive: true, force: true });
}

export async function web(): Promise<void> {
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'silent'], {
    cwd: ROOT,
  });
  const assets = join(ROOT, 'web/dist/assets');
  let js = 0;
  let gzip = 0;
  for (const file of await readdir(assets)) {
    if (!file.endsWith('.js')) continue;
    const body = await readFile(join(assets, file));
    js += body.length;
    gzip += gzipSync(body).length;
  }
  const summary = { jsKB: round(js / 1024), gzipKB: round(gzip / 1024) };
  console.log(`Inbox web build: ${summary.jsKB} kB of JavaScript, ${summary.gzipKB} kB gzip`);
  results.web = summary;
}
