import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { EVENT_FUNCTIONS } from '../../functions/event-functions.ts';
import { type FunctionAccess, HTTP_FUNCTIONS, STAFF_ONLY_KEY_PREFIXES } from '../../functions/routes.ts';
import { THROTTLE } from '../../infra/aws/api-gateway.ts';
import { pascal } from '../../infra/aws/names.ts';
import { allowedActionsOf, functionProperties, statementsOf, synthesizeSanad } from './synth.ts';

let template: Template;
let functionAlarms: Template;
let httpRoutes: Template;

beforeAll(() => {
  ({
    statelessTemplate: template,
    functionAlarmsTemplate: functionAlarms,
    httpRoutesTemplate: httpRoutes,
  } = synthesizeSanad());
});

const TABLE_WRITES = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

function routeNamed(routeKey: string) {
  const routes = Object.values(httpRoutes.findResources('AWS::ApiGatewayV2::Route'));
  const route = routes.find((candidate) => candidate.Properties.RouteKey === routeKey);
  if (!route) throw new Error(`no route ${routeKey}`);
  return route.Properties;
}

describe('the stateless stack, from the real registries', () => {
  it('makes one function per registry entry on Node.js 24, arm64, bundled as ESM without source maps', () => {
    // Ours, not the custom-resource provider framework's (CDK's own function behind Custom::SanadBootstrap).
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (fn) => !String(fn.Metadata?.['aws:cdk:path']).includes('/Bootstrap/Provider/'),
    );
    // Each registry entry, and the first-run bootstrap beside them.
    expect(functions).toHaveLength(
      Object.keys(HTTP_FUNCTIONS).length + Object.keys(EVENT_FUNCTIONS).length + 1,
    );
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'sanad' } },
      });
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBeUndefined();
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('puts staff routes behind the Cognito JWT authorizer and leaves public routes open', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [Match.anyValue()],
        Issuer: { 'Fn::Join': ['', Match.arrayWith(['https://cognito-idp.', '.amazonaws.com/'])] },
      },
    });

    for (const routeKey of HTTP_FUNCTIONS.staffApi.routes) {
      expect(routeNamed(routeKey)).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: expect.anything(),
      });
    }
    expect(routeNamed('POST /public/contact')).toMatchObject({ AuthorizationType: 'NONE' });
    expect(routeNamed('POST /public/contact').AuthorizerId).toBeUndefined();
  });

  it('throttles every route at the stage and the public form routes tighter', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: {
        ThrottlingRateLimit: THROTTLE.stage.rateLimit,
        ThrottlingBurstLimit: THROTTLE.stage.burstLimit,
      },
      RouteSettings: {
        'POST /public/contact': {
          ThrottlingRateLimit: THROTTLE.publicForms.rateLimit,
          ThrottlingBurstLimit: THROTTLE.publicForms.burstLimit,
        },
      },
      AccessLogSettings: { DestinationArn: Match.anyValue() },
    });
  });

  it('lets the health function read the table but never write it or publish', () => {
    const actions = allowedActionsOf(template, 'Health');

    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    for (const write of TABLE_WRITES) expect(actions).not.toContain(write);
    expect(actions).not.toContain('sns:Publish');
    expect(actions).not.toContain('dynamodb:Scan');
  });

  it('lets the web form write the table and publish ticket events, but not send email or texts', () => {
    const actions = allowedActionsOf(template, 'WebFormContact');

    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'sns:Publish', 'kms:GenerateDataKey']),
    );
    expect(actions).not.toContain('ses:SendRawEmail');
    expect(actions.filter((action) => action === 'sns:Publish')).toHaveLength(1);
  });

  it('lets the escalation sweep email staff their notices through SES, and publish to no staff topic', () => {
    const actions = allowedActionsOf(template, 'EscalationSweep');
    expect(actions).toContain('ses:SendEmail');
    // Staff notices are plain SES emails: no raw MIME, and the only topic is the ticket events'.
    expect(actions).not.toContain('ses:SendRawEmail');
    const topics = statementsOf(template, 'EscalationSweep').filter(
      (statement) => statement.Action === 'sns:Publish',
    );
    expect(topics).toHaveLength(1);
    expect(JSON.stringify(topics)).toMatch(/TicketEvents/);
    const variables = JSON.stringify(functionProperties(template, 'EscalationSweep').Environment);
    expect(variables).toContain('SES_CONFIGURATION_SET');
    expect(variables).not.toContain('STAFF_NOTIFICATIONS_TOPIC_ARN');
  });

  it('alarms on errors and throttles of every function, in the nested alarms stack', () => {
    for (const name of [...Object.keys(HTTP_FUNCTIONS), ...Object.keys(EVENT_FUNCTIONS)]) {
      // The function's name reaches the nested stack as a parameter named after its path.
      const parameter = `^referencetoSanadStateless${pascal(name)}Function[0-9A-F]{8}Ref$`;
      for (const metric of ['Errors', 'Throttles']) {
        functionAlarms.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp(parameter) } }],
          Threshold: 1,
          AlarmActions: [Match.anyValue()],
        });
      }
    }
  });

  it('serves the web app over HTTPS from the private bucket through origin access control', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        Origins: [
          Match.objectLike({ OriginAccessControlId: Match.anyValue(), S3OriginConfig: Match.anyValue() }),
        ],
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
  });

  it('has no WebSocket API, receipt rules or schedule while no function asks for them', () => {
    const { statelessTemplate: httpOnly } = synthesizeSanad({ eventFunctions: {} });

    httpOnly.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    httpOnly.resourceCountIs('AWS::SES::ReceiptRuleSet', 0);
    httpOnly.resourceCountIs('AWS::Events::Rule', 0);
  });
});

describe('least privilege in data', () => {
  const publicFunctions = [
    ...Object.entries(HTTP_FUNCTIONS)
      .filter(([, spec]) => spec.auth === 'public')
      .map(([name]) => name),
    ...Object.entries(EVENT_FUNCTIONS)
      .filter(([, spec]) => (spec.access as FunctionAccess).publicInput)
      .map(([name]) => name),
  ];
  const writeStatements = (name: string) =>
    statementsOf(template, pascal(name)).filter(
      (statement) =>
        statement.Effect === 'Allow' &&
        ([statement.Action].flat() as string[]).some((action) => TABLE_WRITES.includes(action)),
    );

  it('counts the forms, webhooks, status, surveys and inbound mail and texts as public', () => {
    expect(publicFunctions).toEqual(
      expect.arrayContaining([
        'webFormContact',
        'supportRequestForm',
        'publicStatus',
        'publicSurveys',
        'telegramWebhook',
        'metaWebhooks',
        'emailInbound',
        'smsInbound',
      ]),
    );
  });

  it.each(publicFunctions)(
    '%s writes the table only outside the staff, configuration and rule partitions',
    (name) => {
      for (const statement of writeStatements(name)) {
        expect(statement.Condition).toEqual({
          'ForAllValues:StringNotLike': {
            'dynamodb:LeadingKeys': STAFF_ONLY_KEY_PREFIXES.map((prefix) => `${prefix}*`),
          },
        });
      }
    },
  );

  it('keeps staff writes to configuration for the staff functions', () => {
    const admin = writeStatements('adminApi');
    expect(admin).toHaveLength(1);
    expect(admin[0]?.Condition).toBeUndefined();
  });

  it('names every staff-only partition of the key layout', () => {
    const staffOnly = [
      keys.staffUser('u'),
      keys.staffLogin('a@b.c'),
      keys.queue('q'),
      keys.ruleSetCurrent(),
      keys.ruleSetVersion(1),
      keys.slaPolicy('p'),
      keys.businessCalendar(),
      keys.societyDocument('d'),
      keys.messageTemplate('t'),
      keys.escalationWatermark(),
      keys.liveConnection('c'),
      keys.marker('m'),
    ];
    for (const key of staffOnly)
      expect(
        STAFF_ONLY_KEY_PREFIXES.some((prefix) => key.PK.startsWith(prefix)),
        key.PK,
      ).toBe(true);
    // What the public's own requests write stays writable.
    for (const key of [keys.ticket('t'), keys.contact('c'), keys.identity({ kind: 'phone', value: '+9665' })])
      expect(
        STAFF_ONLY_KEY_PREFIXES.some((prefix) => key.PK.startsWith(prefix)),
        key.PK,
      ).toBe(false);
  });
});
