import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { sweepEscalations } from '../../shared/use-cases/escalate-tickets.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { escalationPart, notificationsPart, staffNoticesPart } from '../lib/dependency-parts.ts';
import { logger } from '../lib/observability.ts';
import { scheduledSweep } from '../lib/scheduled-sweep.ts';
import { lambdaDependencies } from '../platform/aws.ts';

/** A run stops taking due tickets this long before its timeout, to record its result and metrics. */
export const SWEEP_STOP_MARGIN_MS = 10_000;

/** The scheduled escalation sweep (every minute); `npm start` runs the same logic on a timer. */
export const createEscalationSweepHandler = (getDeps: () => AppDependencies) =>
  scheduledSweep(
    (context) =>
      sweepEscalations(getDeps(), {
        shouldStop: () => context.getRemainingTimeInMillis() < SWEEP_STOP_MARGIN_MS,
      }),
    (result) => logger.info('Escalation sweep', { ...result }),
    (result) => ({
      EscalationLagSeconds: [MetricUnit.Seconds, result.lagSeconds],
      SlaWarnings: [MetricUnit.Count, result.warnings],
      SlaBreaches: [MetricUnit.Count, result.breaches],
      SlaFurtherEscalations: [MetricUnit.Count, result.furtherEscalations],
    }),
  );

export const handler = createEscalationSweepHandler(
  lambdaDependencies(escalationPart, notificationsPart, staffNoticesPart),
);
