import { App, type NestedStack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createSanad, type SanadOptions } from '../../infra/aws/sanad.ts';

/**
 * Builds both stacks and their templates. Bundling is skipped (CDK's own `aws:cdk:bundling-stacks` context)
 * so a template test takes a second or two; `bundling.test.ts` proves the real esbuild bundles.
 */
export function synthesizeSanad(options: SanadOptions = {}, context: Record<string, unknown> = {}) {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-path-metadata': true, ...context },
  });
  const stacks = createSanad(app, options);
  const statelessTemplate = Template.fromStack(stacks.stateless);
  return {
    app,
    ...stacks,
    statefulTemplate: Template.fromStack(stacks.stateful),
    statelessTemplate,
    functionAlarmsTemplate: Template.fromStack(stacks.stateless.functionAlarms),
    httpRoutesTemplate: asPassed(statelessTemplate, stacks.stateless.httpRoutes),
  };
}

/**
 * A nested stack's template with each parameter replaced by what its parent passes it, so its resources name the
 * parent's functions and API as the parent's own resources do.
 */
function asPassed(parent: Template, nested: NestedStack): Template {
  const stackId = logicalIdOf(parent, 'AWS::CloudFormation::Stack', `/${nested.node.id}.NestedStack/`);
  const passed = (parent.toJSON().Resources[stackId]?.Properties?.Parameters ?? {}) as Record<
    string,
    unknown
  >;
  let text = JSON.stringify(Template.fromStack(nested).toJSON());
  for (const [name, value] of Object.entries(passed))
    text = text.replaceAll(JSON.stringify({ Ref: name }), JSON.stringify(value));
  return Template.fromJSON(JSON.parse(text));
}

/** The API's domain on the WAF distribution: CloudFront takes certificates from us-east-1 only. */
export const WAF_API_DOMAIN = {
  apiDomainName: 'api.example.org',
  apiCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
};

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** The logical id of the one resource of `type` whose construct path contains `pathPart`. */
export function logicalIdOf(template: Template, type: string, pathPart: string): string {
  const resources = template.toJSON().Resources as Record<
    string,
    { Type: string; Metadata?: Record<string, string> }
  >;
  const ids = Object.entries(resources)
    .filter(
      ([, resource]) => resource.Type === type && resource.Metadata?.['aws:cdk:path']?.includes(pathPart),
    )
    .map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected one ${type} under ${pathPart}, found ${ids.length}`);
  return ids[0] as string;
}

/** Every IAM statement attached to the role of the function `name` (e.g. `Health`). */
export function statementsOf(template: Template, name: string): Array<Record<string, unknown>> {
  const roleId = logicalIdOf(template, 'AWS::IAM::Role', `/${name}/Role/Resource`);
  const policies = Object.values(template.toJSON().Resources as Resources).filter(
    (resource) =>
      resource.Type === 'AWS::IAM::Policy' &&
      (resource.Properties.Roles as Array<{ Ref: string }>).some((role) => role.Ref === roleId),
  );
  return policies.flatMap(
    (policy) => (policy.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement,
  );
}

/** The IAM actions a function's role is allowed, flattened. */
export function allowedActionsOf(template: Template, name: string): string[] {
  return statementsOf(template, name)
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) => [statement.Action].flat() as string[]);
}

/** The properties of the Lambda function `name`. */
export function functionProperties(template: Template, name: string): Record<string, unknown> {
  const id = logicalIdOf(template, 'AWS::Lambda::Function', `/${name}/Function/Resource`);
  return (template.toJSON().Resources as Resources)[id]?.Properties ?? {};
}
