import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  TABLE_EXPIRY_ATTRIBUTE,
  TABLE_INDEXES,
  TABLE_KEYS,
} from '../../functions/adapters/dynamodb/table.ts';
import { MEDIA_FETCH_ATTEMPTS } from '../../functions/event-functions.ts';
import { ROLES } from '../../shared/domain/staff.ts';
import { monitorMailReputation, monitorTable } from './monitoring.ts';
import { type DataBucketName, dataBucketName, pascal, type TopicName, type WorkQueueName } from './names.ts';

/** What the stateless stack needs from this one. */
export interface StatefulResources {
  table: dynamodb.TableV2;
  buckets: Record<DataBucketName, s3.Bucket>;
  webApp: s3.Bucket;
  logs: s3.Bucket;
  topics: Record<TopicName, sns.Topic>;
  /**
   * Encrypts every topic and queue (ticket events, received texts, dead letters, files waiting to be fetched):
   * publishers and senders need to use it too.
   */
  messagesKey: kms.Key;
  /** Encrypts every log group: logs may quote what beneficiaries wrote. */
  logsKey: kms.Key;
  /** Encrypts the table; functions with table access may use it. */
  tableKey: kms.Key;
  /** Encrypts the raw-mail and attachment buckets (national ids, incomes); granted with bucket access. */
  filesKey: kms.Key;
  /** Operational alarms are sent here (subscribe an on-call email or chat channel). */
  alarms: sns.Topic;
  userPool: cognito.UserPool;
  inboxClient: cognito.UserPoolClient;
  /** The hosted sign-in, once the inbox's address is known: the inbox exchanges its code there. */
  signInDomain?: cognito.UserPoolDomain;
  /** Events the code could not process, kept whole with the reason (`DEAD_LETTER_QUEUE_URL`). */
  deadLetters: sqs.Queue;
  /** Failed asynchronous invocations and stream batches, from Lambda's on-failure destinations. */
  failedEvents: sqs.Queue;
  /** Work queues (`MEDIA_FETCH_QUEUE_URL`): retried, then moved to their own dead-letter queue. */
  queues: Record<WorkQueueName, sqs.Queue>;
  /** Every last-stop queue (the two above and each work queue's), for the dashboard. */
  deadLetterQueues: sqs.Queue[];
  /** Mail sent with it reports its fate to the `emailFeedback` topic (`SES_CONFIGURATION_SET`). */
  mailSending: ses.ConfigurationSet;
}

const TOPICS: Record<TopicName, string> = {
  ticketEvents: 'A ticket changed: live inbox, notifications and reports subscribe',
  smsInbound: 'Two-way SMS: inbound texts published by AWS End User Messaging',
  emailFeedback: 'SES bounces, complaints, rejects and deliveries of the mail Sanad sends',
};

/** Data that outlives any deployment of the functions: table, buckets, topics, users and dead letters. */
export interface StatefulStackProps extends StackProps {
  /** The inbox's address (WebAppUrl of a first deploy): enables the hosted sign-in that returns there. */
  webAppUrl?: string;
  /** Days received mail and files are kept (the society's retention period, `-c …RetentionDays=`). */
  retention?: Partial<Retention>;
  /** A second region the daily backups are copied to (`-c backupCopyRegion=…`; a vault named BACKUP_COPY_VAULT_NAME there). */
  backupCopyRegion?: string;
}

/**
 * Backups are kept this long, in this vault, under the files key. Until the vault had a key of the society's it was
 * `sanad-backups` on AWS Backup's own key; a vault's key cannot change, so this one has a new name (the old one is
 * retained, its recovery points lapse after 35 days). Copies go to a vault of the old name in the copy region.
 */
export const BACKUP_RETENTION_DAYS = 35;
export const BACKUP_VAULT_NAME = 'sanad-data-backups';
export const BACKUP_COPY_VAULT_NAME = 'sanad-backups';

export interface Retention {
  rawMailDays: number;
  attachmentDays: number;
}

/** Until the society sets its own: a year of raw mail (tickets keep the text), five years of files. */
export const DEFAULT_RETENTION: Retention = { rawMailDays: 365, attachmentDays: 5 * 365 };

/** An overwritten or deleted object stays recoverable this long, then its old version goes. */
export const NONCURRENT_VERSION_DAYS = 30;

/** How long an invitation's temporary password works (Cognito's own limit is 365). */
export const TEMPORARY_PASSWORD_DAYS = 3;

/**
 * The invitation Cognito emails, in Arabic then English: where to sign in (the inbox, once its address is known),
 * the sign-in name and the temporary password (Cognito's `{username}` and `{####}`, both required), and for how
 * long it works. Before the address is known (a first deploy), it says the address follows: the deploy that names
 * it sends the first admin's invitation again (functions/handlers/bootstrap.ts), with a new password.
 */
export function invitationMessage(webAppUrl: string | undefined): cognito.UserInvitationConfig {
  const url = webAppUrl && `${webAppUrl.replace(/\/+$/, '')}/`;
  const link = url && `<a href="${url}">${url}</a>`;
  const days = TEMPORARY_PASSWORD_DAYS;
  const arabic = [
    'دُعيت إلى سند، صندوق وارد الجمعية.',
    link
      ? `ادخل من ${link} ببريدك الإلكتروني (اسم المستخدم {username}) وكلمة المرور المؤقتة {####}، ثم اختر كلمة مرورك واربط تطبيق المصادقة.`
      : 'اسم المستخدم {username} وكلمة المرور المؤقتة {####}. سيصلك عنوان صندوق الوارد في رسالة ثانية حين يُجهَّز، بكلمة مرور مؤقتة جديدة: ادخل بما في أحدث رسالة.',
    `كلمة المرور المؤقتة صالحة ${days} أيام.`,
  ];
  const english = [
    "You are invited to Sanad, the society's inbox.",
    link
      ? `Sign in at ${link} with your email address (user name {username}) and the temporary password {####}, then choose your own password and set up your authenticator app.`
      : "User name {username}, temporary password {####}. The inbox's address comes in a second email once it is ready, with a new temporary password: sign in with the latest one.",
    `The temporary password works for ${days} days.`,
  ];
  const paragraphs = (lines: string[]) => lines.map((line) => `<p>${line}</p>`).join('');
  return {
    emailSubject: 'دعوة إلى سند · Your invitation to Sanad',
    emailBody: `<div dir="rtl" lang="ar">${paragraphs(arabic)}</div><div dir="ltr" lang="en">${paragraphs(english)}</div>`,
  };
}

export class StatefulStack extends Stack implements StatefulResources {
  readonly table: dynamodb.TableV2;
  readonly buckets: Record<DataBucketName, s3.Bucket>;
  readonly webApp: s3.Bucket;
  readonly logs: s3.Bucket;
  readonly topics: Record<TopicName, sns.Topic>;
  readonly messagesKey: kms.Key;
  readonly logsKey: kms.Key;
  readonly tableKey: kms.Key;
  readonly filesKey: kms.Key;
  readonly alarms: sns.Topic;
  readonly userPool: cognito.UserPool;
  readonly inboxClient: cognito.UserPoolClient;
  readonly signInDomain?: cognito.UserPoolDomain;
  readonly deadLetters: sqs.Queue;
  readonly failedEvents: sqs.Queue;
  readonly queues: Record<WorkQueueName, sqs.Queue>;
  readonly deadLetterQueues: sqs.Queue[] = [];
  readonly mailSending: ses.ConfigurationSet;

  constructor(scope: Construct, id: string, props: StatefulStackProps = {}) {
    super(scope, id, props);
    const key = (id: string, description: string) =>
      new kms.Key(this, id, { description, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    this.tableKey = key('TableKey', 'Encrypts the Sanad table');
    this.filesKey = key('FilesKey', 'Encrypts received mail and files of the Sanad buckets');
    // The receipt rule's S3 action writes raw mail under the bucket's default encryption.
    this.filesKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Encrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    this.table = this.createTable();

    this.logs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const retention: Retention = {
      rawMailDays: props.retention?.rawMailDays ?? DEFAULT_RETENTION.rawMailDays,
      attachmentDays: props.retention?.attachmentDays ?? DEFAULT_RETENTION.attachmentDays,
    };
    this.buckets = {
      rawMail: this.privateBucket('RawMail', {
        bucketName: dataBucketName('rawMail', this.account, this.region),
        encryptionKey: this.filesKey,
        lifecycleRules: [{ expiration: Duration.days(retention.rawMailDays) }],
      }),
      attachments: this.privateBucket('Attachments', {
        bucketName: dataBucketName('attachments', this.account, this.region),
        encryptionKey: this.filesKey,
        lifecycleRules: [{ expiration: Duration.days(retention.attachmentDays) }],
        // The inbox fetches a download through the API's redirect to a presigned URL: the browser must be let
        // read the answer. The presigned URL is the credential, so any origin may GET with one.
        cors: [
          { allowedMethods: [s3.HttpMethods.GET], allowedOrigins: [props.webAppUrl ?? '*'], maxAge: 3600 },
        ],
      }),
    };
    this.webApp = this.privateBucket('WebApp');
    // CloudFront (stateless stack) reads the web app through origin access control. Naming its distribution
    // here would make this stack depend on that one, so any distribution of this account is allowed.
    this.webApp.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [this.webApp.arnForObjects('*')],
        conditions: {
          ArnLike: { 'AWS:SourceArn': `arn:${this.partition}:cloudfront::${this.account}:distribution/*` },
        },
      }),
    );

    this.logsKey = new kms.Key(this, 'LogsKey', {
      description: 'Encrypts the Sanad log groups',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts and decrypts for the log groups of this account and region only.
    this.logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*`,
          },
        },
      }),
    );
    // The construct id predates the queues, which it encrypts too; a new id would make a new key.
    const messagesKey = new kms.Key(this, 'TopicsKey', {
      description: 'Encrypts the Sanad SNS topics and SQS queues',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.messagesKey = messagesKey;
    // Services that publish to the topics themselves: SMS replies, SES feedback and CloudWatch alarms. No service
    // sends to the queues (no subscription redrive, no EventBridge target DLQ): functions do, and Lambda with the
    // function's role for its on-failure destinations, so IAM grants to those roles are all the queues need.
    messagesKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [
          new iam.ServicePrincipal('sms-voice.amazonaws.com'),
          new iam.ServicePrincipal('ses.amazonaws.com'),
          new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
        ],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    const topic = (name: string, displayName: string) =>
      new sns.Topic(this, name, { displayName, masterKey: messagesKey, enforceSSL: true });
    this.topics = Object.fromEntries(
      Object.entries(TOPICS).map(([name, description]) => [name, topic(pascal(name), description)]),
    ) as Record<TopicName, sns.Topic>;
    this.topics.smsInbound.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('sms-voice.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topics.smsInbound.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    this.alarms = topic('Alarms', 'Sanad operational alarms');
    // The TLS-only statement replaces SNS's default policy: without this, no alarm of this account would notify.
    this.alarms.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarms.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': `arn:${this.partition}:cloudwatch:${this.region}:${this.account}:alarm:*`,
          },
          StringEquals: { 'aws:SourceAccount': this.account },
        },
      }),
    );
    monitorTable(this, this.table, this.alarms);

    this.mailSending = new ses.ConfigurationSet(this, 'MailSending', {
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
    });
    monitorMailReputation(this, this.alarms);
    // Adds the topic policy that lets SES publish for this configuration set only.
    this.mailSending.addEventDestination('Feedback', {
      destination: ses.EventDestination.snsTopic(this.topics.emailFeedback),
      events: [
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
        ses.EmailSendingEvent.DELIVERY,
      ],
    });

    ({
      userPool: this.userPool,
      client: this.inboxClient,
      domain: this.signInDomain,
    } = this.createStaffDirectory(props.webAppUrl));

    this.deadLetters = this.deadLetterQueue('DeadLetters');
    this.failedEvents = this.deadLetterQueue('FailedEvents');
    this.queues = {
      // Six times the consumer's 60 s timeout, as Lambda advises, so a slow download is never handed out twice.
      mediaFetch: new sqs.Queue(this, 'MediaFetch', {
        visibilityTimeout: Duration.minutes(6),
        retentionPeriod: Duration.days(4),
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: this.messagesKey,
        enforceSSL: true,
        deadLetterQueue: {
          queue: this.deadLetterQueue('MediaFetchDeadLetters'),
          maxReceiveCount: MEDIA_FETCH_ATTEMPTS,
        },
      }),
    };

    this.createBackupPlan(props.backupCopyRegion);

    // What the deployment steps in the README need.
    const outputs: Record<string, string> = {
      TableName: this.table.tableName,
      WebAppBucketName: this.webApp.bucketName,
      UserPoolId: this.userPool.userPoolId,
      UserPoolClientId: this.inboxClient.userPoolClientId,
      SmsInboundTopicArn: this.topics.smsInbound.topicArn,
      MailConfigurationSetName: this.mailSending.configurationSetName,
      AlarmsTopicArn: this.alarms.topicArn,
    };
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value });
  }

  /** The one table, built from the same key and index definitions the repository and dynalite use. */
  private createTable(): dynamodb.TableV2 {
    const key = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });
    const table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: key(TABLE_KEYS.partitionKey),
      sortKey: key(TABLE_KEYS.sortKey),
      globalSecondaryIndexes: Object.entries(TABLE_INDEXES).map(([indexName, index]) => ({
        indexName,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType: dynamodb.ProjectionType[index.projection],
        ...('kept' in index && { nonKeyAttributes: [...index.kept] }),
      })),
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      dynamoStream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: TABLE_EXPIRY_ATTRIBUTE,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // TableV2 renders a customer-managed key only in a stack with a region; this stack has none, so the
    // (single) replica names the key directly. SSEType KMS is already set by the AWS-managed choice above.
    (table.node.defaultChild as dynamodb.CfnGlobalTable).addPropertyOverride(
      'Replicas.0.SSESpecification.KMSMasterKeyId',
      this.tableKey.keyArn,
    );
    return table;
  }

  private privateBucket(
    id: string,
    props: Pick<s3.BucketProps, 'bucketName' | 'lifecycleRules' | 'cors' | 'encryptionKey'> = {},
  ): s3.Bucket {
    return new s3.Bucket(this, id, {
      ...props,
      // Versions guard against an overwrite or delete by mistake; old ones do not live forever.
      lifecycleRules: [
        ...(props.lifecycleRules ?? []),
        { noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS) },
      ],
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // The web app stays on S3-managed keys: CloudFront reads it through origin access control.
      encryption: props.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
      // One data key per bucket, not per object: KMS requests (and their cost) stay few.
      bucketKeyEnabled: props.encryptionKey ? true : undefined,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: `s3/${id}/`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * Staff sign in to Cognito; each role is a group, read from the id token's `cognito:groups`. Once the inbox's
   * address is known, its hosted sign-in page (authorization code with PKCE) sends staff back there.
   */
  private createStaffDirectory(webAppUrl: string | undefined) {
    const userPool = new cognito.UserPool(this, 'Staff', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: true } },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(TEMPORARY_PASSWORD_DAYS),
      },
      // Every invitation (the first admin's at deployment, later staff's through POST /api/staff) says where to
      // sign in, with what, and for how long.
      userInvitation: invitationMessage(webAppUrl),
      // Staff see beneficiaries' national ids and incomes: a second factor, by authenticator app.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Plus: compromised-credential checks and adaptive sign-in risk; priced per active user, and staff are few.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) {
      userPool.addGroup(pascal(role), { groupName: role, description: `Sanad ${role}` });
    }
    const client = userPool.addClient('Inbox', {
      authFlows: { userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(7),
      // The inbox signs in by authorization code with PKCE (web/src/lib/api/cognito.ts), never the implicit grant.
      // Before its address is known there is nowhere to return to: no OAuth at all, rather than CDK's default of
      // both grants, every scope and https://example.com.
      ...(webAppUrl
        ? {
            oAuth: {
              flows: { authorizationCodeGrant: true },
              scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
              callbackUrls: [`${webAppUrl.replace(/\/+$/, '')}/`],
              logoutUrls: [`${webAppUrl.replace(/\/+$/, '')}/`],
            },
          }
        : { disableOAuth: true }),
    });
    const domain = webAppUrl
      ? userPool.addDomain('StaffSignIn', { cognitoDomain: { domainPrefix: `sanad-staff-${this.account}` } })
      : undefined;
    if (domain) new CfnOutput(this, 'SignInDomain', { value: domain.baseUrl() });
    return { userPool, client, domain };
  }

  /**
   * Daily AWS Backup of the table and the raw-mail and attachment buckets, kept 35 days (point-in-time recovery
   * covers the table's last 35 days to the second; these survive a deleted table or an emptied bucket).
   */
  private createBackupPlan(copyRegion: string | undefined): void {
    const keep = Duration.days(BACKUP_RETENTION_DAYS);
    // S3 backups (and DynamoDB's, with its advanced backup features) are encrypted with the vault's key, not the
    // source's: the files key keeps them under the society's keys like the buckets they come from.
    const vault = new backup.BackupVault(this, 'DataBackupVault', {
      backupVaultName: BACKUP_VAULT_NAME,
      encryptionKey: this.filesKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const plan = new backup.BackupPlan(this, 'Backups', {
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
                    this,
                    'CopyVault',
                    `arn:${this.partition}:backup:${copyRegion}:${this.account}:backup-vault:${BACKUP_COPY_VAULT_NAME}`,
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
    const role = new iam.Role(this, 'BackupRole', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      managedPolicies: policies.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    // Writing recovery points under the vault's key and reading them back to restore: AWS Backup does both with
    // this role, and a job without them "succeeds" without the objects.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        resources: [this.filesKey.keyArn],
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
        backup.BackupResource.fromArn(this.table.tableArn),
        backup.BackupResource.fromArn(this.buckets.rawMail.bucketArn),
        backup.BackupResource.fromArn(this.buckets.attachments.bucketArn),
      ],
    });
  }

  /** A last-stop queue kept 14 days, with an alarm as soon as anything lands in it. */
  private deadLetterQueue(id: string): sqs.Queue {
    const queue = new sqs.Queue(this, id, {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.messagesKey,
      enforceSSL: true,
      // What it holds was not processed anywhere else: deleting the stack must not delete it.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.deadLetterQueues.push(queue);
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This is a dead-letter queue: the last stop, watched by the alarm below and replayed by hand',
    });
    new cloudwatch.Alarm(this, `${id}NotEmpty`, {
      alarmDescription: `Messages are waiting in ${id}: read them, fix the cause, replay them`,
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new cloudwatchActions.SnsAction(this.alarms));
    return queue;
  }
}
