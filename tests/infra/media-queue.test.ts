import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_FETCH_ATTEMPTS } from '../../functions/event-functions.ts';
import { functionProperties, logicalIdOf, statementsOf, synthesizeSanad } from './synth.ts';

let stateless: Template;
let stateful: Template;

beforeAll(() => {
  ({ statelessTemplate: stateless, statefulTemplate: stateful } = synthesizeSanad());
});

describe('the media-fetch queue', () => {
  it('redrives a job to its own dead-letter queue after the last attempt, hidden long enough for a slow download', () => {
    const deadLetters = logicalIdOf(stateful, 'AWS::SQS::Queue', '/MediaFetchDeadLetters/Resource');
    stateful.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 360,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [deadLetters, 'Arn'] },
        maxReceiveCount: MEDIA_FETCH_ATTEMPTS,
      },
    });
    stateful.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('MediaFetchDeadLetters'),
    });
  });

  it('feeds the media fetcher with partial batch failures, and lets only the webhooks enqueue', () => {
    const fetcher = logicalIdOf(stateless, 'AWS::Lambda::Alias', '/MediaFetcher/Live/Resource');
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      // `<function name>:live`, from the alias's ARN: the queue feeds the alias CodeDeploy shifts.
      FunctionName: {
        'Fn::Join': ['', [{ 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: fetcher }] }] }, ':live']],
      },
      EventSourceArn: { 'Fn::ImportValue': Match.stringLikeRegexp('MediaFetch') },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    for (const name of ['MetaWebhooks', 'TelegramWebhook']) {
      expect(JSON.stringify(functionProperties(stateless, name))).toContain('MEDIA_FETCH_QUEUE_URL');
      expect(JSON.stringify(statementsOf(stateless, name))).toMatch(/"sqs:SendMessage".*MediaFetch/);
    }
    expect(JSON.stringify(functionProperties(stateless, 'StaffApi'))).not.toContain('MEDIA_FETCH_QUEUE_URL');
    expect(JSON.stringify(statementsOf(stateless, 'StaffApi'))).not.toMatch(/MediaFetch/);
  });
});
