import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OptOutStore } from '../../shared/ports/opt-outs.ts';
import type { OutboxAlerts, OutboxStore, TextBudget } from '../../shared/ports/outbox.ts';
import { OptOutRepository } from '../adapters/dynamodb/opt-out-repository.ts';
import { DynamoTextBudget, OutboxRepository } from '../adapters/dynamodb/outbox-repository.ts';
import { logger } from './observability.ts';

const metrics = new Metrics({ namespace: 'Sanad', serviceName: 'sanad' });

/** The metric the budget alarm watches (infra/aws), raised once a day at most, when the budget runs out. */
export const BUDGET_EXHAUSTED_METRIC = 'UnconfirmedTextBudgetExhausted';

/** Automatic texts to unconfirmed numbers a day, society-wide, unless UNCONFIRMED_TEXTS_PER_DAY says otherwise. */
export function unconfirmedTextsPerDay(): number {
  const value = Number(process.env.UNCONFIRMED_TEXTS_PER_DAY);
  return Number.isInteger(value) && value >= 0 && process.env.UNCONFIRMED_TEXTS_PER_DAY ? value : 500;
}

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

export interface AutomaticMessageAdapters {
  optOuts: OptOutStore;
  outbox: OutboxStore;
  textBudget: TextBudget;
  outboxAlerts: OutboxAlerts;
  unconfirmedTextsPerDay: number;
}

/** What every runtime (Lambda, `npm start`, tests) gives the outbound paths: one place to build it. */
export function automaticMessageAdapters(
  db: DynamoDBDocumentClient,
  tableName: string,
  perDay = unconfirmedTextsPerDay(),
): AutomaticMessageAdapters {
  return {
    optOuts: new OptOutRepository(db, tableName),
    outbox: new OutboxRepository(db, tableName),
    textBudget: new DynamoTextBudget(db, tableName),
    outboxAlerts,
    unconfirmedTextsPerDay: perDay,
  };
}
