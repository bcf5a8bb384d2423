import { readFileSync } from 'node:fs';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_FUNCTIONS } from '../../functions/event-functions.ts';
import { pascal } from '../../infra/aws/names.ts';
import { REPOSITORY_ROOT } from '../../infra/aws/sanad-function.ts';
import { functionProperties, logicalIdOf, synthesizeSanad } from './synth.ts';

// Synthesis takes a minute or more on a busy machine.
const SYNTH_TIMEOUT = 400_000;

/** The `environments` blocks of the real cdk.json, as `cdk` hands them to the app. */
const { environments } = (
  JSON.parse(readFileSync(`${REPOSITORY_ROOT}cdk.json`, 'utf8')) as {
    context: { environments: Record<string, Record<string, unknown>> };
  }
).context;

const deploymentConfigs = (template: Template) =>
  new Set(
    Object.values(template.findResources('AWS::CodeDeploy::DeploymentGroup')).map(
      (group) => group.Properties.DeploymentConfigName,
    ),
  );
const scheduled = Object.entries(EVENT_FUNCTIONS)
  .filter(([, spec]) => spec.trigger.kind === 'schedule')
  .map(([name]) => pascal(name));

describe('-c env=staging', () => {
  let stateful: Template;
  let stateless: Template;
  beforeAll(() => {
    ({ statefulTemplate: stateful, statelessTemplate: stateless } = synthesizeSanad(
      {},
      { env: 'staging', environments },
    ));
  }, SYNTH_TIMEOUT);

  it('deploys every function all at once and keeps received mail for the staging period', () => {
    expect(deploymentConfigs(stateless)).toEqual(new Set(['CodeDeployDefault.LambdaAllAtOnce']));
    const rawMail = logicalIdOf(stateful, 'AWS::S3::Bucket', '/RawMail/Resource');
    const rules = stateful.toJSON().Resources[rawMail].Properties.LifecycleConfiguration.Rules as Array<{
      ExpirationInDays?: number;
    }>;
    expect(rules.find((rule) => rule.ExpirationInDays)?.ExpirationInDays).toBe(
      environments.staging?.rawMailRetentionDays,
    );
    expect(functionProperties(stateless, 'WebFormContact').ReservedConcurrentExecutions).toBeUndefined();
  });

  it('sends texts through the provider the block names', () => {
    expect(environments.staging?.smsProvider).toBe('sns');
    expect(functionProperties(stateless, 'SmsInbound').Environment).toMatchObject({
      Variables: { SMS_PROVIDER: environments.staging?.smsProvider },
    });
  });
});

describe('-c env=production', () => {
  let stateless: Template;
  beforeAll(() => {
    // A value given with -c wins over the block's.
    stateless = synthesizeSanad(
      {},
      { env: 'production', environments, intakeConcurrency: '5', smsSenderId: 'SANAD' },
    ).statelessTemplate;
  }, SYNTH_TIMEOUT);

  it('deploys by canary and reserves concurrency from the block, unless -c says otherwise', () => {
    expect(environments.production?.deploymentConfig).toBe('CANARY_10PERCENT_5MINUTES');
    expect(deploymentConfigs(stateless)).toEqual(
      new Set(['CodeDeployDefault.LambdaCanary10Percent5Minutes']),
    );
    expect(scheduled.length).toBeGreaterThan(0);
    for (const name of scheduled) {
      expect(functionProperties(stateless, name).ReservedConcurrentExecutions, name).toBe(
        environments.production?.sweepConcurrency,
      );
    }
    expect(environments.production?.intakeConcurrency).not.toBe(5);
    expect(functionProperties(stateless, 'WebFormContact').ReservedConcurrentExecutions).toBe(5);
  });
});

describe('environments', () => {
  it('refuses an env that cdk.json does not define', () => {
    expect(() => synthesizeSanad({}, { env: 'prod', environments })).toThrow(
      /env=prod is not in cdk.json's environments \(staging, production\)/,
    );
  });

  it('are the ones the deploy workflow picks, staging before production', () => {
    const workflow = readFileSync(`${REPOSITORY_ROOT}.github/workflows/deploy.yml`, 'utf8');
    const job = (name: string) =>
      workflow.slice(workflow.indexOf(`\n  ${name}:`) + 1).split(/\n {2}\S/)[0] ?? '';
    expect(job('deploy-staging')).toMatch(/cdk deploy --all .*-c env=staging/);
    expect(job('deploy-production')).toMatch(/cdk deploy --all .*-c env=production/);
    expect(job('deploy-production')).toContain('needs: deploy-staging');
    expect(job('synth')).toMatch(/synth .*-c env=production/);
  });
});
