import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { allowedActionsOf, logicalIdOf, synthesizeSanad } from './synth.ts';

let template: Template;
let routes: Template;
beforeAll(() => {
  ({ statelessTemplate: template, httpRoutesTemplate: routes } = synthesizeSanad());
});

const routeKeys = () =>
  Object.values(routes.findResources('AWS::ApiGatewayV2::Route')).map(
    (route) => route.Properties as { RouteKey: string; AuthorizationType?: string },
  );

describe('the channels in the deployed stack', () => {
  it('has public, signature-checked webhook routes for every social channel', () => {
    for (const channel of ['whatsapp', 'messenger', 'instagram']) {
      for (const method of ['GET', 'POST']) {
        const route = routeKeys().find(
          (candidate) => candidate.RouteKey === `${method} /webhooks/${channel}`,
        );
        expect(route, `${method} /webhooks/${channel}`).toBeDefined();
        expect(route?.AuthorizationType ?? 'NONE').toBe('NONE');
      }
    }
    expect(routeKeys().some((route) => route.RouteKey === 'POST /webhooks/telegram')).toBe(true);
  });

  it('subscribes the SMS function to the two-way SMS topic', () => {
    const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription')).map((resource) =>
      JSON.stringify(resource.Properties),
    );
    // The topic invokes the function's live alias, which CodeDeploy shifts.
    const smsFunction = logicalIdOf(template, 'AWS::Lambda::Alias', '/SmsInbound/Live/Resource');
    expect(
      subscriptions.some(
        (subscription) => subscription.includes(smsFunction) && subscription.includes('lambda'),
      ),
    ).toBe(true);
  });

  it('lets the functions that answer beneficiaries send SMS by SNS (the default) and read their provider secrets', () => {
    for (const name of ['StaffApi', 'CaseApi']) {
      const actions = allowedActionsOf(template, name);
      expect(actions, name).toContain('sns:Publish');
      expect(actions, name).toContain('sns:CheckIfPhoneNumberIsOptedOut');
      // Another provider's rights come only with that provider (sms-provider.test.ts).
      expect(actions, name).not.toContain('sms-voice:SendTextMessage');
      expect(actions, name).toContain('ssm:GetParameter');
    }
    // A webhook only takes messages in: it may not send mail.
    expect(allowedActionsOf(template, 'MetaWebhooks').some((action) => action.startsWith('ses:'))).toBe(
      false,
    );
  });
});
