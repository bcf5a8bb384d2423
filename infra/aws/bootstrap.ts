import { type CfnElement, CustomResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { commonEnvironment, grantAccess } from './access.ts';
import { retainedLogGroup, SanadFunction } from './sanad-function.ts';
import type { StatefulResources } from './stateful-stack.ts';

export interface SanadBootstrapProps {
  stateful: StatefulResources;
  /** `-c adminEmail=…`: the society's first admin, invited by Cognito at the first deployment. */
  adminEmail?: string;
  /** As every function's (`-c traceCalls=true`). */
  traceCalls?: boolean;
  /** The inbox's address once known (`-c webAppUrl=…` or `domainName`): the deploy naming it re-invites. */
  signInUrl?: string;
}

/**
 * `Custom::SanadBootstrap`: at deployment, the starting queues, rules, SLA policies and calendar are written where
 * none are stored, and the first admin is invited, so a fresh install works at first sign-in. Through the CDK
 * provider framework, whose own function has its own role and log group.
 */
export class SanadBootstrap extends Construct {
  constructor(scope: Construct, id: string, props: SanadBootstrapProps) {
    super(scope, id);
    const handler = new SanadFunction(this, 'Handler', {
      entry: 'functions/handlers/bootstrap.ts',
      environment: commonEnvironment(props.stateful),
      timeout: Duration.minutes(2),
      logsKey: props.stateful.logsKey,
      traceCalls: props.traceCalls,
    });
    grantAccess(handler, { table: 'readwrite', staffAccounts: true }, props.stateful, undefined);
    // Whether the first admin has signed in yet (else the invitation is sent again).
    handler.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['cognito-idp:AdminGetUser'],
        resources: [props.stateful.userPool.userPoolArn],
      }),
    );

    const role = new iam.Role(this, 'ProviderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    const logGroup = retainedLogGroup(this, 'ProviderLogs', props.stateful.logsKey);
    logGroup.grantWrite(role);
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: handler.function,
      frameworkOnEventRole: role,
      logGroup,
    });
    // The framework's own function runs and is traced like ours (CDK picks its runtime and leaves tracing off).
    const framework = provider.node.findChild('framework-onEvent').node.defaultChild as lambda.CfnFunction;
    framework.runtime = lambda.Runtime.NODEJS_24_X.name;
    framework.tracingConfig = { mode: lambda.Tracing.ACTIVE };
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
        resources: ['*'],
      }),
    );
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active tracing: X-Ray trace segments and telemetry have no resource type, IAM takes only "*"',
    });
    const handlerId = Stack.of(this).getLogicalId(handler.function.node.defaultChild as CfnElement);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${handlerId}.Arn>:*]`,
      reason:
        'The provider framework may invoke any version of the one bootstrap function; the grant names it',
    });

    new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::SanadBootstrap',
      properties: {
        ...(props.adminEmail && { AdminEmail: props.adminEmail }),
        ...(props.signInUrl && { SignInUrl: props.signInUrl }),
      },
    });
  }
}
