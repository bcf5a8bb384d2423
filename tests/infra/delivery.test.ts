import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_FUNCTIONS } from '../../functions/event-functions.ts';
import { HTTP_FUNCTIONS } from '../../functions/routes.ts';
import { pascal } from '../../infra/aws/names.ts';
import { LIVE_ALIAS } from '../../infra/aws/sanad-function.ts';
import { logicalIdOf, synthesizeSanad } from './synth.ts';

type Resource = { Type: string; Properties: Record<string, unknown>; UpdatePolicy?: Record<string, unknown> };

let canary: Template;
let canaryAlarms: Template;
let canaryRoutes: Template;
let allAtOnce: Template;

// Synthesis takes a minute or more on a busy machine.
const SYNTH_TIMEOUT = 240_000;

beforeAll(() => {
  ({
    statelessTemplate: canary,
    functionAlarmsTemplate: canaryAlarms,
    httpRoutesTemplate: canaryRoutes,
  } = synthesizeSanad());
  allAtOnce = synthesizeSanad({}, { deploymentConfig: 'ALL_AT_ONCE' }).statelessTemplate;
}, SYNTH_TIMEOUT);

const names = [...Object.keys(HTTP_FUNCTIONS), ...Object.keys(EVENT_FUNCTIONS)].map(pascal);
const resources = (template: Template) => template.toJSON().Resources as Record<string, Resource>;
const idOf = (template: Template, type: string, path: string) => logicalIdOf(template, type, path);

describe('every registry function is published behind its live alias', () => {
  it('points the alias at a published version of the function', () => {
    for (const name of names) {
      const fn = idOf(canary, 'AWS::Lambda::Function', `/${name}/Function/Resource`);
      const alias = resources(canary)[idOf(canary, 'AWS::Lambda::Alias', `/${name}/Live/Resource`)];
      const version = alias?.Properties.FunctionVersion as { 'Fn::GetAtt': [string, string] };
      expect(alias?.Properties).toMatchObject({ Name: LIVE_ALIAS, FunctionName: { Ref: fn } });
      expect(resources(canary)[version['Fn::GetAtt'][0]]).toMatchObject({
        Type: 'AWS::Lambda::Version',
        Properties: { FunctionName: { Ref: fn } },
      });
    }
  });

  it('lets no trigger, integration or permission name a function without its alias', () => {
    const unqualified = names.flatMap((name) => {
      const fn = idOf(canary, 'AWS::Lambda::Function', `/${name}/Function/Resource`);
      return [JSON.stringify({ Ref: fn }), JSON.stringify({ 'Fn::GetAtt': [fn, 'Arn'] })];
    });
    const invokers = [
      'AWS::ApiGatewayV2::Integration',
      'AWS::Lambda::Permission',
      'AWS::Lambda::EventSourceMapping',
      'AWS::SNS::Subscription',
      'AWS::Events::Rule',
      'AWS::SES::ReceiptRule',
    ];
    const checked = [canary, canaryRoutes]
      .flatMap((template) => Object.entries(resources(template)))
      .filter(([, resource]) => invokers.includes(resource.Type));
    expect(new Set(checked.map(([, resource]) => resource.Type))).toEqual(new Set(invokers));
    for (const [id, resource] of checked) {
      const properties = JSON.stringify(resource.Properties);
      for (const reference of unqualified) expect(properties, id).not.toContain(reference);
    }
    // The asynchronous invoke settings (retries, failure queue) are the alias's.
    const configs = Object.values(canary.findResources('AWS::Lambda::EventInvokeConfig'));
    expect(configs.length).toBeGreaterThan(0);
    for (const config of configs) {
      // The alias's name, taken from its ARN.
      const alias = /"Ref":"([^"]+)"/.exec(JSON.stringify(config.Properties.Qualifier))?.[1] ?? '';
      expect(resources(canary)[alias]?.Type).toBe('AWS::Lambda::Alias');
    }
  });

  it('grants API Gateway one invoke permission per function alias, not one per route', () => {
    const staffApi = idOf(canary, 'AWS::Lambda::Alias', '/StaffApi/Live/Resource');
    const permissions = Object.values(canaryRoutes.findResources('AWS::Lambda::Permission')).filter(
      (permission) =>
        JSON.stringify(permission.Properties.FunctionName) === JSON.stringify({ Ref: staffApi }),
    );
    expect(HTTP_FUNCTIONS.staffApi.routes.length).toBeGreaterThan(1);
    expect(permissions).toHaveLength(1);
    expect(permissions[0]?.Properties.Principal).toBe('apigateway.amazonaws.com');
  });

  it('leaves the bootstrap custom resource invoking its handler directly, with no deployment of its own', () => {
    const handler = idOf(canary, 'AWS::Lambda::Function', '/Bootstrap/Handler/Function/Resource');
    const aliases = Object.values(canary.findResources('AWS::Lambda::Alias'));
    expect(aliases.some((alias) => JSON.stringify(alias.Properties).includes(handler))).toBe(false);
    const framework = Object.values(resources(canary)).find(
      (resource) =>
        resource.Type === 'AWS::Lambda::Function' &&
        JSON.stringify(resource.Properties).includes('USER_ON_EVENT_FUNCTION_ARN'),
    );
    expect(JSON.stringify(framework?.Properties)).toContain(
      JSON.stringify({ 'Fn::GetAtt': [handler, 'Arn'] }),
    );
  });

  it('stays well under CloudFormation’s 500 resources a stack, with room for new functions', () => {
    // A function brings about nine resources (role, policy, logs, version, alias, deployment group, triggers).
    expect(Object.keys(resources(canary)).length).toBeLessThan(400);
    expect(Object.keys(resources(canaryRoutes)).length).toBeLessThan(400);
  });
});

describe('CodeDeploy shifts each alias', () => {
  const groupOf = (template: Template, name: string) =>
    resources(template)[idOf(template, 'AWS::CodeDeploy::DeploymentGroup', `/${name}/Deployment/Resource`)];

  it('by a 10% canary for five minutes, rolling back when the function’s error alarm fires', () => {
    for (const name of names) {
      const errors = idOf(canaryAlarms, 'AWS::CloudWatch::Alarm', `/FunctionAlarms/${name}Errors/Resource`);
      expect(resources(canaryAlarms)[errors]?.Properties).toMatchObject({
        MetricName: 'Errors',
        Threshold: 1,
      });
      expect(groupOf(canary, name)?.Properties).toMatchObject({
        DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
        DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
        // The alarm's name comes out of the nested stack as one of its outputs.
        AlarmConfiguration: {
          Enabled: true,
          Alarms: [
            {
              Name: {
                'Fn::GetAtt': [
                  expect.stringMatching(/^FunctionAlarmsNestedStack/),
                  expect.stringMatching(
                    new RegExp(`^Outputs\\.SanadStatelessFunctionAlarms${name}Errors[0-9A-F]{8}Ref$`),
                  ),
                ],
              },
            },
          ],
        },
        AutoRollbackConfiguration: {
          Enabled: true,
          Events: expect.arrayContaining(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']),
        },
      });
    }
  });

  it('through the alias’s update policy, naming the function’s own deployment group', () => {
    for (const name of names) {
      const group = idOf(canary, 'AWS::CodeDeploy::DeploymentGroup', `/${name}/Deployment/Resource`);
      const alias = resources(canary)[idOf(canary, 'AWS::Lambda::Alias', `/${name}/Live/Resource`)];
      expect(alias?.UpdatePolicy).toMatchObject({
        CodeDeployLambdaAliasUpdate: { DeploymentGroupName: { Ref: group } },
      });
    }
    // One application and one service role for all of them.
    canary.resourceCountIs('AWS::CodeDeploy::Application', 1);
    const roles = new Set(
      Object.values(canary.findResources('AWS::CodeDeploy::DeploymentGroup')).map((group) =>
        JSON.stringify(group.Properties.ServiceRoleArn),
      ),
    );
    expect(roles.size).toBe(1);
  });

  it('all at once when the context says so (a staging account)', () => {
    for (const name of names) {
      expect(groupOf(allAtOnce, name)?.Properties.DeploymentConfigName).toBe(
        'CodeDeployDefault.LambdaAllAtOnce',
      );
    }
  });

  it('refuses a deployment configuration CodeDeploy does not predefine', () => {
    expect(() => synthesizeSanad({}, { deploymentConfig: 'CANARY_50PERCENT' })).toThrow(
      /deploymentConfig must be one of .*CANARY_10PERCENT_5MINUTES/,
    );
  });
});
