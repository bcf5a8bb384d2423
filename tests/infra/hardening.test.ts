import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_FUNCTIONS } from '../../functions/event-functions.ts';
import {
  API_5XX_THRESHOLD,
  API_LATENCY_THRESHOLD_MS,
  ITERATOR_AGE_THRESHOLD_MS,
  SES_BOUNCE_RATE_THRESHOLD,
  SES_COMPLAINT_RATE_THRESHOLD,
} from '../../infra/aws/monitoring.ts';
import { pascal } from '../../infra/aws/names.ts';
import { POWERTOOLS_LAYER_PARAMETER } from '../../infra/aws/sanad-function.ts';
import {
  BACKUP_RETENTION_DAYS,
  BACKUP_VAULT_NAME,
  DEFAULT_RETENTION,
  NONCURRENT_VERSION_DAYS,
} from '../../infra/aws/stateful-stack.ts';
import { logicalIdOf, statementsOf, synthesizeSanad } from './synth.ts';

let stateful: Template;
let stateless: Template;
/**
 * One deployment with every option set: domain, retention periods, backup copy region, reserved concurrency,
 * traced calls.
 */
const options = {} as { stateful: Template; stateless: Template };

const DOMAIN = {
  domainName: 'inbox.example.org',
  certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc',
};

// Synthesis takes a minute or more on a busy machine.
const SYNTH_TIMEOUT = 240_000;

beforeAll(() => {
  ({ statefulTemplate: stateful, statelessTemplate: stateless } = synthesizeSanad());
  ({ statefulTemplate: options.stateful, statelessTemplate: options.stateless } = synthesizeSanad(
    {},
    {
      ...DOMAIN,
      rawMailRetentionDays: '90',
      attachmentRetentionDays: '730',
      backupCopyRegion: 'eu-central-1',
      intakeConcurrency: '20',
      sweepConcurrency: '1',
      traceCalls: 'true',
    },
  ));
}, SYNTH_TIMEOUT);

const functionId = (name: string) =>
  logicalIdOf(stateless, 'AWS::Lambda::Function', `/${pascal(name)}/Function/Resource`);
const namesWith = (kind: string) =>
  Object.entries(EVENT_FUNCTIONS)
    .filter(([, spec]) => spec.trigger.kind === kind)
    .map(([name]) => name);

describe('every function', () => {
  it('runs on Node.js 24 with active tracing', () => {
    // Both stacks: a function added to the stateful one (a custom resource) is held to the same.
    const functions = [stateful, stateless].flatMap((template) =>
      Object.values(template.findResources('AWS::Lambda::Function')),
    );
    expect(functions.length).toBeGreaterThan(10);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', TracingConfig: { Mode: 'Active' } });
    }
  });

  it('loads the X-Ray SDK (Powertools Tracer) only when the deployment asks to trace calls', () => {
    const ours = (template: Template) =>
      Object.values(template.findResources('AWS::Lambda::Function')).filter(
        (fn) => fn.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'sanad',
      );
    const tracedIn = (template: Template) =>
      ours(template).map((fn) => fn.Properties.Environment.Variables.POWERTOOLS_TRACE_ENABLED);
    expect(ours(stateless).length).toBeGreaterThan(30);
    expect(new Set(tracedIn(stateless))).toEqual(new Set(['false']));
    expect(new Set(tracedIn(options.stateless))).toEqual(new Set(['true']));
  });

  it('is invoked through its live alias by the stream, which hands it ticket changes only', () => {
    const consumers = namesWith('table-stream');
    const mappings = Object.values(stateless.findResources('AWS::Lambda::EventSourceMapping')).filter(
      (mapping) => JSON.stringify(mapping.Properties.EventSourceArn).includes('StreamArn'),
    );
    expect(consumers.length).toBeGreaterThan(0);
    expect(mappings).toHaveLength(consumers.length);
    for (const name of consumers) {
      const alias = logicalIdOf(stateless, 'AWS::Lambda::Alias', `/${pascal(name)}/Live/Resource`);
      const mapping = mappings.find((candidate) =>
        JSON.stringify(candidate.Properties.FunctionName).includes(`"Ref":"${alias}"`),
      );
      expect(mapping, name).toBeDefined();
      // New contacts are assigned by the agents' load counters this consumer keeps: a batching window would let
      // every contact of a burst read the same counts and go to one agent, past their capacity.
      expect(mapping?.Properties.MaximumBatchingWindowInSeconds ?? 0, name).toBe(0);
      const trigger = EVENT_FUNCTIONS[name as keyof typeof EVENT_FUNCTIONS].trigger as {
        items: { partitionPrefix: string; sortKey: string };
      };
      expect(
        ((mapping?.Properties.FilterCriteria.Filters ?? []) as { Pattern: string }[]).map((filter) =>
          JSON.parse(filter.Pattern),
        ),
        name,
      ).toEqual([
        {
          dynamodb: {
            Keys: {
              PK: { S: [{ prefix: trigger.items.partitionPrefix }] },
              SK: { S: [trigger.items.sortKey] },
            },
          },
        },
      ]);
    }
  });

  it('takes Powertools from the layer AWS publishes for the version it was built with', () => {
    const [parameter] = Object.entries(stateless.toJSON().Parameters ?? {}).filter(
      ([, value]) => (value as { Default?: string }).Default === POWERTOOLS_LAYER_PARAMETER,
    );
    expect(POWERTOOLS_LAYER_PARAMETER).toMatch(
      /^\/aws\/service\/powertools\/typescript\/generic\/all\/2\.\d+\.\d+$/,
    );
    expect(parameter?.[1]).toMatchObject({ Type: 'AWS::SSM::Parameter::Value<String>' });
    const ours = Object.values(stateless.findResources('AWS::Lambda::Function')).filter(
      (fn) => !String(fn.Metadata?.['aws:cdk:path']).includes('/Bootstrap/Provider/'),
    );
    for (const fn of ours) expect(fn.Properties.Layers).toEqual([{ Ref: parameter?.[0] }]);
  });
});

describe('reserved concurrency', () => {
  const reserved = (template: Template, name: string) =>
    template.toJSON().Resources[
      logicalIdOf(template, 'AWS::Lambda::Function', `/${pascal(name)}/Function/Resource`)
    ].Properties.ReservedConcurrentExecutions;

  it('is none unless set, so a new account (concurrency 10) can deploy', () => {
    for (const fn of Object.values(stateless.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    }
  });

  it('is set aside for the intake functions and the sweep when given', () => {
    for (const name of ['webFormContact', 'emailInbound', 'smsInbound', 'metaWebhooks']) {
      expect(reserved(options.stateless, name), name).toBe(20);
    }
    for (const name of namesWith('schedule')) expect(reserved(options.stateless, name), name).toBe(1);
    for (const name of ['staffApi', 'reportAggregator']) {
      expect(reserved(options.stateless, name), name).toBeUndefined();
    }
  });
});

describe('alarms that reach someone', () => {
  it('lets CloudWatch alarms of this account publish to the encrypted alarms topic', () => {
    const alarms = logicalIdOf(stateful, 'AWS::SNS::Topic', '/Alarms/');
    stateful.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: alarms }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Resource: { Ref: alarms },
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
    // The topic's key lets CloudWatch encrypt what it publishes.
    const { Resources: resources } = stateful.toJSON();
    const [keyId] = resources[alarms].Properties.KmsMasterKeyId['Fn::GetAtt'];
    const key = resources[keyId];
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: expect.arrayContaining(['cloudwatch.amazonaws.com']) },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
  });

  it('sends every alarm of both stacks to the alarms topic', () => {
    for (const template of [stateful, stateless]) {
      for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
        expect(JSON.stringify(alarm.Properties.AlarmActions)).toMatch(/Alarms/);
      }
    }
  });

  it('alarms on API 5xx and p95 latency', () => {
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Statistic: 'Sum',
      Threshold: API_5XX_THRESHOLD,
    });
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      ExtendedStatistic: 'p95',
      Threshold: API_LATENCY_THRESHOLD_MS,
    });
  });

  it('alarms on throttled table reads or writes', () => {
    const alarm = Object.values(stateful.findResources('AWS::CloudWatch::Alarm')).find((candidate) =>
      JSON.stringify(candidate.Properties.Metrics ?? []).includes('ThrottleEvents'),
    );
    const metrics = JSON.stringify(alarm?.Properties.Metrics);
    expect(metrics).toContain('ReadThrottleEvents');
    expect(metrics).toContain('WriteThrottleEvents');
    expect(alarm?.Properties.Threshold).toBe(1);
  });

  it('alarms when the stream consumer reads changes late', () => {
    const consumers = namesWith('table-stream');
    expect(consumers.length).toBeGreaterThan(0);
    for (const name of consumers) {
      stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'IteratorAge',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(name) } }],
        Statistic: 'Maximum',
        Threshold: ITERATOR_AGE_THRESHOLD_MS,
      });
    }
  });

  it('alarms when the escalation sweep (or any scheduled function) has not run for five minutes', () => {
    const scheduled = namesWith('schedule');
    expect(scheduled).toContain('escalationSweep');
    for (const name of scheduled) {
      stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Invocations',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(name) } }],
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
      });
    }
  });

  it('alarms before SES reviews the account for bounces or complaints', () => {
    for (const [metric, threshold] of [
      ['Reputation.BounceRate', SES_BOUNCE_RATE_THRESHOLD],
      ['Reputation.ComplaintRate', SES_COMPLAINT_RATE_THRESHOLD],
    ] as const) {
      stateful.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SES',
        MetricName: metric,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
  });

  it('has one dashboard with intake, SLA breaches, errors, latency, dead letters and cost drivers', () => {
    const dashboards = Object.values(stateless.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);
    for (const part of [
      'Intake by channel',
      'SlaBreaches',
      'Errors by function',
      'Latency',
      'ApproximateNumberOfMessagesVisible',
      'ConsumedWriteCapacityUnits',
    ]) {
      expect(body).toContain(part);
    }
  });
});

/** A CloudFormation string as text, references shown as `${Ref}`, `${Id.Attribute}` or `${import:Name}`. */
function rendered(value: unknown): string {
  if (typeof value === 'string') return value;
  const fn = value as Record<string, unknown>;
  if ('Fn::Join' in fn) {
    const [separator, parts] = fn['Fn::Join'] as [string, unknown[]];
    return parts.map(rendered).join(separator);
  }
  if ('Ref' in fn) return `\${${fn.Ref}}`;
  if ('Fn::GetAtt' in fn) return `\${${(fn['Fn::GetAtt'] as string[]).join('.')}}`;
  if ('Fn::ImportValue' in fn) return `\${import:${rendered(fn['Fn::ImportValue'])}}`;
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}

/** The CSP of the inbox distribution, as a map of directive → sources. */
function cspOf(template: Template): Record<string, string> {
  const [policy] = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
  const csp = policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy;
  expect(csp.Override).toBe(true);
  return Object.fromEntries(
    rendered(csp.ContentSecurityPolicy)
      .split('; ')
      .map((directive) => {
        const [name, ...sources] = directive.split(' ');
        return [name, sources.join(' ')];
      }),
  );
}

describe('the inbox distribution', () => {
  it('sends a strict CSP, HSTS, no framing and a same-origin referrer policy', () => {
    const [policy] = Object.values(stateless.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const headers = policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31536000, IncludeSubdomains: true, Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
      ContentTypeOptions: { Override: true },
    });
    const csp = cspOf(stateless);
    expect(csp['script-src']).toBe("'self'");
    expect(csp['default-src']).toBe("'self'");
    expect(csp['frame-ancestors']).toBe("'none'");
    expect(csp['object-src']).toBe('blob:');
    stateless.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          ResponseHeadersPolicyId: {
            Ref: logicalIdOf(stateless, 'AWS::CloudFront::ResponseHeadersPolicy', ''),
          },
        }),
      }),
    });
  });

  it('lets scripts connect to API Gateway of the region, Cognito and the attachment links only', () => {
    const sources = cspOf(stateless)['connect-src'];
    expect(sources).toContain('https://*.execute-api.');
    expect(sources).toContain('wss://*.execute-api.');
    expect(sources).toContain('https://cognito-idp.');
    expect(sources).toContain('.s3.');
    expect(sources).not.toMatch(/(^| )(\*|https:|wss:)( |$)/);
  });

  describe('on a custom domain', () => {
    it('serves the inbox on the domain with the certificate, TLS 1.2 at least', () => {
      options.stateless.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Aliases: [DOMAIN.domainName],
          ViewerCertificate: {
            AcmCertificateArn: DOMAIN.certificateArn,
            MinimumProtocolVersion: 'TLSv1.2_2021',
            SslSupportMethod: 'sni-only',
          },
        }),
      });
      options.stateless.hasOutput('WebAppUrl', { Value: `https://${DOMAIN.domainName}` });
    });

    it('names exactly the HTTP API, the WebSocket API and the hosted sign-in in connect-src', () => {
      const sources = cspOf(options.stateless)['connect-src'];
      expect(sources).not.toContain('*');
      const httpApi = logicalIdOf(options.stateless, 'AWS::ApiGatewayV2::Api', '/HttpApi/');
      const liveApi = logicalIdOf(options.stateless, 'AWS::ApiGatewayV2::Api', '/LiveUpdates/');
      expect(sources).toContain(`\${${httpApi}.ApiEndpoint}`);
      expect(sources).toContain(`wss://\${${liveApi}}.execute-api.`);
      expect(sources).toMatch(/import:[^}]*StaffSignIn/);
    });

    it('lets the API be called from the domain, and points beneficiaries links there', () => {
      options.stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', {
        CorsConfiguration: Match.objectLike({ AllowOrigins: [`https://${DOMAIN.domainName}`] }),
      });
      const [fn] = Object.values(options.stateless.findResources('AWS::Lambda::Function'));
      expect(fn?.Properties.Environment.Variables.PUBLIC_SITE_URL).toBe(`https://${DOMAIN.domainName}`);
    });
  });
});

describe('data encrypted with keys of our own', () => {
  const keyOf = (path: string) => ({ 'Fn::GetAtt': [logicalIdOf(stateful, 'AWS::KMS::Key', path), 'Arn'] });

  it('encrypts the table and the mail and file buckets with rotating customer-managed keys', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [Match.objectLike({ SSESpecification: { KMSMasterKeyId: keyOf('/TableKey/') } })],
    });
    for (const bucket of ['RawMail', 'Attachments']) {
      const id = logicalIdOf(stateful, 'AWS::S3::Bucket', `/${bucket}/Resource`);
      expect(stateful.toJSON().Resources[id].Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyOf('/FilesKey/') },
          },
        ],
      });
    }
    for (const path of ['/TableKey/', '/FilesKey/', '/LogsKey/']) {
      const key = stateful.toJSON().Resources[logicalIdOf(stateful, 'AWS::KMS::Key', path)];
      expect(key.Properties.EnableKeyRotation, path).toBe(true);
      expect(key.DeletionPolicy, path).toBe('Retain');
    }
  });

  it('lets a function use the files key only when it is granted a bucket, and the table key always', () => {
    const kmsResources = (name: string) =>
      JSON.stringify(
        statementsOf(stateless, pascal(name)).filter((statement) =>
          [statement.Action].flat().some((action) => String(action).startsWith('kms:')),
        ),
      );
    expect(kmsResources('emailInbound')).toMatch(/FilesKey/);
    expect(kmsResources('emailInbound')).toMatch(/TableKey/);
    expect(kmsResources('health')).toMatch(/TableKey/);
    expect(kmsResources('health')).not.toMatch(/FilesKey/);
    expect(kmsResources('health')).not.toMatch(/kms:Encrypt/);
  });

  it('encrypts every queue, the dead letters with it, with the rotating messages key of the topics', () => {
    const queues = Object.values(stateful.findResources('AWS::SQS::Queue'));
    expect(queues).toHaveLength(4); // dead letters, failed events, media fetch and its dead letters
    for (const queue of queues) {
      expect(queue.Properties.KmsMasterKeyId).toEqual(keyOf('/TopicsKey/'));
      expect(queue.Properties.SqsManagedSseEnabled).toBeUndefined();
    }
    const key = stateful.toJSON().Resources[logicalIdOf(stateful, 'AWS::KMS::Key', '/TopicsKey/')];
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
  });

  it('lets whoever sends to a queue use its key: every function (dead letters, Lambda on-failure with its role)', () => {
    const messagesKey = 'ExportsOutputFnGetAttTopicsKey';
    const sanadFunctions = Object.entries(stateless.findResources('AWS::Lambda::Function')).filter(([, fn]) =>
      JSON.stringify(fn.Properties.Environment ?? {}).includes('DEAD_LETTER_QUEUE_URL'),
    );
    expect(sanadFunctions.length).toBeGreaterThan(20);
    for (const [id, fn] of sanadFunctions) {
      const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
      const statements = Object.values(stateless.findResources('AWS::IAM::Policy'))
        .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleId))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>);
      const onKey = statements.filter((statement) =>
        String(JSON.stringify(statement.Resource)).includes(messagesKey),
      );
      const actions = onKey.flatMap((statement) => [statement.Action].flat());
      expect(actions, id).toEqual(expect.arrayContaining(['kms:GenerateDataKey', 'kms:Decrypt']));
      // Written out: no kms:GenerateDataKey* or kms:ReEncrypt* as CDK's queue grants would add.
      expect(
        actions.filter((action) => String(action).endsWith('*')),
        id,
      ).toEqual([]);
    }
    // The stream consumer's and the asynchronous functions' failures go to the failed-events queue with their role.
    const failedEvents = 'ExportsOutputFnGetAttFailedEvents';
    const destinations = [
      ...Object.values(stateless.findResources('AWS::Lambda::EventInvokeConfig')),
      ...Object.values(stateless.findResources('AWS::Lambda::EventSourceMapping')).filter(
        (mapping) => mapping.Properties.DestinationConfig,
      ),
    ];
    expect(destinations.length).toBeGreaterThan(5);
    for (const destination of destinations)
      expect(JSON.stringify(destination.Properties.DestinationConfig)).toContain(failedEvents);
  });

  it('keeps the backups in a vault under the files key, which the backup role may use', () => {
    stateful.hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: BACKUP_VAULT_NAME,
      EncryptionKeyArn: keyOf('/FilesKey/'),
    });
    const roleId = logicalIdOf(stateful, 'AWS::IAM::Role', '/BackupRole/');
    stateful.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['kms:Decrypt', 'kms:GenerateDataKey']),
            Resource: keyOf('/FilesKey/'),
          }),
        ]),
      },
    });
  });
});

describe('data kept and let go', () => {
  it('expires old versions of every versioned bucket', () => {
    const versioned = Object.values(stateful.findResources('AWS::S3::Bucket')).filter(
      (bucket) => bucket.Properties.VersioningConfiguration?.Status === 'Enabled',
    );
    expect(versioned.length).toBe(3);
    for (const bucket of versioned) {
      expect(bucket.Properties.LifecycleConfiguration.Rules).toContainEqual(
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: NONCURRENT_VERSION_DAYS } }),
      );
    }
  });

  it('keeps raw mail and files for the retention periods, the society may set them', () => {
    const expiry = (template: Template, bucket: string) =>
      template
        .toJSON()
        .Resources[
          logicalIdOf(template, 'AWS::S3::Bucket', `/${bucket}/Resource`)
        ].Properties.LifecycleConfiguration.Rules.find(
          (rule: { ExpirationInDays?: number }) => rule.ExpirationInDays,
        )?.ExpirationInDays;
    expect(expiry(stateful, 'RawMail')).toBe(DEFAULT_RETENTION.rawMailDays);
    expect(expiry(stateful, 'Attachments')).toBe(DEFAULT_RETENTION.attachmentDays);
    expect(expiry(options.stateful, 'RawMail')).toBe(90);
    expect(expiry(options.stateful, 'Attachments')).toBe(730);
  });

  it('backs up the table and the mail and file buckets daily, kept 35 days', () => {
    stateful.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({
            ScheduleExpression: 'cron(0 1 * * ? *)',
            Lifecycle: { DeleteAfterDays: BACKUP_RETENTION_DAYS },
            CopyActions: Match.absent(),
          }),
        ],
      },
    });
    const [selection] = Object.values(stateful.findResources('AWS::Backup::BackupSelection'));
    const resources = JSON.stringify(selection?.Properties.BackupSelection.Resources);
    for (const part of ['Table', 'RawMail', 'Attachments']) expect(resources).toContain(part);
    stateful.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
  });

  it('keeps log groups and dead letters when a stack is deleted, and encrypts the logs', () => {
    const logGroups = Object.values(stateless.findResources('AWS::Logs::LogGroup'));
    expect(logGroups.length).toBeGreaterThan(10);
    for (const group of logGroups) {
      expect(group.DeletionPolicy).toBe('Retain');
      expect(JSON.stringify(group.Properties.KmsKeyId)).toMatch(/LogsKey/);
    }
    const deadLetters = Object.values(stateful.findResources('AWS::SQS::Queue')).filter(
      (queue) => !queue.Properties?.RedrivePolicy,
    );
    expect(deadLetters).toHaveLength(3);
    for (const queue of deadLetters) expect(queue.DeletionPolicy).toBe('Retain');
    stateful.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
          }),
        ]),
      },
    });
  });

  it('copies the backups to a second region when one is named', () => {
    options.stateful.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({
            CopyActions: [
              {
                DestinationBackupVaultArn: {
                  'Fn::Join': ['', Match.arrayWith([':backup:eu-central-1:', ':backup-vault:sanad-backups'])],
                },
                Lifecycle: { DeleteAfterDays: BACKUP_RETENTION_DAYS },
              },
            ],
          }),
        ],
      },
    });
  });
});
