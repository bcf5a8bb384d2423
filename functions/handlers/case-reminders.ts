import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { type ReminderSweepResult, sendCaseReminders } from '../../shared/use-cases/case-reminders.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { caseStepParts } from '../lib/dependency-parts.ts';
import { logger, observability } from '../lib/observability.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';

const metrics = new Metrics({ namespace: 'Sanad', serviceName: 'sanad' });

/** The scheduled reminders of support cases (every minute, beside the escalation sweep; a timer in `npm start`). */
export const createCaseRemindersHandler = (getDeps: () => AppDependencies) =>
  middy<ScheduledEvent, ReminderSweepResult>()
    .use(observability())
    .handler(async () => {
      const result = await sendCaseReminders(getDeps());
      if (result.failed > 0) logger.error('Case reminders failed for some cases', { ...result });
      else logger.info('Case reminders', { ...result });
      metrics.addMetric('CaseRemindersSent', MetricUnit.Count, result.remindersSent);
      metrics.addMetric('CasesClosedIncomplete', MetricUnit.Count, result.casesClosed);
      metrics.addMetric('CaseReminderFailures', MetricUnit.Count, result.failed);
      metrics.publishStoredMetrics();
      return result;
    });

export const handler = createCaseRemindersHandler(lambdaDependencies(awsSenders, ...caseStepParts));
