import { execFileSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_FUNCTIONS } from '../../functions/event-functions.ts';
import { HTTP_FUNCTIONS } from '../../functions/routes.ts';
import { budgetOf, type DeployedBundle, synthesizeDeployedBundles } from '../bench/deployed-bundles.ts';

let bundles: DeployedBundle[];

beforeAll(() => {
  bundles = synthesizeDeployedBundles(resolve('tests/.artifacts/cdk-bundling'));
  // Forty-odd esbuild runs: minutes on a busy machine.
}, 1_200_000);

describe('every function as CDK bundles it with the local esbuild', () => {
  it('is one bundle per registry entry, with no source map in any asset', () => {
    // Each registry entry, and the first-run bootstrap (Custom::SanadBootstrap) beside them.
    expect(bundles).toHaveLength(
      Object.keys(HTTP_FUNCTIONS).length + Object.keys(EVENT_FUNCTIONS).length + 1,
    );
    for (const bundle of bundles) {
      expect(bundle.files, bundle.name).toContain('index.js');
      expect(
        bundle.files.filter((file) => file.endsWith('.map')),
        bundle.name,
      ).toEqual([]);
    }
  });

  it('keeps every function within its budget (250 kB of 1,000 bytes, email intake 600)', () => {
    const offenders = bundles
      .filter((bundle) => bundle.bytes > budgetOf(bundle.name) * 1000)
      .map(
        (bundle) => `${bundle.name} ${bundle.bytes} bytes, over its budget of ${budgetOf(bundle.name)} kB`,
      );
    expect(offenders).toEqual([]);
    const email = bundles.find((bundle) => bundle.name === 'EmailInbound') as DeployedBundle;
    expect(email.bytes).toBeLessThanOrEqual(600_000);
  });

  it('keeps Arabic texts as UTF-8, not as \\u escapes three times their size', async () => {
    const staff = bundles.find((bundle) => bundle.name === 'StaffApi') as DeployedBundle;
    const code = await readFile(join(staff.assetDir, 'index.js'), 'utf8');
    expect(code).toContain('وصلنا تقييمكم');
    // Only the Arabic ranges our own regular expressions write as escapes remain escaped.
    expect(code.match(/\\u06[0-9a-f]{2}/gi)?.length ?? 0).toBeLessThan(100);
  });

  it('leaves nodemailer out of every function but email intake (SES writes the MIME of what we send)', async () => {
    for (const bundle of bundles.filter((each) => each.name !== 'EmailInbound')) {
      const code = await readFile(join(bundle.assetDir, 'index.js'), 'utf8');
      expect(code, bundle.name).not.toMatch(/nodemailer|MailComposer/i);
    }
  });

  it('leaves Powertools to its layer: imported by the bundle, never copied into it', async () => {
    for (const bundle of bundles) {
      const code = await readFile(join(bundle.assetDir, 'index.js'), 'utf8');
      expect(code, bundle.name).toMatch(/require\("@aws-lambda-powertools\/logger"\)/);
      // The Tracer's X-Ray SDK and the Logger's own formatter would otherwise be inlined.
      expect(code, bundle.name).not.toMatch(/aws-xray-sdk|class \w+ extends \w+\{[^}]*LogFormatter/);
    }
  });

  it('loads as CommonJS and exports the handler, with the AWS SDK left to the runtime', () => {
    for (const bundle of bundles) {
      const module = createRequire(import.meta.url)(join(bundle.assetDir, 'index.js'));
      expect(typeof module.handler, bundle.name).toBe('function');
    }
  });

  it('loads no service client at start but DynamoDB and those of the parts its handler names, nor Metrics, nor ICU', () => {
    // Each other service's package is loaded when an adapter first calls it (sdk-on-first-use.ts).
    const onFirstUse =
      /@aws-sdk\/(client-(s3|sesv2|sns|sqs|ssm|pinpoint-sms-voice-v2|cognito-identity-provider)|s3-request-presigner)\//;
    for (const bundle of bundles) {
      const loaded = execFileSync(
        process.execPath,
        [
          '-e',
          // The first date formatter of a process sets ICU up (about 9 ms): none is made while a function starts.
          'let formats=0;const Format=Intl.DateTimeFormat;' +
            'Intl.DateTimeFormat=function(...args){formats++;return new Format(...args)};' +
            `require(${JSON.stringify(join(bundle.assetDir, 'index.js'))});` +
            'console.log(JSON.stringify({formats,cache:Object.keys(require.cache)}))',
        ],
        { env: { ...process.env, LOG_LEVEL: 'SILENT' } },
      ).toString();
      const { formats, cache } = JSON.parse(loaded) as { formats: number; cache: string[] };
      expect(formats, bundle.name).toBe(0);
      const packages = cache.map((path) => path.replace(/^.*node_modules\//, ''));
      expect(
        packages.some((path) => path.startsWith('@aws-sdk/client-dynamodb/')),
        bundle.name,
      ).toBe(true);
      expect(
        packages.filter((path) => onFirstUse.test(path)),
        bundle.name,
      ).toEqual([]);
      // Metrics too, but in the two scheduled functions that publish their own at every run.
      expect(
        packages.some((path) => path.startsWith('@aws-lambda-powertools/metrics/')),
        bundle.name,
      ).toBe(['EscalationSweep', 'CaseReminders'].includes(bundle.name));
    }
  });

  it('requires the Tracer while a function initialises only when its deployment traces calls, from the task root as its layer is found', () => {
    const health = bundles.find((bundle) => bundle.name === 'Health') as DeployedBundle;
    const start = (environment: Record<string, string>) => {
      const loaded = execFileSync(
        process.execPath,
        [
          '-e',
          `const { handler } = require(${JSON.stringify(join(health.assetDir, 'index.js'))});` +
            'console.log(JSON.stringify({ handler: typeof handler, cache: Object.keys(require.cache) }))',
        ],
        {
          env: {
            ...process.env,
            ...environment,
            LOG_LEVEL: 'SILENT',
            AWS_LAMBDA_FUNCTION_NAME: 'sanad-health',
            // Where this repository's node_modules stand in for the runtime's and the layer's.
            LAMBDA_TASK_ROOT: resolve('.'),
          },
        },
      ).toString();
      const { handler, cache } = JSON.parse(loaded) as { handler: string; cache: string[] };
      expect(handler).toBe('function');
      return cache.some((path) => path.includes('/@aws-lambda-powertools/tracer/'));
    };
    expect(health.environment.POWERTOOLS_TRACE_ENABLED).toBe('false');
    expect(start(health.environment)).toBe(false);
    expect(start({ ...health.environment, POWERTOOLS_TRACE_ENABLED: 'true' })).toBe(true);
  });

  it('finds the runtime’s SDK and the layer’s Powertools through NODE_PATH alone, at start and on first use', async () => {
    // As in Lambda: the task root holds only the bundle, and NODE_PATH names where the packages are.
    const taskRoot = await mkdtemp(join(tmpdir(), 'sanad-task-root-'));
    const env = {
      ...process.env,
      LOG_LEVEL: 'SILENT',
      NODE_PATH: resolve('node_modules'),
      LAMBDA_TASK_ROOT: taskRoot,
      AWS_LAMBDA_FUNCTION_NAME: 'sanad-bench',
      AWS_REGION: 'me-south-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_MAX_ATTEMPTS: '1',
      // Nothing listens here: a send that gets this far has loaded its client.
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9',
    };
    try {
      const health = bundles.find((bundle) => bundle.name === 'Health') as DeployedBundle;
      await copyFile(join(health.assetDir, 'index.js'), join(taskRoot, 'index.js'));
      const started = execFileSync(
        process.execPath,
        ['-e', `console.log(typeof require(${JSON.stringify(join(taskRoot, 'index.js'))}).handler)`],
        { env, cwd: taskRoot },
      ).toString();
      expect(started.trim()).toBe('function');

      // A client loaded on first use, bundled as the functions are.
      await build({
        stdin: {
          contents: `import { SqsDeadLetters } from ${JSON.stringify(resolve('functions/adapters/aws/sqs-dead-letters.ts'))};
new SqsDeadLetters('http://127.0.0.1:9/queue').send({ source: 'test', reason: 'test', payload: '{}', at: '' })
  .then(() => console.log('sent'), (error) => console.log(error.code ?? error.name));`,
          resolveDir: resolve('.'),
          loader: 'ts',
        },
        outfile: join(taskRoot, 'first-use.js'),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node24',
        external: ['@aws-sdk/*', '@aws-lambda-powertools/*'],
        logLevel: 'silent',
      });
      const sent = execFileSync(process.execPath, [join(taskRoot, 'first-use.js')], { env, cwd: taskRoot })
        .toString()
        .trim();
      expect(sent).not.toMatch(/MODULE_NOT_FOUND/);
      expect(sent).toBe('ECONNREFUSED');
    } finally {
      await rm(taskRoot, { recursive: true, force: true });
    }
  });
});
