import { readFileSync } from 'node:fs';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_FUNCTIONS } from '../../functions/event-functions.ts';
import { Settings, smsProviderOf } from '../../functions/platform/settings.ts';
import { type FunctionAccess, HTTP_FUNCTIONS } from '../../functions/routes.ts';
import { pascal } from '../../infra/aws/names.ts';
import { REPOSITORY_ROOT } from '../../infra/aws/sanad-function.ts';
import { allowedActionsOf, functionProperties, statementsOf, synthesizeSanad } from './synth.ts';

// Synthesis takes a minute or more on a busy machine.
const SYNTH_TIMEOUT = 400_000;

const AGGREGATOR_URL = 'https://sms.example.sa/api';
/** The `environments` blocks of the real cdk.json, as `cdk` hands them to the app. */
const { environments } = (
  JSON.parse(readFileSync(`${REPOSITORY_ROOT}cdk.json`, 'utf8')) as {
    context: { environments: Record<string, Record<string, unknown>> };
  }
).context;
const FUNCTIONS: Record<string, { access: FunctionAccess }> = { ...HTTP_FUNCTIONS, ...EVENT_FUNCTIONS };
const sending = Object.keys(FUNCTIONS).filter((name) => FUNCTIONS[name]?.access.sendSms);
const notSending = Object.keys(FUNCTIONS).filter((name) => !FUNCTIONS[name]?.access.sendSms);

const variablesOf = (template: Template, name: string) =>
  (functionProperties(template, pascal(name)).Environment as { Variables: Record<string, unknown> })
    .Variables;

describe('-c smsProvider=aggregator, from an environment block and -c', () => {
  let template: Template;
  let httpRoutes: Template;
  beforeAll(() => {
    ({ statelessTemplate: template, httpRoutesTemplate: httpRoutes } = synthesizeSanad(
      {},
      {
        env: 'production',
        environments: { production: { smsProvider: 'aggregator', smsSenderId: 'SANAD' } },
        smsAggregatorUrl: AGGREGATOR_URL,
      },
    ));
  }, SYNTH_TIMEOUT);

  it('tells every function that sends texts to send them through the aggregator, and no other function', () => {
    expect(sending.length).toBeGreaterThan(5);
    for (const name of sending) {
      const variables = variablesOf(template, name);
      expect(variables, name).toMatchObject({
        SMS_PROVIDER: 'aggregator',
        SMS_SENDER_ID: 'SANAD',
        SMS_AGGREGATOR_URL: AGGREGATOR_URL,
        SECRETS_PARAMETER_PREFIX: '/sanad/secrets/',
      });
      // What the functions read back is the provider chosen, not SNS.
      expect(smsProviderOf(new Settings(variables as Record<string, string>)), name).toEqual({
        provider: 'aggregator',
        baseUrl: AGGREGATOR_URL,
        senderId: 'SANAD',
      });
    }
    for (const name of notSending) expect(variablesOf(template, name).SMS_PROVIDER, name).toBeUndefined();
  });

  it("grants the aggregator's API key and neither SNS nor End User Messaging", () => {
    for (const name of sending) {
      const actions = allowedActionsOf(template, pascal(name));
      expect(actions, name).not.toContain('sms-voice:SendTextMessage');
      expect(actions, name).not.toContain('sns:CheckIfPhoneNumberIsOptedOut');
      expect(statementsOf(template, pascal(name)).some((statement) => statement.NotResource)).toBe(false);
      expect(JSON.stringify(statementsOf(template, pascal(name))), name).toContain(
        ':parameter/sanad/secrets/sms-aggregator-api-key',
      );
    }
  });

  it('serves the aggregator webhook, which may read its signing secret', () => {
    const routes = Object.values(httpRoutes.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties.RouteKey,
    );
    expect(routes).toContain('POST /webhooks/sms/aggregator');
    expect(JSON.stringify(statementsOf(template, 'SmsAggregatorWebhook'))).toContain(
      ':parameter/sanad/secrets/sms-aggregator-webhook-secret',
    );
  });
});

describe('-c env=production, whose texts need the sender id registered for Saudi Arabia', () => {
  it(
    'gives every function that sends texts the sender id, which End User Messaging sends from',
    () => {
      const { statelessTemplate } = synthesizeSanad(
        {},
        { env: 'production', environments, smsProvider: 'end-user-messaging', smsSenderId: 'SANAD' },
      );
      expect(sending.length).toBeGreaterThan(5);
      for (const name of sending) {
        const variables = variablesOf(statelessTemplate, name);
        expect(variables, name).toMatchObject({ SMS_PROVIDER: 'end-user-messaging', SMS_SENDER_ID: 'SANAD' });
        // What the sender reads back (OriginationIdentity of SendTextMessage; SNS's AWS.SNS.SMS.SenderID).
        expect(smsProviderOf(new Settings(variables as Record<string, string>)), name).toMatchObject({
          senderId: 'SANAD',
        });
      }
      for (const name of notSending)
        expect(variablesOf(statelessTemplate, name).SMS_SENDER_ID, name).toBeUndefined();
    },
    SYNTH_TIMEOUT,
  );

  it.each([{}, { smsProvider: 'sns' }, { smsProvider: 'end-user-messaging' }])(
    'refuses to synthesize %j without one, saying what to give',
    (context) => {
      expect(() => synthesizeSanad({}, { env: 'production', environments, ...context })).toThrow(
        /-c env=production needs smsSenderId: the alphanumeric sender id registered for Saudi Arabia/,
      );
    },
  );
});

describe('the SMS settings at synth', () => {
  it.each([
    [{ smsProvider: 'aggregator', smsSenderId: 'SANAD' }, /smsProvider=aggregator needs smsAggregatorUrl/],
    [
      { smsProvider: 'aggregator', smsAggregatorUrl: AGGREGATOR_URL },
      /smsProvider=aggregator needs smsSenderId:/,
    ],
    [{ smsProvider: 'aggregator' }, /needs smsAggregatorUrl and smsSenderId:/],
    [{ smsAggregatorUrl: AGGREGATOR_URL }, /give smsProvider=aggregator with it/],
    [{ smsProvider: 'sns', smsConfigurationSet: 'texts' }, /give smsProvider=end-user-messaging with it/],
    [
      { smsProvider: 'aggregator', smsSenderId: 'SANAD', smsAggregatorUrl: 'http://sms.example.sa' },
      /must be an https:\/\/ address/,
    ],
    [{ smsProvider: 'pigeon' }, /-c smsProvider is not valid/],
  ])('refuses %j with the reason', (context, reason) => {
    expect(() => synthesizeSanad({}, context)).toThrow(reason);
  });
});
