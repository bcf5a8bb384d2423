import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { offerSurvey, type SurveyOfferDeps } from '../../shared/use-cases/satisfaction-survey.ts';
import {
  type AcknowledgeDeps,
  recordSupportRequestAcknowledgement,
} from '../../shared/use-cases/submit-support-request.ts';
import { supportRequestParts } from '../lib/dependency-parts.ts';
import { logger, observability } from '../lib/observability.ts';
import { ticketChangedSchema } from '../lib/ticket-changed.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';

/**
 * Subscribed to ticketEvents, the automatic messages a ticket change calls for: a new support request's
 * acknowledgement is recorded in the outbox (derived from the created ticket, so an intake that died before
 * recording it is acknowledged by the drain within a minute) and, when a ticket is done, its one survey is sent. Messages (including these) are skipped without
 * a read; a store failure throws, so the event is retried, and each message's outbox item keeps a retry from
 * sending it twice.
 */
export const createSurveySenderHandler = (getDeps: () => SurveyOfferDeps & AcknowledgeDeps) =>
  middy<SNSEvent, void>()
    .use(observability())
    .handler(async (event) => {
      for (const record of event.Records) {
        const change = ticketChangedSchema.parse(JSON.parse(record.Sns.Message));
        // A created ticket that opens no case needs no acknowledgement: its ticket is not read.
        if (change.kind === 'created' && change.opensCase !== false) {
          await recordSupportRequestAcknowledgement(getDeps(), change.ticketId);
        }
        if (change.kind !== 'updated') continue;
        const outcome = await offerSurvey(getDeps(), change.ticketId);
        if (outcome !== 'not_due') logger.info('Satisfaction survey', { ticketId: change.ticketId, outcome });
      }
    });

export const handler = createSurveySenderHandler(lambdaDependencies(awsSenders, ...supportRequestParts));
