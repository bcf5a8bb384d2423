import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { type DrainResult, drainOutbox } from '../../shared/use-cases/automatic-messages.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { optOutsPart, outboxPart, surveysPart } from '../lib/dependency-parts.ts';
import { logger, observability } from '../lib/observability.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';

/**
 * Every minute (a timer and once at start in `npm start`): sends the automatic messages a crash left recorded
 * but not done. A message whose attempt is still live is left to it until its lease runs out.
 */
export const createOutboxDrainHandler = (getDeps: () => AppDependencies) =>
  middy<ScheduledEvent, DrainResult>()
    .use(observability())
    .handler(async () => {
      const result = await drainOutbox(getDeps());
      if (result.attempted > 0) logger.info('Outbox drained', { ...result });
      if (result.failed > 0) logger.error('Outbox messages failed to send; they stay pending', { ...result });
      return result;
    });

export const handler = createOutboxDrainHandler(
  lambdaDependencies(awsSenders, optOutsPart, outboxPart, surveysPart),
);
