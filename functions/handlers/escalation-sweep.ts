import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import type { StaffNotifier } from '../../shared/ports/staff-notifier.ts';
import { type SweepResult, sweepEscalations } from '../../shared/use-cases/escalate-tickets.ts';
import { SnsStaffNotifier } from '../adapters/aws/sns-staff-notifier.ts';
import { dueBucketPartition } from '../adapters/dynamodb/keys.ts';
import { type AppDependencies, awsDependencies, requiredEnv } from '../lib/dependencies.ts';
import { logger } from '../lib/observability.ts';

const metrics = new Metrics({ namespace: 'Sanad', serviceName: 'sanad' });

/** The scheduled escalation sweep (every minute); `npm start` runs the same logic on a timer. */
export const createEscalationSweepHandler = (
  getDeps: () => AppDependencies,
  getNotifier: () => StaffNotifier,
) =>
  middy<ScheduledEvent, SweepResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async () => {
      const deps = getDeps();
      const result = await sweepEscalations({
        ...deps,
        sla: deps.sla,
        notifier: getNotifier(),
        bucketOf: dueBucketPartition,
      });
      logger.info('Escalation sweep', { ...result });
      metrics.addMetric('EscalationLagSeconds', MetricUnit.Seconds, result.lagSeconds);
      metrics.addMetric('SlaWarnings', MetricUnit.Count, result.warnings);
      metrics.addMetric('SlaBreaches', MetricUnit.Count, result.breaches);
      metrics.addMetric('SlaFurtherEscalations', MetricUnit.Count, result.furtherEscalations);
      metrics.publishStoredMetrics();
      return result;
    });

let notifier: StaffNotifier | undefined;
export const handler = createEscalationSweepHandler(awsDependencies, () => {
  notifier ??= new SnsStaffNotifier(requiredEnv('STAFF_NOTIFICATIONS_TOPIC_ARN'));
  return notifier;
});
