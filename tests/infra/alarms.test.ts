import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  API_5XX_THRESHOLD,
  API_LATENCY_THRESHOLD_MS,
  ITERATOR_AGE_THRESHOLD_MS,
  SES_BOUNCE_RATE_THRESHOLD,
  SES_COMPLAINT_RATE_THRESHOLD,
} from '../../infra/aws/monitoring.ts';
import { pascal } from '../../infra/aws/names.ts';
import { namesWith, useHardenedTemplates } from './hardened-deployment.ts';
import { logicalIdOf } from './synth.ts';

const t = useHardenedTemplates();

const functionId = (name: string) =>
  logicalIdOf(t.stateless, 'AWS::Lambda::Function', `/${pascal(name)}/Function/Resource`);
describe('alarms that reach someone', () => {
  it('lets CloudWatch alarms of this account publish to the encrypted alarms topic', () => {
    const alarms = logicalIdOf(t.stateful, 'AWS::SNS::Topic', '/Alarms/');
    t.stateful.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: alarms }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Resource: { Ref: alarms },
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
    // The topic's key lets CloudWatch encrypt what it publishes.
    const { Resources: resources } = t.stateful.toJSON();
    const [keyId] = resources[alarms].Properties.KmsMasterKeyId['Fn::GetAtt'];
    const key = resources[keyId];
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: expect.arrayContaining(['cloudwatch.amazonaws.com']) },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
  });

  it('sends every alarm of both stacks to the alarms topic', () => {
    for (const template of [t.stateful, t.stateless]) {
      for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
        expect(JSON.stringify(alarm.Properties.AlarmActions)).toMatch(/Alarms/);
      }
    }
  });

  it('alarms on API 5xx and p95 latency', () => {
    t.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Statistic: 'Sum',
      Threshold: API_5XX_THRESHOLD,
    });
    t.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      ExtendedStatistic: 'p95',
      Threshold: API_LATENCY_THRESHOLD_MS,
    });
  });

  it('alarms on throttled table reads or writes', () => {
    const alarm = Object.values(t.stateful.findResources('AWS::CloudWatch::Alarm')).find((candidate) =>
      JSON.stringify(candidate.Properties.Metrics ?? []).includes('ThrottleEvents'),
    );
    const metrics = JSON.stringify(alarm?.Properties.Metrics);
    expect(metrics).toContain('ReadThrottleEvents');
    expect(metrics).toContain('WriteThrottleEvents');
    expect(alarm?.Properties.Threshold).toBe(1);
  });

  it('alarms when the stream consumer reads changes late', () => {
    const consumers = namesWith('table-stream');
    expect(consumers.length).toBeGreaterThan(0);
    for (const name of consumers) {
      t.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'IteratorAge',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(name) } }],
        Statistic: 'Maximum',
        Threshold: ITERATOR_AGE_THRESHOLD_MS,
      });
    }
  });

  it('alarms when the escalation sweep (or any scheduled function) has not run for five minutes', () => {
    const scheduled = namesWith('schedule');
    expect(scheduled).toContain('escalationSweep');
    for (const name of scheduled) {
      t.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Invocations',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(name) } }],
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
      });
    }
  });

  it('alarms before SES reviews the account for bounces or complaints', () => {
    for (const [metric, threshold] of [
      ['Reputation.BounceRate', SES_BOUNCE_RATE_THRESHOLD],
      ['Reputation.ComplaintRate', SES_COMPLAINT_RATE_THRESHOLD],
    ] as const) {
      t.stateful.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SES',
        MetricName: metric,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
  });

  it('has one dashboard with intake, SLA breaches, errors, latency, dead letters and cost drivers', () => {
    const dashboards = Object.values(t.stateless.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);
    for (const part of [
      'Intake by channel',
      'SlaBreaches',
      'Errors by function',
      'Latency',
      'ApproximateNumberOfMessagesVisible',
      'ConsumedWriteCapacityUnits',
    ]) {
      expect(body).toContain(part);
    }
  });
});
