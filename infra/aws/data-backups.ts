import { Duration, RemovalPolicy, type Stack, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { DataBucketName } from './names.ts';

/**
 * Backups are kept this long, in this vault, under the files key. Until the vault had a key of the society's it was
 * `sanad-backups` on AWS Backup's own key; a vault's key cannot change, so this one has a new name (the old one is
 * retained, its recovery points lapse after 35 days). Copies go to a vault of the old name in the copy region.
 */
export const BACKUP_RETENTION_DAYS = 35;
export const BACKUP_VAULT_NAME = 'sanad-data-backups';
export const BACKUP_COPY_VAULT_NAME = 'sanad-backups';

/** What the backups cover, and the key they are kept under. */
export interface BackedUpData {
  table: dynamodb.TableV2;
  buckets: Record<DataBucketName, s3.Bucket>;
  filesKey: kms.Key;
}

/**
 * Daily AWS Backup of the table and the raw-mail and attachment buckets, kept 35 days (point-in-time recovery
 * covers the table's last 35 days to the second; these survive a deleted table or an emptied bucket).
 */
export function createBackupPlan(stack: Stack, data: BackedUpData, copyRegion: string | undefined): void {
  const keep = Duration.days(BACKUP_RETENTION_DAYS);
  // S3 backups (and DynamoDB's, with its advanced backup features) are encrypted with the vault's key, not the
  // source's: the files key keeps them under the society's keys like the buckets they come from.
  const vault = new backup.BackupVault(stack, 'DataBackupVault', {
    backupVaultName: BACKUP_VAULT_NAME,
    encryptionKey: data.filesKey,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const plan = new backup.BackupPlan(stack, 'Backups', {
    backupVault: vault,
    backupPlanRules: [
      new backup.BackupPlanRule({
        ruleName: 'Daily',
        // 01:00 UTC is 04:00 in Riyadh, the quietest hour.
        scheduleExpression: events.Schedule.cron({ hour: '1', minute: '0' }),
        deleteAfter: keep,
        copyActions: copyRegion
          ? [
              {
                destinationBackupVault: backup.BackupVault.fromBackupVaultArn(
                  stack,
                  'CopyVault',
                  `arn:${stack.partition}:backup:${copyRegion}:${stack.account}:backup-vault:${BACKUP_COPY_VAULT_NAME}`,
                ),
                deleteAfter: keep,
              },
            ]
          : undefined,
      }),
    ],
  });
  // S3 backups need their own managed policies beside the defaults.
  const policies = [
    'AWSBackupServiceRolePolicyForBackup',
    'AWSBackupServiceRolePolicyForRestores',
    'AWSBackupServiceRolePolicyForS3Backup',
    'AWSBackupServiceRolePolicyForS3Restore',
  ].map((name) => `service-role/${name}`);
  const role = new iam.Role(stack, 'BackupRole', {
    assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
    managedPolicies: policies.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
  });
  // Writing recovery points under the vault's key and reading them back to restore: AWS Backup does both with
  // this role, and a job without them "succeeds" without the objects.
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
      resources: [data.filesKey.keyArn],
    }),
  );
  Validations.of(role).acknowledge(
    ...policies.map((name) => ({
      id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`,
      reason: 'AWS Backup documents this managed policy for its service role, and AWS keeps it current',
    })),
  );
  plan.addSelection('Data', {
    role,
    disableDefaultBackupPolicy: true,
    resources: [
      backup.BackupResource.fromArn(data.table.tableArn),
      backup.BackupResource.fromArn(data.buckets.rawMail.bucketArn),
      backup.BackupResource.fromArn(data.buckets.attachments.bucketArn),
    ],
  });
}
