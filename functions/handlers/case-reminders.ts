import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { sendCaseReminders } from '../../shared/use-cases/case-reminders.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { caseStepParts } from '../lib/dependency-parts.ts';
import { logger } from '../lib/observability.ts';
import { scheduledSweep } from '../lib/scheduled-sweep.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';

/** The scheduled reminders of support cases (every minute, beside the escalation sweep; a timer in `npm start`). */
export const createCaseRemindersHandler = (getDeps: () => AppDependencies) =>
  scheduledSweep(
    () => sendCaseReminders(getDeps()),
    (result) => {
      if (result.failed > 0) logger.error('Case reminders failed for some cases', { ...result });
      else logger.info('Case reminders', { ...result });
    },
    (result) => ({
      CaseRemindersSent: [MetricUnit.Count, result.remindersSent],
      CasesClosedIncomplete: [MetricUnit.Count, result.casesClosed],
      CaseReminderFailures: [MetricUnit.Count, result.failed],
    }),
  );

export const handler = createCaseRemindersHandler(lambdaDependencies(awsSenders, ...caseStepParts));
