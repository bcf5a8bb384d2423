import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { BACKUP_RETENTION_DAYS, BACKUP_VAULT_NAME } from '../../infra/aws/data-backups.ts';
import { DEFAULT_RETENTION, NONCURRENT_VERSION_DAYS } from '../../infra/aws/data-buckets.ts';
import { pascal } from '../../infra/aws/names.ts';
import { useHardenedTemplates } from './hardened-deployment.ts';
import { logicalIdOf, statementsOf } from './synth.ts';

const t = useHardenedTemplates();

describe('data encrypted with keys of our own', () => {
  const keyOf = (path: string) => ({ 'Fn::GetAtt': [logicalIdOf(t.stateful, 'AWS::KMS::Key', path), 'Arn'] });

  it('encrypts the table and the mail and file buckets with rotating customer-managed keys', () => {
    t.stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [Match.objectLike({ SSESpecification: { KMSMasterKeyId: keyOf('/TableKey/') } })],
    });
    for (const bucket of ['RawMail', 'Attachments']) {
      const id = logicalIdOf(t.stateful, 'AWS::S3::Bucket', `/${bucket}/Resource`);
      expect(t.stateful.toJSON().Resources[id].Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyOf('/FilesKey/') },
          },
        ],
      });
    }
    for (const path of ['/TableKey/', '/FilesKey/', '/LogsKey/']) {
      const key = t.stateful.toJSON().Resources[logicalIdOf(t.stateful, 'AWS::KMS::Key', path)];
      expect(key.Properties.EnableKeyRotation, path).toBe(true);
      expect(key.DeletionPolicy, path).toBe('Retain');
    }
  });

  it('lets a function use the files key only when it is granted a bucket, and the table key always', () => {
    const kmsResources = (name: string) =>
      JSON.stringify(
        statementsOf(t.stateless, pascal(name)).filter((statement) =>
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
    const queues = Object.values(t.stateful.findResources('AWS::SQS::Queue'));
    expect(queues).toHaveLength(4); // dead letters, failed events, media fetch and its dead letters
    for (const queue of queues) {
      expect(queue.Properties.KmsMasterKeyId).toEqual(keyOf('/TopicsKey/'));
      expect(queue.Properties.SqsManagedSseEnabled).toBeUndefined();
    }
    const key = t.stateful.toJSON().Resources[logicalIdOf(t.stateful, 'AWS::KMS::Key', '/TopicsKey/')];
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
  });

  it('lets whoever sends to a queue use its key: every function (dead letters, Lambda on-failure with its role)', () => {
    const messagesKey = 'ExportsOutputFnGetAttTopicsKey';
    const sanadFunctions = Object.entries(t.stateless.findResources('AWS::Lambda::Function')).filter(
      ([, fn]) => JSON.stringify(fn.Properties.Environment ?? {}).includes('DEAD_LETTER_QUEUE_URL'),
    );
    expect(sanadFunctions.length).toBeGreaterThan(20);
    for (const [id, fn] of sanadFunctions) {
      const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
      const statements = Object.values(t.stateless.findResources('AWS::IAM::Policy'))
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
      ...Object.values(t.stateless.findResources('AWS::Lambda::EventInvokeConfig')),
      ...Object.values(t.stateless.findResources('AWS::Lambda::EventSourceMapping')).filter(
        (mapping) => mapping.Properties.DestinationConfig,
      ),
    ];
    expect(destinations.length).toBeGreaterThan(5);
    for (const destination of destinations)
      expect(JSON.stringify(destination.Properties.DestinationConfig)).toContain(failedEvents);
  });

  it('keeps the backups in a vault under the files key, which the backup role may use', () => {
    t.stateful.hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: BACKUP_VAULT_NAME,
      EncryptionKeyArn: keyOf('/FilesKey/'),
    });
    const roleId = logicalIdOf(t.stateful, 'AWS::IAM::Role', '/BackupRole/');
    t.stateful.hasResourceProperties('AWS::IAM::Policy', {
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
    const versioned = Object.values(t.stateful.findResources('AWS::S3::Bucket')).filter(
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
    expect(expiry(t.stateful, 'RawMail')).toBe(DEFAULT_RETENTION.rawMailDays);
    expect(expiry(t.stateful, 'Attachments')).toBe(DEFAULT_RETENTION.attachmentDays);
    expect(expiry(t.options.stateful, 'RawMail')).toBe(90);
    expect(expiry(t.options.stateful, 'Attachments')).toBe(730);
  });

  it('backs up the table and the mail and file buckets daily, kept 35 days', () => {
    t.stateful.hasResourceProperties('AWS::Backup::BackupPlan', {
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
    const [selection] = Object.values(t.stateful.findResources('AWS::Backup::BackupSelection'));
    const resources = JSON.stringify(selection?.Properties.BackupSelection.Resources);
    for (const part of ['Table', 'RawMail', 'Attachments']) expect(resources).toContain(part);
    t.stateful.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
  });

  it('keeps log groups and dead letters when a stack is deleted, and encrypts the logs', () => {
    const logGroups = Object.values(t.stateless.findResources('AWS::Logs::LogGroup'));
    expect(logGroups.length).toBeGreaterThan(10);
    for (const group of logGroups) {
      expect(group.DeletionPolicy).toBe('Retain');
      expect(JSON.stringify(group.Properties.KmsKeyId)).toMatch(/LogsKey/);
    }
    const deadLetters = Object.values(t.stateful.findResources('AWS::SQS::Queue')).filter(
      (queue) => !queue.Properties?.RedrivePolicy,
    );
    expect(deadLetters).toHaveLength(3);
    for (const queue of deadLetters) expect(queue.DeletionPolicy).toBe('Retain');
    t.stateful.hasResourceProperties('AWS::KMS::Key', {
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
    t.options.stateful.hasResourceProperties('AWS::Backup::BackupPlan', {
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
