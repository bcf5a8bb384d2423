import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { allowedActionsOf, functionProperties, logicalIdOf, synthesizeSanad } from './synth.ts';

let stateless: Template;
let httpRoutes: Template;
// Synthesis takes a minute or more on a busy machine.
const SYNTH_TIMEOUT = 240_000;

beforeAll(() => {
  ({ statelessTemplate: stateless, httpRoutesTemplate: httpRoutes } = synthesizeSanad());
}, SYNTH_TIMEOUT);

describe('the satisfaction survey in AWS', () => {
  it('runs the survey sender on every ticket change, with links pointing at the web app’s CloudFront domain', () => {
    stateless.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { 'Fn::ImportValue': Match.stringLikeRegexp('TicketEvents') },
      Endpoint: { Ref: logicalIdOf(stateless, 'AWS::Lambda::Alias', '/SurveySender/Live/Resource') },
    });
    const variables = (functionProperties(stateless, 'SurveySender').Environment as { Variables: object })
      .Variables as Record<string, unknown>;
    const distributionId = logicalIdOf(stateless, 'AWS::CloudFront::Distribution', '/WebApp/Resource');
    expect(variables.PUBLIC_SITE_URL).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]],
    });
  });

  it('lets the survey sender and the SMS intake (which thanks a digit reply) send SMS', () => {
    for (const name of ['SurveySender', 'SmsInbound']) {
      expect(allowedActionsOf(stateless, name), name).toContain('sns:Publish');
    }
    expect(allowedActionsOf(stateless, 'SurveySender')).toContain('ses:SendEmail');
  });

  it('serves the survey link’s API and the slips’ short links without sign-in, the answer throttled like the other public forms', () => {
    const routes = Object.values(httpRoutes.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties,
    );
    for (const routeKey of [
      'GET /public/surveys/{token}/state',
      'POST /public/surveys/{token}',
      'GET /s/{code}',
    ]) {
      expect(routes.find((route) => route.RouteKey === routeKey)).toMatchObject({
        AuthorizationType: 'NONE',
      });
    }
    const [stage] = Object.values(
      stateless.findResources('AWS::ApiGatewayV2::Stage', { Properties: { StageName: '$default' } }),
    );
    expect(Object.keys(stage?.Properties.RouteSettings)).toContain('POST /public/surveys/{token}');
  });
});
