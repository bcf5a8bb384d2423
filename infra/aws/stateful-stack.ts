import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
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
import { createBackupPlan } from './data-backups.ts';
import { createDataBuckets, type Retention } from './data-buckets.ts';
import { monitorMailReputation, monitorTable } from './monitoring.ts';
import { type DataBucketName, pascal, type TopicName, type WorkQueueName } from './names.ts';
import { createStaffDirectory } from './staff-directory.ts';

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

    ({
      buckets: this.buckets,
      webApp: this.webApp,
      logs: this.logs,
    } = createDataBuckets(this, this.filesKey, props));

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
    } = createStaffDirectory(this, props.webAppUrl));

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

    createBackupPlan(this, this, props.backupCopyRegion);

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
