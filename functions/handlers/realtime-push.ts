import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { pushTicketChange } from '../../shared/use-cases/live-fanout.ts';
import { logger, observability } from '../lib/observability.ts';
import { type RealtimeDependencies, realtimeDependencies } from '../lib/realtime-dependencies.ts';
import { ticketChangedSchema } from '../lib/ticket-changed.ts';
import { onLambda } from '../platform/aws.ts';
import { awsLivePusher } from '../platform/aws-live.ts';

/**
 * Subscribed to the ticketEvents topic: each "ticket changed" is posted to the inboxes of staff who may see the
 * ticket's queue. A message that is not a ticket change fails the invocation, so SNS retries and dead-letters it.
 */
export const createRealtimePushHandler = (getDeps: () => RealtimeDependencies) =>
  middy<SNSEvent, void>()
    .use(observability())
    .handler(async (event) => {
      const deps = getDeps();
      for (const record of event.Records) {
        const change = ticketChangedSchema.parse(JSON.parse(record.Sns.Message));
        const sent = await pushTicketChange(deps, change);
        logger.info('Ticket change pushed', { ticketId: change.ticketId, kind: change.kind, sent });
      }
    });

export const handler = createRealtimePushHandler(onLambda(realtimeDependencies, awsLivePusher));
