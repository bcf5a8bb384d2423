import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { type SweepResult, sweepEscalations } from '../../shared/use-cases/escalate-tickets.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { escalationPart, notificationsPart, staffNoticesPart } from '../lib/dependency-parts.ts';
import { logger, observability } from '../lib/observability.ts';
import { lambdaDependencies } from '../platform/aws.ts';

const metrics = new Metrics({ namespace: 'Sanad', serviceName: 'sanad' });

/** A run stops taking due tickets this long before its timeout, to record its result and metrics. */
export const SWEEP_STOP_MARGIN_MS = 10_000;

/** The scheduled escalation sweep (every minute); `npm start` runs the same logic on a timer. */
export const createEscalationSweepHandler = (getDeps: () => AppDependencies) =>
  middy<ScheduledEvent, SweepResult>()
    .use(observability())
    .handler(async (_event, context) => {
      const deps = getDeps();
      const result = await sweepEscalations(deps, {
        shouldStop: () => context.getRemainingTimeInMillis() < SWEEP_STOP_MARGIN_MS,
      });
      logger.info('Escalation sweep', { ...result });
      metrics.addMetric('EscalationLagSeconds', MetricUnit.Seconds, result.lagSeconds);
      metrics.addMetric('SlaWarnings', MetricUnit.Count, result.warnings);
      metrics.addMetric('SlaBreaches', MetricUnit.Count, result.breaches);
      metrics.addMetric('SlaFurtherEscalations', MetricUnit.Count, result.furtherEscalations);
      metrics.publishStoredMetrics();
      return result;
    });

export const handler = createEscalationSweepHandler(
  lambdaDependencies(escalationPart, notificationsPart, staffNoticesPart),
);
