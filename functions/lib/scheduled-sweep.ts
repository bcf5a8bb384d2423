import { Metrics } from '@aws-lambda-powertools/metrics';
import type { MetricUnit } from '@aws-lambda-powertools/metrics/types';
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { observability } from './observability.ts';

// Loaded at start, unlike elsewhere (outbox-alerts.ts): a sweep publishes its figures at every run.
const metrics = new Metrics({ namespace: 'Sanad', serviceName: 'sanad' });

/** A run's figures by metric name, each with its unit, in the order they are published. */
export type SweepFigures = Record<string, readonly [MetricUnit, number]>;

/**
 * A scheduled function running one sweep (every minute; a timer in `npm start`): its result is logged and its
 * figures published as metrics at once, for the dashboards and alarms.
 */
export const scheduledSweep = <Result>(
  sweep: (context: Context) => Promise<Result>,
  log: (result: Result) => void,
  figures: (result: Result) => SweepFigures,
) =>
  middy<ScheduledEvent, Result>()
    .use(observability())
    .handler(async (_event, context) => {
      const result = await sweep(context);
      log(result);
      for (const [name, [unit, value]] of Object.entries(figures(result)))
        metrics.addMetric(name, unit, value);
      metrics.publishStoredMetrics();
      return result;
    });
