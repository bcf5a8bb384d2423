import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { OutboxAlerts } from '../../shared/ports/outbox.ts';
import { logger } from './observability.ts';

const metrics = new Metrics({ namespace: 'Sanad', serviceName: 'sanad' });

/** The metric the budget alarm watches (infra/aws), raised once a day at most, when the budget runs out. */
export const BUDGET_EXHAUSTED_METRIC = 'UnconfirmedTextBudgetExhausted';

/** Automatic texts to unconfirmed numbers a day, society-wide, unless UNCONFIRMED_TEXTS_PER_DAY says otherwise. */
export const DEFAULT_UNCONFIRMED_TEXTS_PER_DAY = 500;

/** A log error (for people reading logs) and a metric (for the alarm), flushed at once. */
export const outboxAlerts: OutboxAlerts = {
  budgetExhausted(day, max) {
    logger.error('Daily budget of automatic texts to unconfirmed numbers reached; further ones are skipped', {
      day,
      max,
    });
    metrics.addMetric(BUDGET_EXHAUSTED_METRIC, MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
  },
};
