import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { TABLE_INDEXES } from '../../functions/adapters/dynamodb/table.ts';
import { BUNDLE_ALIASES } from './bundle-aliases.ts';
import { METRICS_NAMESPACE, SERVICE_NAME } from './names.ts';

export const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The Powertools release the code is built and tested against; its Lambda layer serves the same version. */
export const POWERTOOLS_VERSION = (
  JSON.parse(
    readFileSync(`${REPOSITORY_ROOT}node_modules/@aws-lambda-powertools/logger/package.json`, 'utf8'),
  ) as { version: string }
).version;

/**
 * AWS publishes each Powertools release as a layer, its ARN per region in this public parameter; with the layer,
 * Powertools (the X-Ray SDK under its Tracer included) stays out of every bundle, as the runtime's SDK does.
 */
export const POWERTOOLS_LAYER_PARAMETER = `/aws/service/powertools/typescript/generic/all/${POWERTOOLS_VERSION}`;

export interface SanadFunctionProps {
  /** Handler file relative to the repository root; it exports `handler`. */
  entry: string;
  environment?: Record<string, string>;
  /** HTTP functions answer within API Gateway's 30 s; event functions may take longer. */
  timeout?: Duration;
  /** Encrypts the function's log group. */
  logsKey: kms.IKey;
  /** Concurrency set aside for (and capping) this function; none by default. */
  reservedConcurrency?: number;
  /** Publishes the function behind the `live` alias and shifts that alias to each new version through CodeDeploy. */
  delivery?: GradualDelivery;
  /**
   * Loads the Powertools Tracer (the X-Ray SDK) for a subsegment per invocation and per outgoing HTTPS call
   * (`-c traceCalls=true`). Off by default: it adds 15–20 ms to every cold start and an async hook to every
   * promise, while Lambda's active tracing already records each invocation, its cold start and its errors.
   */
  traceCalls?: boolean;
}

/** The alias every trigger invokes; CodeDeploy moves it from version to version. */
export const LIVE_ALIAS = 'live';

/** One CodeDeploy application and service role for every function of a stack, and how traffic shifts. */
export interface GradualDelivery {
  application: codedeploy.ILambdaApplication;
  role: iam.IRole;
  config: codedeploy.ILambdaDeploymentConfig;
}

/**
 * A log group kept a month, encrypted, and kept when its stack is deleted: the logs of an incident outlive a
 * redeploy of the functions.
 */
export function retainedLogGroup(scope: Construct, id: string, logsKey: kms.IKey): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    retention: logs.RetentionDays.ONE_MONTH,
    encryptionKey: logsKey,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/** Item-level actions only: no Scan, no table management. */
const TABLE_ACTIONS = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
} as const;

/**
 * Every Sanad Lambda function: Node.js 24 on arm64, bundled by the local esbuild as minified ESM without
 * source maps (they doubled each zip and `--enable-source-maps` slows every stack trace), its own log group with retention, the Powertools environment, and a role that starts with nothing but
 * writing to that log group. Everything else is granted by name (`bindTable` and `access.ts`).
 */
export class SanadFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** What triggers invoke: the `live` alias when the function is delivered gradually, else the function itself. */
  readonly live: lambda.IFunction;
  /** Rolls the alias back when an alarm added here fires during a deployment. */
  readonly deployment?: codedeploy.LambdaDeploymentGroup;

  constructor(scope: Construct, id: string, props: SanadFunctionProps) {
    super(scope, id);
    this.logGroup = retainedLogGroup(this, 'Logs', props.logsKey);
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: `${REPOSITORY_ROOT}${props.entry}`,
      handler: 'handler',
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: `${REPOSITORY_ROOT}package-lock.json`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout ?? Duration.seconds(10),
      reservedConcurrentExecutions: props.reservedConcurrency,
      role: this.role,
      layers: [
        lambda.LayerVersion.fromLayerVersionArn(
          this,
          'Powertools',
          ssm.StringParameter.valueForStringParameter(this, POWERTOOLS_LAYER_PARAMETER),
        ),
      ],
      logGroup: this.logGroup,
      // Lambda records each invocation (initialisation, invocation, errors); with `traceCalls` the Powertools
      // Tracer (functions/lib/observability.ts) adds the handler's and its HTTPS calls' subsegments.
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        POWERTOOLS_TRACE_ENABLED: String(props.traceCalls ?? false),
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        // CommonJS: the runtime's SDK is CommonJS, and required from CommonJS it loads in about half the time an
        // ES module's import of it takes (the import parses each package for its export names first).
        format: nodejs.OutputFormat.CJS,
        target: 'node24',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: false,
        // The SDK v3 the Lambda runtime ships is used, and Powertools from its layer, not bundled copies.
        externalModules: ['@aws-sdk/*', '@aws-lambda-powertools/*'],
        // ES-module-only dependencies (email-reply-parser) read `import.meta.url`, which CommonJS lacks.
        define: { 'import.meta.url': '__bundleUrl' },
        banner: 'const __bundleUrl=require("node:url").pathToFileURL(__filename).href;',
        esbuildArgs: {
          // Smaller stand-ins for what email intake's MIME parser pulls in (see bundle-aliases.ts).
          '--alias': Object.entries(BUNDLE_ALIASES).map(([name, path]) => `${name}=${path}`),
          // Arabic texts as UTF-8 (2 bytes a letter), not esbuild's default \u escapes (6 bytes a letter). Given
          // here: this aws-cdk-lib takes the `charset` bundling option but leaves it out of esbuild's command.
          '--charset': 'utf8',
        },
        forceDockerBundling: false,
        logLevel: nodejs.LogLevel.ERROR,
      },
    });
    this.live = this.function;
    if (props.delivery) {
      // Reserved concurrency is the function's, so it holds for every version the alias points to.
      const alias = new lambda.Alias(this, 'Live', {
        aliasName: LIVE_ALIAS,
        version: this.function.currentVersion,
      });
      this.live = alias;
      this.deployment = new codedeploy.LambdaDeploymentGroup(this, 'Deployment', {
        alias,
        application: props.delivery.application,
        role: props.delivery.role,
        deploymentConfig: props.delivery.config,
        autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
      });
    }
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing: xray:PutTraceSegments and PutTelemetryRecords have no resource type, IAM takes only "*"',
    });
  }

  /** Grants table access and tells the code which table, together, so the two never disagree. */
  /**
   * Reads on the table and its indexes; writes (items live on the table only) to every partition, or, with
   * `notWritable`, to every partition whose key starts with none of those prefixes.
   */
  bindTable(
    table: dynamodb.ITableV2,
    tableKey: kms.IKey,
    access: 'read' | 'readwrite',
    notWritable: readonly string[] = [],
  ): void {
    const indexes = Object.keys(TABLE_INDEXES).map((index) => `${table.tableArn}/index/${index}`);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...TABLE_ACTIONS.read], resources: [table.tableArn, ...indexes] }),
    );
    if (access === 'readwrite') {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: [...TABLE_ACTIONS.write],
          resources: [table.tableArn],
          ...(notWritable.length > 0 && {
            conditions: {
              'ForAllValues:StringNotLike': {
                'dynamodb:LeadingKeys': notWritable.map((prefix) => `${prefix}*`),
              },
            },
          }),
        }),
      );
    }
    // The table's own key: reading (the stream too) decrypts, writing encrypts; DynamoDB asks KMS for the caller.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'kms:Decrypt',
          'kms:DescribeKey',
          ...(access === 'readwrite' ? ['kms:Encrypt', 'kms:GenerateDataKey'] : []),
        ],
        resources: [tableKey.keyArn],
      }),
    );
    this.function.addEnvironment('TABLE_NAME', table.tableName);
  }
}
