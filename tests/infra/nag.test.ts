import { Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { EVENT_FUNCTIONS, HTTP_WITH_WEBHOOK } from './registries.ts';
import { synthesizeSanad, WAF_API_DOMAIN } from './synth.ts';

// Synthesis takes a minute or more on a busy machine.
const SYNTH_TIMEOUT = 240_000;

const apps = {
  'the real registries': () => synthesizeSanad(),
  'a deployment with the hosted sign-in on': () =>
    synthesizeSanad({}, { webAppUrl: 'https://d111.cloudfront.net' }),
  'a function for every trigger kind and access, texts by the aggregator': () =>
    synthesizeSanad(
      { eventFunctions: EVENT_FUNCTIONS, httpFunctions: HTTP_WITH_WEBHOOK },
      { smsProvider: 'aggregator', smsSenderId: 'SANAD', smsAggregatorUrl: 'https://sms.example.sa/api' },
    ),
  // Each provider brings its own grants, so each is checked: SNS above, End User Messaging here.
  'the API behind CloudFront and WAF on its own domain, texts by End User Messaging': () =>
    synthesizeSanad(
      {},
      { waf: 'true', region: 'me-south-1', ...WAF_API_DOMAIN, smsProvider: 'end-user-messaging' },
    ),
};

describe.each(Object.entries(apps))('cdk-nag AwsSolutions over %s', (_name, synthesize) => {
  it(
    'reports no finding that is not acknowledged with a reason',
    () => {
      // Synthesis itself fails on a finding (the pack is a validation plugin); check the report explicitly too.
      const { app, stateful, stateless } = synthesize();

      const report = new AwsSolutionsChecks(app).validateScope(app);

      expect(report.violations).toEqual([]);
      expect(report.success).toBe(true);
      for (const stack of [stateful, stateless]) {
        expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
        expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
      }
    },
    SYNTH_TIMEOUT,
  );

  it(
    'gives every acknowledged finding its own reason',
    () => {
      const { app } = synthesize();

      const acknowledged = app.node
        .findAll()
        .flatMap((construct) => construct.node.metadata)
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
        .filter(([id]) => id.includes('AwsSolutions-'));

      expect(acknowledged.length).toBeGreaterThan(0);
      for (const [id, reason] of acknowledged) expect(reason.length, id).toBeGreaterThan(40);
    },
    SYNTH_TIMEOUT,
  );
});
