import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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
      expect(bundle.files, bundle.name).toContain('index.mjs');
      expect(
        bundle.files.filter((file) => file.endsWith('.map')),
        bundle.name,
      ).toEqual([]);
    }
  });

  it('keeps every function within its budget (250 KiB, email intake 600)', () => {
    const offenders = bundles
      .map((bundle) => ({ name: bundle.name, kib: Math.round((bundle.bytes / 1024) * 10) / 10 }))
      .filter(({ name, kib }) => kib > budgetOf(name))
      .map(({ name, kib }) => `${name} ${kib} KiB, over its budget of ${budgetOf(name)}`);
    expect(offenders).toEqual([]);
    const email = bundles.find((bundle) => bundle.name === 'EmailInbound') as DeployedBundle;
    expect(email.bytes / 1024).toBeLessThanOrEqual(600);
  });

  it('leaves nodemailer out of every function but email intake (SES writes the MIME of what we send)', async () => {
    for (const bundle of bundles.filter((each) => each.name !== 'EmailInbound')) {
      const code = await readFile(join(bundle.assetDir, 'index.mjs'), 'utf8');
      expect(code, bundle.name).not.toMatch(/nodemailer|MailComposer/i);
    }
  });

  it('leaves Powertools to its layer: imported by the bundle, never copied into it', async () => {
    for (const bundle of bundles) {
      const code = await readFile(join(bundle.assetDir, 'index.mjs'), 'utf8');
      expect(code, bundle.name).toMatch(/from\s*"@aws-lambda-powertools\/logger"/);
      // The Tracer's X-Ray SDK and the Logger's own formatter would otherwise be inlined.
      expect(code, bundle.name).not.toMatch(/aws-xray-sdk|class \w+ extends \w+\{[^}]*LogFormatter/);
    }
  });

  it('loads as ESM and exports the handler, with the AWS SDK left to the runtime', async () => {
    const health = bundles.find((bundle) => bundle.name === 'Health') as DeployedBundle;
    const module = await import(pathToFileURL(join(health.assetDir, 'index.mjs')).href);
    expect(typeof module.handler).toBe('function');
  });
});
