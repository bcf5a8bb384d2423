import { Aws, type CfnElement, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { SmsProviderSettings } from '../../functions/platform/settings.ts';
import { type FunctionAccess, STAFF_ONLY_KEY_PREFIXES } from '../../functions/routes.ts';
import { constantCase, dataBucketName, SECRETS_PARAMETER_PREFIX } from './names.ts';
import type { SanadFunction } from './sanad-function.ts';
import type { StatefulResources } from './stateful-stack.ts';

export interface LiveUpdates {
  api: apigwv2.WebSocketApi;
  stage: apigwv2.WebSocketStage;
}

/**
 * Environment every function gets: settings (functions/platform/settings.ts) its adapters read. Names
 * only; permissions come from `grantAccess`. (`AWS_REGION` is set by Lambda itself.)
 */
export function commonEnvironment(stateful: StatefulResources): Record<string, string> {
  return {
    USER_POOL_ID: stateful.userPool.userPoolId,
    USER_POOL_CLIENT_ID: stateful.inboxClient.userPoolClientId,
    TICKET_EVENTS_TOPIC_ARN: stateful.topics.ticketEvents.topicArn,
    ATTACHMENTS_BUCKET: stateful.buckets.attachments.bucketName,
    DEAD_LETTER_QUEUE_URL: stateful.deadLetters.queueUrl,
  };
}

/** The provider secret holding the SMS aggregator's API key (functions/platform/provider-senders.ts reads it). */
export const AGGREGATOR_API_KEY = 'sms-aggregator-api-key';

/** Who the mail comes from, set at deploy time (`-c mailFrom=… -c mailReplyTo=…`); unset, mail is not sent. */
export interface MailSettings {
  from?: string;
  replyTo?: string;
}

/**
 * Grants a function exactly what its registry entry's `access` names, and nothing else, setting the
 * environment variable that tells the code where each granted resource is.
 */
export function grantAccess(
  fn: SanadFunction,
  access: FunctionAccess,
  stateful: StatefulResources,
  live: LiveUpdates | undefined,
  mail: MailSettings = {},
  sms: SmsProviderSettings = { provider: 'sns' },
): void {
  const { function: lambda, role } = fn;
  const stack = Stack.of(fn);
  fn.bindTable(
    stateful.table,
    stateful.tableKey,
    access.table,
    access.publicInput ? STAFF_ONLY_KEY_PREFIXES : [],
  );
  // Any function may have to set aside an event it cannot process (never lose a message). This also gives it the
  // messages key, which its topic, its failed-event queue and the media-fetch queue are encrypted with too.
  grantSendMessages(role, stateful.deadLetters, stateful);

  for (const name of access.buckets ?? []) {
    const objects = `arn:${Aws.PARTITION}:s3:::${dataBucketName(name, Aws.ACCOUNT_ID, Aws.REGION)}/*`;
    // Objects are written and read; never listed, deleted or re-permissioned.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [objects] }),
    );
    acknowledgeWildcard(
      fn,
      `arn:<AWS::Partition>:s3:::${dataBucketName(name, '<AWS::AccountId>', '<AWS::Region>')}/*`,
      'Object keys are made at run time (one per message or attachment); the grant is limited to this bucket',
    );
    lambda.addEnvironment(`${constantCase(name)}_BUCKET`, stateful.buckets[name].bucketName);
  }

  if (access.buckets?.length) {
    // The data buckets are encrypted with the files key: writing an object encrypts, reading decrypts.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [stateful.filesKey.keyArn],
      }),
    );
  }

  for (const name of access.topics ?? []) {
    const topic = stateful.topics[name];
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }),
    );
    lambda.addEnvironment(`${constantCase(name)}_TOPIC_ARN`, topic.topicArn);
  }

  if (access.sendEmail || access.notifyStaff) {
    // Staff notices leave from the same sender and configuration set as beneficiary mail.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: access.sendEmail ? ['ses:SendEmail', 'ses:SendRawEmail'] : ['ses:SendEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' }),
          stack.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: stateful.mailSending.configurationSetName,
          }),
        ],
      }),
    );
    lambda.addEnvironment('SES_CONFIGURATION_SET', stateful.mailSending.configurationSetName);
    if (mail.from) lambda.addEnvironment('MAIL_FROM', mail.from);
    if (access.sendEmail && mail.replyTo) lambda.addEnvironment('MAIL_REPLY_TO', mail.replyTo);
    const reason =
      'The sending domain is verified in SES after deployment (README, Deploy to AWS), so it has no ARN here';
    acknowledgeWildcard(
      fn,
      `arn:<AWS::Partition>:ses:${nagRegion(stack)}:<AWS::AccountId>:identity/*`,
      reason,
    );
  }

  if (access.sendSms) {
    for (const [variable, value] of Object.entries(smsEnvironment(sms)))
      lambda.addEnvironment(variable, value);
    grantTexts(fn, sms.provider);
  }

  if (access.secrets?.length) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ssm:GetParameter', 'ssm:GetParameters'],
        resources: access.secrets.map((name) =>
          stack.formatArn({
            service: 'ssm',
            resource: 'parameter',
            resourceName: `${SECRETS_PARAMETER_PREFIX}${name}`.slice(1),
          }),
        ),
      }),
    );
    lambda.addEnvironment('SECRETS_PARAMETER_PREFIX', SECRETS_PARAMETER_PREFIX);
  }

  for (const name of access.queues ?? []) {
    const queue = stateful.queues[name];
    grantSendMessages(role, queue, stateful);
    lambda.addEnvironment(`${constantCase(name)}_QUEUE_URL`, queue.queueUrl);
  }

  if (access.staffAccounts) {
    // Invite, rename, regroup and disable staff in the one user pool (USER_POOL_ID, in every function).
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminUpdateUserAttributes',
          'cognito-idp:AdminAddUserToGroup',
          'cognito-idp:AdminRemoveUserFromGroup',
          'cognito-idp:AdminEnableUser',
          'cognito-idp:AdminDisableUser',
          'cognito-idp:AdminUserGlobalSignOut',
        ],
        resources: [stateful.userPool.userPoolArn],
      }),
    );
  }

  if (access.websocket) {
    if (!live)
      throw new Error(`${fn.node.path} posts to the WebSocket API, but no function serves its routes`);
    // Post to, read and close connections of the one stage; connection ids are made at run time.
    const connections = `${live.stage.stageName}/*/@connections/*`;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['execute-api:ManageConnections'],
        resources: [
          stack.formatArn({ service: 'execute-api', resource: live.api.apiId, resourceName: connections }),
        ],
      }),
    );
    const apiId = stack.getLogicalId(live.api.node.defaultChild as CfnElement);
    acknowledgeWildcard(
      fn,
      `arn:<AWS::Partition>:execute-api:${nagRegion(stack)}:<AWS::AccountId>:<${apiId}>/${connections}`,
      'A connection id is known only when a client connects; the grant is limited to this API and stage',
    );
    lambda.addEnvironment('WEBSOCKET_CALLBACK_URL', live.stage.callbackUrl);
  }
}

/** The SQS actions of sending to a queue, as CDK's `grantSendMessages` names them. */
const SEND_MESSAGES = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];

/**
 * Sending to one of the queues, which the messages key encrypts: SQS asks KMS for a data key with the sender's
 * rights. Written out rather than `queue.grantSendMessages`, whose key grant names `kms:GenerateDataKey*` and
 * `kms:ReEncrypt*` (wider than sending needs, and cdk-nag findings on every function).
 */
export function grantSendMessages(role: iam.IRole, queue: sqs.IQueue, stateful: StatefulResources): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: SEND_MESSAGES, resources: [queue.queueArn] }));
  grantMessagesKey(role, stateful);
}

/** Encrypting for (and reading back from) the topics and queues of the messages key. */
export function grantMessagesKey(role: iam.IRole, stateful: StatefulResources): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [stateful.messagesKey.keyArn],
    }),
  );
}

/** The settings (functions/platform/settings.ts) that tell a sending function which provider and sender to use. */
function smsEnvironment(sms: SmsProviderSettings): Record<string, string> {
  return {
    SMS_PROVIDER: sms.provider,
    ...(sms.senderId && { SMS_SENDER_ID: sms.senderId }),
    ...(sms.provider === 'end-user-messaging' &&
      sms.configurationSet && { SMS_CONFIGURATION_SET: sms.configurationSet }),
    ...(sms.provider === 'aggregator' && { SMS_AGGREGATOR_URL: sms.baseUrl }),
  };
}

/** What sending a text through the chosen provider takes, and nothing the other providers would. */
function grantTexts(fn: SanadFunction, provider: SmsProviderSettings['provider']): void {
  const { function: lambda, role } = fn;
  const stack = Stack.of(fn);
  switch (provider) {
    case 'sns':
      // A text to a phone number is an `sns:Publish` with no topic; excluding every topic ARN keeps this
      // statement from publishing to any topic.
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['sns:Publish'],
          notResources: [`arn:${stack.partition}:sns:*:*:*`],
        }),
      );
      // Asking End User Messaging whether a number texted STOP to it; the action takes no resource.
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['sns:CheckIfPhoneNumberIsOptedOut'], resources: ['*'] }),
      );
      acknowledgeWildcard(
        fn,
        '*',
        'sns:CheckIfPhoneNumberIsOptedOut has no resource type: IAM accepts only "*" for it, and it reads one flag',
      );
      return;
    case 'end-user-messaging':
      // SendTextMessage from this account's sender ids, numbers, pools and configuration sets.
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['sms-voice:SendTextMessage'],
          resources: [stack.formatArn({ service: 'sms-voice', resource: '*' })],
        }),
      );
      acknowledgeWildcard(
        fn,
        `arn:<AWS::Partition>:sms-voice:${nagRegion(stack)}:<AWS::AccountId>:*`,
        'The origination identity (sender id, number or pool) is registered after deployment; limited to this account and region',
      );
      return;
    case 'aggregator':
      // The aggregator's API key, a provider secret read like the others.
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['ssm:GetParameter'],
          resources: [
            stack.formatArn({
              service: 'ssm',
              resource: 'parameter',
              resourceName: `${SECRETS_PARAMETER_PREFIX}${AGGREGATOR_API_KEY}`.slice(1),
            }),
          ],
        }),
      );
      lambda.addEnvironment('SECRETS_PARAMETER_PREFIX', SECRETS_PARAMETER_PREFIX);
      return;
  }
}

/** The region as cdk-nag writes it in a finding: by name once the stack is tied to one (`-c waf=true`). */
function nagRegion(stack: Stack): string {
  return Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
}

/** Accepts cdk-nag's IAM5 finding for one wildcard resource of this function's policy, with the reason. */
function acknowledgeWildcard(fn: SanadFunction, resource: string, reason: string): void {
  Validations.of(fn).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
}
