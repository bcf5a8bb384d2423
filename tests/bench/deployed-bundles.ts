import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createSanad } from '../../infra/aws/sanad.ts';

/**
 * Minified bundle budgets in kB, read strictly as 1,000 bytes: every function, and email intake, which must parse
 * MIME, apart.
 */
export const BUNDLE_BUDGET_KB = 250;
export const EMAIL_INTAKE_BUDGET_KB = 600;
export const budgetOf = (name: string) =>
  name === 'EmailInbound' ? EMAIL_INTAKE_BUDGET_KB : BUNDLE_BUDGET_KB;

export interface DeployedBundle {
  /** The construct's name in the stateless stack, e.g. `Health`. */
  name: string;
  /** The asset folder CDK zips and uploads. */
  assetDir: string;
  /** Every file in the asset, as uploaded. */
  files: string[];
  /** Size of the bundle (`index.js`), bytes. */
  bytes: number;
  /** The function's environment variables that the template gives as plain text (not references). */
  environment: Record<string, string>;
}

type Resources = Record<
  string,
  {
    Type: string;
    Properties: { Code?: { S3Key?: string }; Environment?: { Variables?: Record<string, unknown> } };
    Metadata?: Record<string, string>;
  }
>;

/**
 * Synthesizes the stacks with real bundling into `outdir` (inside the repository, so a bundle's external
 * `@aws-sdk/*` imports resolve as they do in Lambda's runtime) and lists each function's deployed asset.
 */
export function synthesizeDeployedBundles(outdir: string): DeployedBundle[] {
  rmSync(outdir, { recursive: true, force: true });
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  const { stateless } = createSanad(app);
  const resources = Template.fromStack(stateless).toJSON().Resources as Resources;
  // Lambda's task root has no package.json; this repository's says "module", which would make index.js ESM here.
  writeFileSync(join(outdir, 'package.json'), '{ "type": "commonjs" }\n');
  return (
    Object.values(resources)
      // Our functions (`…/Function/Resource`), not CDK's own (the custom-resource provider framework's).
      .filter(
        (resource) =>
          resource.Type === 'AWS::Lambda::Function' &&
          resource.Properties.Code?.S3Key &&
          /\/Function\/Resource$/.test(resource.Metadata?.['aws:cdk:path'] ?? ''),
      )
      .map((resource) => {
        const path = resource.Metadata?.['aws:cdk:path'] ?? '';
        const name = /\/([^/]+)\/Function\/Resource$/.exec(path)?.[1] ?? path;
        const assetDir = join(outdir, `asset.${resource.Properties.Code?.S3Key?.replace(/\.zip$/, '')}`);
        return {
          name,
          assetDir,
          files: readdirSync(assetDir, { recursive: true }).map(String),
          bytes: statSync(join(assetDir, 'index.js')).size,
          environment: Object.fromEntries(
            Object.entries(resource.Properties.Environment?.Variables ?? {}).filter(
              (entry): entry is [string, string] => typeof entry[1] === 'string',
            ),
          ),
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name))
  );
}
