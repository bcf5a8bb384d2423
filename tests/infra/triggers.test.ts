import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { ESCALATION_LAG_THRESHOLD_SECONDS } from '../../infra/aws/monitoring.ts';
import { isTicketItem } from '../../infra/local/change-stream.ts';
import { EVENT_FUNCTIONS, HTTP_WITH_WEBHOOK } from './registries.ts';
import { allowedActionsOf, functionProperties, logicalIdOf, statementsOf, synthesizeSanad } from './synth.ts';

const MAIL_FROM = 'جمعية سند <support@example.org>';

let stateless: Template;
// Synthesis takes a minute or more on a busy machine.
const SYNTH_TIMEOUT = 240_000;
let stateful: Template;
let httpRoutes: Template;

beforeAll(() => {
  ({
    statelessTemplate: stateless,
    statefulTemplate: stateful,
    httpRoutesTemplate: httpRoutes,
  } = synthesizeSanad(
    {
      eventFunctions: EVENT_FUNCTIONS,
      httpFunctions: HTTP_WITH_WEBHOOK,
      mailRecipients: ['support@example.org'],
    },
    { mailFrom: MAIL_FROM, mailReplyTo: 'support@example.org' },
  ));
}, SYNTH_TIMEOUT);

const functionId = (name: string) =>
  logicalIdOf(stateless, 'AWS::Lambda::Function', `/${name}/Function/Resource`);
/** Triggers invoke the function's `live` alias (its Ref is the alias ARN), never $LATEST. */
const aliasId = (name: string) => logicalIdOf(stateless, 'AWS::Lambda::Alias', `/${name}/Live/Resource`);
const importOf = (exportPart: string) => ({ 'Fn::ImportValue': Match.stringLikeRegexp(exportPart) });

/** Asynchronously invoked functions retry twice, then land in the failed-events queue. */
function expectOnFailureQueue(name: string) {
  stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
    FunctionName: { Ref: functionId(name) },
    // The alias's name, from its ARN.
    Qualifier: { 'Fn::Select': [7, { 'Fn::Split': [':', { Ref: aliasId(name) }] }] },
    MaximumRetryAttempts: 2,
    DestinationConfig: { OnFailure: { Destination: importOf('FailedEvents') } },
  });
}

describe('event triggers from the registry', () => {
  it('runs a schedule trigger from an EventBridge rule at its interval, with a failure queue', () => {
    stateless.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { Ref: aliasId('Escalation') } })],
    });
    expectOnFailureQueue('Escalation');
  });

  it('alarms when escalation lags, on the documented Sanad/EscalationLagSeconds metric', () => {
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Sanad',
      MetricName: 'EscalationLagSeconds',
      Dimensions: [{ Name: 'service', Value: 'sanad' }],
      Statistic: 'Maximum',
      Threshold: ESCALATION_LAG_THRESHOLD_SECONDS,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [Match.anyValue()],
    });
  });

  it('alarms when the daily budget of automatic texts to unconfirmed numbers is spent', () => {
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Sanad',
      MetricName: 'UnconfirmedTextBudgetExhausted',
      Dimensions: [{ Name: 'service', Value: 'sanad' }],
      Threshold: 1,
      AlarmActions: [Match.anyValue()],
    });
  });

  it('subscribes an sns trigger to its topic of the stateful stack', () => {
    stateless.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: importOf('SmsInbound'),
      Endpoint: { Ref: aliasId('SmsInbound') },
    });
    stateless.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'sns.amazonaws.com',
      FunctionName: { Ref: aliasId('SmsInbound') },
      SourceArn: importOf('SmsInbound'),
    });
    expectOnFailureQueue('SmsInbound');
  });

  it('stores received mail in the raw-mail bucket, then invokes the email function', () => {
    stateless.resourceCountIs('AWS::SES::ReceiptRuleSet', 1);
    stateless.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: {
        Enabled: true,
        Recipients: ['support@example.org'],
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Actions: [
          { S3Action: { BucketName: importOf('RawMail'), ObjectKeyPrefix: 'inbound/' } },
          {
            LambdaAction: {
              FunctionArn: { Ref: aliasId('EmailInbound') },
              InvocationType: 'Event',
            },
          },
        ],
      },
    });
    stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'ses.amazonaws.com' }, Action: 's3:PutObject' }),
        ]),
      },
    });
    expect(functionProperties(stateless, 'EmailInbound').Environment).toMatchObject({
      Variables: {
        RAW_MAIL_PREFIX: 'inbound/',
        RAW_MAIL_BUCKET: { 'Fn::ImportValue': expect.stringMatching(/RawMail/) },
      },
    });
    expectOnFailureQueue('EmailInbound');
  });

  it('feeds the table stream to a table-stream trigger in batches, failures to the queue', () => {
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      // `<function name>:live`, from the alias's ARN.
      FunctionName: {
        'Fn::Join': [
          '',
          [{ 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: aliasId('Reports') }] }] }, ':live'],
        ],
      },
      EventSourceArn: importOf('StreamArn'),
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: importOf('FailedEvents') } },
    });
    expect(allowedActionsOf(stateless, 'Reports')).toEqual(
      expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator']),
    );
  });

  it('invokes the stream consumer for ticket items only, with the filter the local stream applies', () => {
    const mappings = Object.values(stateless.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(1);
    const filters = mappings[0]?.Properties.FilterCriteria.Filters as { Pattern: string }[];
    expect(filters).toHaveLength(1);
    const pattern = JSON.parse(filters[0]?.Pattern ?? '{}');
    expect(pattern).toEqual({
      dynamodb: { Keys: { PK: { S: [{ prefix: 'TICKET#' }] }, SK: { S: ['META'] } } },
    });
    // Lambda's reading of that pattern (prefix or equality on each key), against the same keys locally.
    const matches = (key: { PK: string; SK: string }) =>
      key.PK.startsWith(pattern.dynamodb.Keys.PK.S[0].prefix) && pattern.dynamodb.Keys.SK.S.includes(key.SK);
    const samples = [
      keys.ticket('01T'),
      keys.message('01T', 'm1'),
      keys.escalationWatermark(),
      keys.reportedChange('01T#2'),
      keys.reportCell('2026-11-22', 'q', 'email', 'none'),
      keys.searchToken('word', '01T'),
    ];
    expect(samples.map(matches)).toEqual([true, false, false, false, false, false]);
    expect(samples.map(isTicketItem)).toEqual(samples.map(matches));
  });

  it('serves websocket routes from a WebSocket API and lets the pusher manage its connections', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'WEBSOCKET' });
    for (const routeKey of ['$connect', '$disconnect']) {
      stateless.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey });
    }
    expect(allowedActionsOf(stateless, 'InboxPush')).toContain('execute-api:ManageConnections');
    expect(allowedActionsOf(stateless, 'InboxConnect')).not.toContain('execute-api:ManageConnections');
    expect(functionProperties(stateless, 'InboxPush').Environment).toMatchObject({
      Variables: { WEBSOCKET_CALLBACK_URL: expect.anything() },
    });
  });
});

describe('grants from each function access', () => {
  it('lets an email sender call SES with the configuration set and sender given at deploy time', () => {
    expect(allowedActionsOf(stateless, 'EmailInbound')).toEqual(
      expect.arrayContaining(['ses:SendEmail', 'ses:SendRawEmail']),
    );
    expect(functionProperties(stateless, 'EmailInbound').Environment).toMatchObject({
      Variables: {
        SES_CONFIGURATION_SET: { 'Fn::ImportValue': expect.stringMatching(/MailSending/) },
        MAIL_FROM: MAIL_FROM,
        MAIL_REPLY_TO: 'support@example.org',
      },
    });
    expect(allowedActionsOf(stateless, 'Reports')).not.toContain('ses:SendRawEmail');
    expect(functionProperties(stateless, 'Reports').Environment).not.toMatchObject({
      Variables: { MAIL_FROM: expect.anything() },
    });
  });

  it('lets an SMS sender publish to phone numbers but to no topic', () => {
    const sms = statementsOf(stateless, 'SmsInbound').filter(
      (statement) => statement.Action === 'sns:Publish' && statement.NotResource,
    );
    expect(sms).toEqual([
      {
        Effect: 'Allow',
        Action: 'sns:Publish',
        NotResource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:*:*:*']] },
      },
    ]);
    expect(statementsOf(stateless, 'Reports').some((statement) => statement.NotResource)).toBe(false);
  });

  it('reads and writes only objects of the buckets named, never lists or deletes', () => {
    const s3 = statementsOf(stateless, 'EmailInbound').filter((statement) =>
      [statement.Action].flat().some((action) => String(action).startsWith('s3:')),
    );
    expect(s3.flatMap((statement) => [statement.Action].flat()).sort()).toEqual([
      's3:GetObject',
      's3:GetObject',
      's3:PutObject',
      's3:PutObject',
    ]);
    expect(JSON.stringify(s3)).toContain('sanad-raw-mail-');
    expect(JSON.stringify(s3)).toContain('sanad-attachments-');
    expect(allowedActionsOf(stateless, 'Reports').some((action) => action.startsWith('s3:'))).toBe(false);
  });

  it('reads only the named secret parameters', () => {
    const ssm = statementsOf(stateless, 'TelegramWebhook').find((statement) =>
      statement.Action?.toString().includes('ssm:'),
    );
    expect(ssm?.Resource).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':ssm:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':parameter/sanad/secrets/telegram-bot-token',
        ],
      ],
    });
    expect(functionProperties(stateless, 'TelegramWebhook').Environment).toMatchObject({
      Variables: { SECRETS_PARAMETER_PREFIX: '/sanad/secrets/' },
    });
  });

  it('leaves webhook routes public (the handler verifies the signature) and does not throttle them as forms', () => {
    const routes = Object.values(httpRoutes.findResources('AWS::ApiGatewayV2::Route'));
    const webhook = routes.find((route) => route.Properties.RouteKey === 'POST /webhooks/telegram');
    expect(webhook?.Properties.AuthorizationType).toBe('NONE');
    const [stage] = Object.values(
      stateless.findResources('AWS::ApiGatewayV2::Stage', { Properties: { StageName: '$default' } }),
    );
    const throttled = Object.keys(stage?.Properties.RouteSettings);
    expect(throttled).toContain('POST /public/contact');
    expect(throttled.every((routeKey) => routeKey.startsWith('POST /public/'))).toBe(true);
  });

  it('refuses a function that pushes to inbox clients when no function serves the WebSocket API', () => {
    const { inboxPush } = EVENT_FUNCTIONS;
    expect(() => synthesizeSanad({ eventFunctions: { inboxPush } })).toThrow(/WebSocket API/);
  });
});
