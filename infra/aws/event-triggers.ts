import { Duration, type Stack, Validations } from 'aws-cdk-lib';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sesActions from 'aws-cdk-lib/aws-ses-actions';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { EventTrigger } from '../../functions/event-functions.ts';
import type { LiveUpdates } from './access.ts';
import { monitorIteratorAge, monitorSchedule } from './monitoring.ts';
import { pascal, RAW_MAIL_PREFIX } from './names.ts';
import type { SanadFunction } from './sanad-function.ts';
import type { StatefulResources } from './stateful-stack.ts';

const ASYNC_RETRIES = 2;

/**
 * What invokes each event function: its schedule, topic, mail receipt rule, table stream, queue or WebSocket route,
 * with failed asynchronous invocations and stream batches sent to the stateful stack's failed-events queue.
 */
export class EventTriggers {
  private readonly failedEvents: sqs.IQueue;
  private readonly failureDestination: destinations.SqsDestination;
  /** The SES receipt rules, once a function receives mail. */
  receiptRules: ses.ReceiptRuleSet | undefined;

  constructor(
    private readonly stack: Stack,
    private readonly stateful: StatefulResources,
    private readonly mailRecipients: string[] | undefined,
  ) {
    // Lambda sends failed events with the function's role. The queue is named by ARN alone so CDK's grant covers SQS
    // only; every function already has the key's two actions (grantAccess, with the dead-letter queue).
    this.failedEvents = sqs.Queue.fromQueueArn(stack, 'FailedEventsQueue', stateful.failedEvents.queueArn);
    this.failureDestination = new destinations.SqsDestination(this.failedEvents);
  }

  connect(name: string, fn: SanadFunction, trigger: EventTrigger, live: LiveUpdates | undefined): void {
    const asynchronous = () => {
      fn.live.configureAsyncInvoke({ onFailure: this.failureDestination, retryAttempts: ASYNC_RETRIES });
    };
    switch (trigger.kind) {
      case 'schedule':
        asynchronous();
        monitorSchedule(fn, this.stateful.alarms);
        new events.Rule(this.stack, `${pascal(name)}Schedule`, {
          description: `Runs ${name} every ${trigger.everyMinutes} minute(s)`,
          schedule: events.Schedule.rate(Duration.minutes(trigger.everyMinutes)),
          targets: [new targets.LambdaFunction(fn.live, { retryAttempts: ASYNC_RETRIES })],
        });
        return;
      case 'sns':
        asynchronous();
        Validations.of(
          this.stateful.topics[trigger.topic].addSubscription(new subscriptions.LambdaSubscription(fn.live)),
        ).acknowledge({
          id: 'CloudFormation-Validate::W3694',
          reason:
            'SNS invokes any qualified function ARN, an alias too (as SAM subscribes its published aliases); the linter knows only functions',
        });
        return;
      case 'ses-receipt':
        asynchronous();
        this.addMailReceipt(name, fn);
        return;
      case 'table-stream':
        monitorIteratorAge(fn, this.stateful.alarms);
        fn.live.addEventSource(
          new eventSources.DynamoEventSource(this.stateful.table, {
            startingPosition: lambda.StartingPosition.TRIM_HORIZON,
            // No batching window: assignment reads the agents' load counters this consumer keeps, and a window
            // of seconds would send every contact of a burst to the same agent, past their capacity.
            batchSize: 100,
            bisectBatchOnError: true,
            reportBatchItemFailures: true,
            retryAttempts: 5,
            maxRecordAge: Duration.days(1),
            onFailure: new eventSources.SqsDlq(this.failedEvents),
            // Other items' writes (the sweep's watermark, report markers) never invoke the consumer.
            filters: [
              lambda.FilterCriteria.filter({
                dynamodb: {
                  Keys: {
                    PK: { S: lambda.FilterRule.beginsWith(trigger.items.partitionPrefix) },
                    SK: { S: [trigger.items.sortKey] },
                  },
                },
              }),
            ],
          }),
        );
        return;
      case 'sqs':
        // Failed jobs are reported one by one, so SQS retries only those and dead-letters them after the last try.
        fn.live.addEventSource(
          new eventSources.SqsEventSource(this.stateful.queues[trigger.queue], {
            batchSize: 5,
            reportBatchItemFailures: true,
          }),
        );
        return;
      case 'websocket':
        if (!live) throw new Error('unreachable: the WebSocket API exists when a websocket trigger does');
        Validations.of(
          live.api.addRoute(trigger.route, {
            integration: new WebSocketLambdaIntegration(`${pascal(name)}Integration`, fn.live),
          }),
        ).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'Browsers cannot send headers on a WebSocket: $connect verifies the staff id token in code, and API ' +
            'Gateway authorizes only at $connect, so the other routes ride on that verified connection',
        });
        return;
    }
  }

  /** SES stores the raw message in the raw-mail bucket, then invokes the function with the receipt. */
  private addMailReceipt(name: string, fn: SanadFunction): void {
    this.receiptRules ??= new ses.ReceiptRuleSet(this.stack, 'MailReceipt');
    this.receiptRules.addRule(`${pascal(name)}Rule`, {
      recipients: this.mailRecipients,
      scanEnabled: true,
      tlsPolicy: ses.TlsPolicy.REQUIRE,
      actions: [
        new sesActions.S3({ bucket: this.stateful.buckets.rawMail, objectKeyPrefix: RAW_MAIL_PREFIX }),
        new sesActions.Lambda({
          function: fn.live,
          invocationType: sesActions.LambdaInvocationType.EVENT,
        }),
      ],
    });
    fn.function.addEnvironment('RAW_MAIL_PREFIX', RAW_MAIL_PREFIX);
  }
}
