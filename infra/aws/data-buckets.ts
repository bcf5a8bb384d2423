import { Duration, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { type DataBucketName, dataBucketName } from './names.ts';

export interface Retention {
  rawMailDays: number;
  attachmentDays: number;
}

/** Until the society sets its own: a year of raw mail (tickets keep the text), five years of files. */
export const DEFAULT_RETENTION: Retention = { rawMailDays: 365, attachmentDays: 5 * 365 };

/** An overwritten or deleted object stays recoverable this long, then its old version goes. */
export const NONCURRENT_VERSION_DAYS = 30;

export interface DataBuckets {
  buckets: Record<DataBucketName, s3.Bucket>;
  webApp: s3.Bucket;
  logs: s3.Bucket;
}

/**
 * The stateful stack's buckets: access logs, received mail and files (under the files key, kept for the society's
 * retention periods) and the web app CloudFront serves.
 */
export function createDataBuckets(
  stack: Stack,
  filesKey: kms.Key,
  props: { retention?: Partial<Retention>; webAppUrl?: string },
): DataBuckets {
  const logs = new s3.Bucket(stack, 'AccessLogs', {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    // CloudFront standard logging writes with ACLs.
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [{ expiration: Duration.days(90) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const privateBucket = (
    id: string,
    bucketProps: Pick<s3.BucketProps, 'bucketName' | 'lifecycleRules' | 'cors' | 'encryptionKey'> = {},
  ): s3.Bucket =>
    new s3.Bucket(stack, id, {
      ...bucketProps,
      // Versions guard against an overwrite or delete by mistake; old ones do not live forever.
      lifecycleRules: [
        ...(bucketProps.lifecycleRules ?? []),
        { noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS) },
      ],
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // The web app stays on S3-managed keys: CloudFront reads it through origin access control.
      encryption: bucketProps.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
      // One data key per bucket, not per object: KMS requests (and their cost) stay few.
      bucketKeyEnabled: bucketProps.encryptionKey ? true : undefined,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: `s3/${id}/`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  const retention: Retention = {
    rawMailDays: props.retention?.rawMailDays ?? DEFAULT_RETENTION.rawMailDays,
    attachmentDays: props.retention?.attachmentDays ?? DEFAULT_RETENTION.attachmentDays,
  };
  const buckets = {
    rawMail: privateBucket('RawMail', {
      bucketName: dataBucketName('rawMail', stack.account, stack.region),
      encryptionKey: filesKey,
      lifecycleRules: [{ expiration: Duration.days(retention.rawMailDays) }],
    }),
    attachments: privateBucket('Attachments', {
      bucketName: dataBucketName('attachments', stack.account, stack.region),
      encryptionKey: filesKey,
      lifecycleRules: [{ expiration: Duration.days(retention.attachmentDays) }],
      // The inbox fetches a download through the API's redirect to a presigned URL: the browser must be let
      // read the answer. The presigned URL is the credential, so any origin may GET with one.
      cors: [
        { allowedMethods: [s3.HttpMethods.GET], allowedOrigins: [props.webAppUrl ?? '*'], maxAge: 3600 },
      ],
    }),
  };
  const webApp = privateBucket('WebApp');
  // CloudFront (stateless stack) reads the web app through origin access control. Naming its distribution
  // here would make this stack depend on that one, so any distribution of this account is allowed.
  webApp.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
      actions: ['s3:GetObject'],
      resources: [webApp.arnForObjects('*')],
      conditions: {
        ArnLike: { 'AWS:SourceArn': `arn:${stack.partition}:cloudfront::${stack.account}:distribution/*` },
      },
    }),
  );
  return { buckets, webApp, logs };
}
