import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { OutboxAlerts } from '../../shared/ports/outbox.ts';
import { logger } from './observability.ts';
import { runtimeRequire } from './runtime-require.ts';

/** The metric the budget alarm watches (infra/aws), raised once a day at most, when the budget runs out. */
export const BUDGET_EXHAUSTED_METRIC = 'UnconfirmedTextBudgetExhausted';

/** Automatic texts to unconfirmed numbers a day, society-wide, unless UNCONFIRMED_TEXTS_PER_DAY says otherwise. */
export const DEFAULT_UNCONFIRMED_TEXTS_PER_DAY = 500;

let metrics: Metrics | undefined;

/**
 * Powertools Metrics, required at the first alert: every function can raise one, few ever do, and loading it at
 * start cost each function's cold start several milliseconds.
 */
function alertMetrics(): Metrics {
  if (!metrics) {
    const { Metrics } = runtimeRequire(
      '@aws-lambda-powertools/metrics',
    ) as typeof import('@aws-lambda-powertools/metrics');
    metrics = new Metrics({ namespace: 'Sanad', serviceName: 'sanad' });
  }
  return metrics;
}

/** A log error (for people reading logs) and a metric (for the alarm), flushed at once. */
export const outboxAlerts: OutboxAlerts = {
  budgetExhausted(day, max) {
    logger.error('Daily budget of automatic texts to unconfirmed numbers reached; further ones are skipped', {
      day,
      max,
    });
    const metrics = alertMetrics();
    metrics.addMetric(BUDGET_EXHAUSTED_METRIC, 'Count', 1);
    metrics.publishStoredMetrics();
  },
};
