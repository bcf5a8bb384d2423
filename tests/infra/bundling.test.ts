import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { HTTP_FUNCTIONS } from '../../functions/routes.ts';
import { createSanad } from '../../infra/aws/sanad.ts';
import { functionProperties } from './synth.ts';

// Inside the repository, so the bundle's external `@aws-sdk/*` imports resolve as they do in Lambda's runtime.
const outdir = resolve('tests/.artifacts/cdk-bundling');

describe('bundling with the local esbuild', () => {
  it('produces an ESM bundle with a source map that loads and exports the handler', async () => {
    rmSync(outdir, { recursive: true, force: true });
    const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
    const { stateless } = createSanad(app, { httpFunctions: { health: HTTP_FUNCTIONS.health } });

    const template = Template.fromStack(stateless);
    const code = functionProperties(template, 'Health').Code as { S3Key: string };
    const assetDir = join(outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);

    expect(existsSync(join(assetDir, 'index.mjs'))).toBe(true);
    const map = JSON.parse(readFileSync(join(assetDir, 'index.mjs.map'), 'utf8'));
    expect(map.sources.some((source: string) => source.endsWith('functions/handlers/health.ts'))).toBe(true);
    const bundle = await import(pathToFileURL(join(assetDir, 'index.mjs')).href);
    expect(typeof bundle.handler).toBe('function');
  });
});
