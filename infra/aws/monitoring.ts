import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { ESCALATION_LAG_METRIC, METRICS_NAMESPACE, SERVICE_NAME, TEXT_BUDGET_METRIC } from './names.ts';
import type { SanadFunction } from './sanad-function.ts';

/** An escalation that runs this late (seconds after the ticket fell due) means the schedule is falling behind. */
export const ESCALATION_LAG_THRESHOLD_SECONDS = 300;

const FIVE_MINUTES = Duration.minutes(5);

function alarmWhenAtLeastOne(scope: Construct, id: string, metric: cloudwatch.IMetric, description: string) {
  return new cloudwatch.Alarm(scope, id, {
    alarmDescription: description,
    metric,
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

/** Any error or throttle of a function within five minutes raises an alarm. */
export function monitorFunction(fn: SanadFunction, alarms: sns.ITopic): void {
  const action = new cloudwatchActions.SnsAction(alarms);
  const path = fn.node.id;
  alarmWhenAtLeastOne(
    fn,
    'Errors',
    fn.function.metricErrors({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
    `${path} failed: see its log group`,
  ).addAlarmAction(action);
  alarmWhenAtLeastOne(
    fn,
    'Throttles',
    fn.function.metricThrottles({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
    `${path} was throttled: the account's concurrency is exhausted`,
  ).addAlarmAction(action);
}

/**
 * The escalation function publishes `EscalationLagSeconds` (namespace `Sanad`, Powertools' default `service`
 * dimension) for each ticket it escalates. No data means nothing was due, which is fine.
 */
export function monitorEscalationLag(scope: Construct, alarms: sns.ITopic): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, 'EscalationLag', {
    alarmDescription: `Escalations run more than ${ESCALATION_LAG_THRESHOLD_SECONDS} s after tickets fall due`,
    metric: new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: ESCALATION_LAG_METRIC,
      dimensionsMap: { service: SERVICE_NAME },
      statistic: cloudwatch.Stats.MAXIMUM,
      period: FIVE_MINUTES,
    }),
    threshold: ESCALATION_LAG_THRESHOLD_SECONDS,
    evaluationPeriods: 2,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new cloudwatchActions.SnsAction(alarms));
  return alarm;
}

/**
 * Automatic texts to numbers nobody confirmed stopped for the day: someone may be aiming the forms at strangers'
 * phones, or the budget is too small for a busy day.
 */
export function monitorTextBudget(scope: Construct, alarms: sns.ITopic): cloudwatch.Alarm {
  const alarm = alarmWhenAtLeastOne(
    scope,
    'UnconfirmedTextBudget',
    new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: TEXT_BUDGET_METRIC,
      dimensionsMap: { service: SERVICE_NAME },
      statistic: cloudwatch.Stats.SUM,
      period: FIVE_MINUTES,
    }),
    "The day's budget of automatic texts to unconfirmed numbers is spent; further ones are skipped",
  );
  alarm.addAlarmAction(new cloudwatchActions.SnsAction(alarms));
  return alarm;
}
