import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ESCALATION_LAG_METRIC, METRICS_NAMESPACE, SERVICE_NAME, TEXT_BUDGET_METRIC } from './names.ts';
import type { SanadFunction } from './sanad-function.ts';

/** An escalation that runs this late (seconds after the ticket fell due) means the schedule is falling behind. */
export const ESCALATION_LAG_THRESHOLD_SECONDS = 300;

/** A stream consumer this far behind (ms) shows changes late in reports and search. */
export const ITERATOR_AGE_THRESHOLD_MS = 5 * 60 * 1000;

/** API answers slower than this at p95 (ms) for ten minutes. */
export const API_LATENCY_THRESHOLD_MS = 3000;

/** 5xx answers of the HTTP API in five minutes. */
export const API_5XX_THRESHOLD = 5;

/**
 * SES reviews an account at a 5% bounce or 0.1% complaint rate (ratios, as SES publishes them); these warn before.
 */
export const SES_BOUNCE_RATE_THRESHOLD = 0.04;
export const SES_COMPLAINT_RATE_THRESHOLD = 0.0008;

const FIVE_MINUTES = Duration.minutes(5);

type AlarmRule = Partial<cloudwatch.AlarmProps> & Pick<cloudwatch.AlarmProps, 'alarmDescription' | 'metric'>;

/** An alarm sent to the alarms topic; unless the rule says otherwise, one in one period fires it and no data is fine. */
function alarmTo(alarms: sns.ITopic, scope: Construct, id: string, rule: AlarmRule): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    ...rule,
  });
  alarm.addAlarmAction(new cloudwatchActions.SnsAction(alarms));
  return alarm;
}

/** A metric the functions publish (namespace `Sanad`, Powertools' default `service` dimension). */
function sanadMetric(metricName: string, statistic: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME },
    statistic,
    period: FIVE_MINUTES,
  });
}

/**
 * Any error or throttle of a function within five minutes raises an alarm; an error during a gradual deployment
 * also rolls the function's alias back to the version before. The alarms live in `scope`, a nested stack: two a
 * function would take the main stack past CloudFormation's 500 resources.
 */
export function monitorFunction(scope: Construct, fn: SanadFunction, alarms: sns.ITopic): void {
  const path = fn.node.id;
  const sum = { period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM };
  const errors = alarmTo(alarms, scope, `${path}Errors`, {
    alarmDescription: `${path} failed: see its log group`,
    metric: fn.function.metricErrors(sum),
  });
  fn.deployment?.addAlarm(errors);
  alarmTo(alarms, scope, `${path}Throttles`, {
    alarmDescription: `${path} was throttled: the account's concurrency is exhausted`,
    metric: fn.function.metricThrottles(sum),
  });
}

/**
 * The escalation function publishes `EscalationLagSeconds` for each ticket it escalates. No data means nothing was
 * due, which is fine.
 */
export function monitorEscalationLag(scope: Construct, alarms: sns.ITopic): cloudwatch.Alarm {
  return alarmTo(alarms, scope, 'EscalationLag', {
    alarmDescription: `Escalations run more than ${ESCALATION_LAG_THRESHOLD_SECONDS} s after tickets fall due`,
    metric: sanadMetric(ESCALATION_LAG_METRIC, cloudwatch.Stats.MAXIMUM),
    threshold: ESCALATION_LAG_THRESHOLD_SECONDS,
    evaluationPeriods: 2,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  });
}

/**
 * Automatic texts to numbers nobody confirmed stopped for the day: someone may be aiming the forms at strangers'
 * phones, or the budget is too small for a busy day.
 */
export function monitorTextBudget(scope: Construct, alarms: sns.ITopic): cloudwatch.Alarm {
  return alarmTo(alarms, scope, 'UnconfirmedTextBudget', {
    alarmDescription:
      "The day's budget of automatic texts to unconfirmed numbers is spent; further ones are skipped",
    metric: sanadMetric(TEXT_BUDGET_METRIC, cloudwatch.Stats.SUM),
  });
}

/** The HTTP API answering with server errors, or slowly. */
export function monitorHttpApi(scope: Construct, api: apigwv2.HttpApi, alarms: sns.ITopic): void {
  alarmTo(alarms, scope, 'HttpApi5xx', {
    alarmDescription: `The HTTP API answered ${API_5XX_THRESHOLD} or more 5xx in five minutes`,
    metric: api.metricServerError({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
    threshold: API_5XX_THRESHOLD,
  });
  alarmTo(alarms, scope, 'HttpApiLatency', {
    alarmDescription: `The HTTP API's p95 latency stayed above ${API_LATENCY_THRESHOLD_MS} ms for ten minutes`,
    metric: api.metricLatency({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.p(95) }),
    threshold: API_LATENCY_THRESHOLD_MS,
    evaluationPeriods: 2,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  });
}

/** A stream consumer falling behind the table's changes. */
export function monitorIteratorAge(fn: SanadFunction, alarms: sns.ITopic): cloudwatch.Alarm {
  return alarmTo(alarms, fn, 'IteratorAge', {
    alarmDescription: `${fn.node.id} reads table changes more than ${ITERATOR_AGE_THRESHOLD_MS / 60000} minutes late`,
    metric: fn.function.metric('IteratorAge', { period: FIVE_MINUTES, statistic: cloudwatch.Stats.MAXIMUM }),
    threshold: ITERATOR_AGE_THRESHOLD_MS,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  });
}

/** A scheduled function (the escalation sweep, the outbox drain) that has not run for five minutes. */
export function monitorSchedule(fn: SanadFunction, alarms: sns.ITopic): cloudwatch.Alarm {
  return alarmTo(alarms, fn, 'NotRunning', {
    alarmDescription: `${fn.node.id} has not run for five minutes: its schedule or the function is stuck`,
    metric: fn.function.metricInvocations({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    // No data is exactly the failure this watches for.
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
  });
}

/** Any throttled read or write on the table (on demand: a sudden surge beyond its current capacity). */
export function monitorTable(
  scope: Construct,
  table: dynamodb.ITableV2,
  alarms: sns.ITopic,
): cloudwatch.Alarm {
  const options = { period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM };
  return alarmTo(alarms, scope, 'TableThrottles', {
    alarmDescription: 'The table throttled reads or writes',
    metric: new cloudwatch.MathExpression({
      expression: 'FILL(reads, 0) + FILL(writes, 0)',
      usingMetrics: {
        reads: table.metric('ReadThrottleEvents', options),
        writes: table.metric('WriteThrottleEvents', options),
      },
      period: FIVE_MINUTES,
      label: 'Throttle events',
    }),
  });
}

/** The account's SES reputation nearing the rates at which SES reviews or pauses sending. */
export function monitorMailReputation(scope: Construct, alarms: sns.ITopic): void {
  const rate = (name: string, threshold: number, what: string) =>
    alarmTo(alarms, scope, `Mail${name}Rate`, {
      alarmDescription: `SES ${what} rate reached ${threshold * 100}%: check the addresses and the mail sent`,
      metric: new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName: `Reputation.${name}Rate`,
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.hours(1),
      }),
      threshold,
    });
  rate('Bounce', SES_BOUNCE_RATE_THRESHOLD, 'bounce');
  rate('Complaint', SES_COMPLAINT_RATE_THRESHOLD, 'complaint');
}

export interface DashboardSources {
  api: apigwv2.HttpApi;
  table: dynamodb.ITableV2;
  /** Every function, by registry name. */
  functions: Record<string, SanadFunction>;
  /** The functions the public reaches (forms, webhooks, inbound mail and texts): intake by channel. */
  intake: readonly string[];
  deadLetterQueues: readonly sqs.IQueue[];
}

/** One page for the on-call: intake, SLA breaches, errors, latency, dead letters and what the bill grows with. */
export class OperationsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, sources: DashboardSources) {
    super(scope, id);
    const period = FIVE_MINUTES;
    const sum = { period, statistic: cloudwatch.Stats.SUM };
    const fns = Object.entries(sources.functions);
    const perFunction = (
      metric: (fn: SanadFunction) => cloudwatch.IMetric,
      names: readonly string[] = Object.keys(sources.functions),
    ) => names.flatMap((name) => (sources.functions[name] ? [metric(sources.functions[name])] : []));
    const sanad = (metricName: string) => sanadMetric(metricName, cloudwatch.Stats.SUM);
    const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []) =>
      new cloudwatch.GraphWidget({ title, left, right, width: 12, height: 6 });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(1),
      widgets: [
        [
          graph(
            'Intake by channel (invocations of the public functions)',
            perFunction((fn) => fn.function.metricInvocations({ ...sum, label: fn.node.id }), sources.intake),
          ),
          graph(
            'SLA warnings and breaches',
            ['SlaWarnings', 'SlaBreaches', 'SlaFurtherEscalations'].map(sanad),
            [sanad(ESCALATION_LAG_METRIC).with({ statistic: cloudwatch.Stats.MAXIMUM })],
          ),
        ],
        [
          graph(
            'Errors by function',
            perFunction((fn) => fn.function.metricErrors({ ...sum, label: fn.node.id })),
            [sources.api.metricServerError({ ...sum, label: 'API 5xx' })],
          ),
          graph('Latency', [
            sources.api.metricLatency({ period, statistic: cloudwatch.Stats.p(95), label: 'API p95' }),
            sources.api.metricLatency({ period, statistic: cloudwatch.Stats.p(50), label: 'API p50' }),
          ]),
        ],
        [
          graph(
            'Dead letters waiting',
            sources.deadLetterQueues.map((queue) =>
              queue.metricApproximateNumberOfMessagesVisible({ period, statistic: cloudwatch.Stats.MAXIMUM }),
            ),
          ),
          graph(
            'Cost drivers: requests, function time, table capacity',
            [
              sources.api.metricCount({ ...sum, label: 'API requests' }),
              sources.table.metric('ConsumedReadCapacityUnits', { ...sum, label: 'Read units' }),
              sources.table.metric('ConsumedWriteCapacityUnits', { ...sum, label: 'Write units' }),
            ],
            [
              new cloudwatch.MathExpression({
                expression: 'SUM(METRICS())/1000',
                label: 'Function seconds (all functions)',
                usingMetrics: Object.fromEntries(
                  fns.map(([, fn], index) => [`d${index}`, fn.function.metricDuration(sum)]),
                ),
                period,
              }),
            ],
          ),
        ],
      ],
    });
  }
}
