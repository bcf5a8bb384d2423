import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTableInput } from '../../functions/adapters/dynamodb/table.ts';
import { TEMPORARY_PASSWORD_DAYS } from '../../infra/aws/staff-directory.ts';
import { ROLES } from '../../shared/domain/staff.ts';
import { logicalIdOf, synthesizeSanad } from './synth.ts';

let template: Template;

beforeAll(() => {
  ({ statefulTemplate: template } = synthesizeSanad());
});

describe('the stateful stack', () => {
  it('builds the table from the same key and index definitions dynalite uses', () => {
    const local = createTableInput('any');

    const [table] = Object.values(template.findResources('AWS::DynamoDB::GlobalTable'));

    expect(table?.Properties.KeySchema).toEqual(local.KeySchema);
    expect(table?.Properties.AttributeDefinitions).toEqual(local.AttributeDefinitions);
    expect(table?.Properties.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
  });

  it('keeps the table on demand, encrypted, recoverable to any second and streaming both images', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain' });
  });

  it('makes every bucket private, encrypted and reachable over TLS only', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(4); // raw mail, attachments, web app, access logs

    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      // Received mail and files under the customer-managed files key; the web app and access logs S3-managed.
      const dataBucket = ['sanad-raw-mail-', 'sanad-attachments-'].some((prefix) =>
        JSON.stringify(bucket.Properties.BucketName ?? '').includes(prefix),
      );
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toMatchObject({
        ServerSideEncryptionByDefault: { SSEAlgorithm: dataBucket ? 'aws:kms' : 'AES256' },
      });
    }
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(4);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('lets CloudFront read the web app and nothing else read any bucket anonymously', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
          }),
        ]),
      },
    });
  });

  it('encrypts the topics with a rotating key that SMS and CloudWatch may use', () => {
    const topics = Object.values(template.findResources('AWS::SNS::Topic'));
    expect(topics).toHaveLength(4); // ticket events, inbound SMS, email feedback, alarms
    for (const topic of topics) expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: {
              Service: ['sms-voice.amazonaws.com', 'ses.amazonaws.com', 'cloudwatch.amazonaws.com'],
            },
          }),
        ]),
      },
    });
  });

  it('sends mail through a configuration set whose bounces, complaints and deliveries reach a topic', () => {
    const feedbackTopic = logicalIdOf(template, 'AWS::SNS::Topic', '/EmailFeedback/');

    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint', 'reject', 'delivery'],
        SnsDestination: { TopicARN: { Ref: feedbackTopic } },
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: feedbackTopic }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'ses.amazonaws.com' } }),
        ]),
      },
    });
  });

  it('has a Cognito group for every staff role and an app client without a secret for the browser', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup'));
    expect(groups.map((group) => group.Properties.GroupName).sort()).toEqual([...ROLES].sort());

    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_SRP_AUTH']),
    });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  it('turns on the hosted sign-in, returning to the inbox, once the inbox address is given', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
    const withAddress = synthesizeSanad({}, { webAppUrl: 'https://d111.cloudfront.net/' }).statefulTemplate;
    withAddress.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    withAddress.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: Match.arrayWith(['openid', 'email', 'profile']),
      CallbackURLs: ['https://d111.cloudfront.net/'],
    });
    withAddress.hasOutput('SignInDomain', {});
  });

  it('lets the inbox client sign in by authorization code only, and before the inbox has an address not by OAuth', () => {
    const [firstDeploy] = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
    expect(firstDeploy?.Properties.AllowedOAuthFlows).toBeUndefined();
    expect(firstDeploy?.Properties.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(firstDeploy?.Properties.CallbackURLs).toBeUndefined();
    const withAddress = synthesizeSanad({}, { webAppUrl: 'https://d111.cloudfront.net' }).statefulTemplate;
    const [client] = Object.values(withAddress.findResources('AWS::Cognito::UserPoolClient'));
    expect(client?.Properties.AllowedOAuthFlows).toEqual(['code']);
  });

  it('invites staff by an email in Arabic and English saying where to sign in, with what, for how long', () => {
    const invitation = (stateful: Template) =>
      Object.values(stateful.findResources('AWS::Cognito::UserPool'))[0]?.Properties.AdminCreateUserConfig
        .InviteMessageTemplate as { EmailSubject: string; EmailMessage: string };
    const domain = synthesizeSanad(
      {},
      { domainName: 'inbox.example.org', certificateArn: 'arn:aws:acm:us-east-1:1:certificate/abc' },
    ).statefulTemplate;
    for (const { EmailSubject, EmailMessage } of [invitation(template), invitation(domain)]) {
      expect(EmailSubject).toMatch(/سند.*Sanad/);
      // Cognito refuses a template without both placeholders.
      expect(EmailMessage).toContain('{username}');
      expect(EmailMessage).toContain('{####}');
      expect(EmailMessage).toMatch(
        /<div dir="rtl" lang="ar">.*كلمة المرور المؤقتة.*<\/div><div dir="ltr" lang="en">/,
      );
      expect(EmailMessage).toContain(`${TEMPORARY_PASSWORD_DAYS} days`);
    }
    expect(invitation(domain).EmailMessage).toContain('<a href="https://inbox.example.org/">');
    // A first deploy has no address yet: it says the address follows, with a new password (the re-invitation).
    expect(invitation(template).EmailMessage).not.toContain('href');
    expect(invitation(template).EmailMessage).toContain('second email');
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: Match.objectLike({ TemporaryPasswordValidityDays: TEMPORARY_PASSWORD_DAYS }),
      },
    });
  });

  it('raises an alarm as soon as a message lands in any dead-letter queue', () => {
    // Dead-letter queues are the last stop: every queue without a redrive policy of its own.
    const queues = Object.entries(template.findResources('AWS::SQS::Queue'))
      .filter(([, queue]) => !queue.Properties?.RedrivePolicy)
      .map(([id]) => id);
    expect(queues).toHaveLength(3);

    for (const queue of queues) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [Match.anyValue()],
      });
    }
  });
});
