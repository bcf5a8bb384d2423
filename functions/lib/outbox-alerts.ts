import type { OutboxAlerts } from '../../shared/ports/outbox.ts';
import { sdkOnFirstUse } from '../adapters/aws/sdk-on-first-use.ts';
import { logger } from './observability.ts';

/** The metric the budget alarm watches (infra/aws), raised once a day at most, when the budget runs out. */
export const BUDGET_EXHAUSTED_METRIC = 'UnconfirmedTextBudgetExhausted';

/** Automatic texts to unconfirmed numbers a day, society-wide, unless UNCONFIRMED_TEXTS_PER_DAY says otherwise. */
export const DEFAULT_UNCONFIRMED_TEXTS_PER_DAY = 500;

/**
 * Powertools Metrics, required at the first alert: every function can raise one, few ever do, and loading it at
 * start cost each function's cold start several milliseconds.
 */
const alertMetrics = sdkOnFirstUse(
  '@aws-lambda-powertools/metrics',
  (powertools: typeof import('@aws-lambda-powertools/metrics')) =>
    new powertools.Metrics({ namespace: 'Sanad', serviceName: 'sanad' }),
);

/** A log error (for people reading logs) and a metric (for the alarm), flushed at once. */
export const outboxAlerts: OutboxAlerts = {
  budgetExhausted(day, max) {
    logger.error('Daily budget of automatic texts to unconfirmed numbers reached; further ones are skipped', {
      day,
      max,
    });
    const { client: metrics } = alertMetrics();
    metrics.addMetric(BUDGET_EXHAUSTED_METRIC, 'Count', 1);
    metrics.publishStoredMetrics();
  },
};
