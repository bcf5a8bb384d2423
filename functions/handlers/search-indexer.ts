import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { indexTicketForSearch, type SearchIndexDeps } from '../../shared/use-cases/search-index.ts';
import { searchIndexerDependencies } from '../lib/dependencies.ts';
import { logger, observability } from '../lib/observability.ts';
import { ticketChangedSchema } from '../lib/ticket-changed.ts';
import { onLambda } from '../platform/aws.ts';

/**
 * Subscribed to ticketEvents: keeps the word index of names, subjects, messages and notes that staff search by. Idempotent (one
 * small item per word and ticket, put again on a retry; nothing accumulates on a shared item), so SNS's retries
 * are harmless; a message that is not a ticket change throws, and the asynchronous invocation's on-failure
 * destination keeps the whole event.
 */
export const createSearchIndexerHandler = (getDeps: () => SearchIndexDeps) =>
  middy<SNSEvent, void>()
    .use(observability())
    .handler(async (event) => {
      for (const record of event.Records) {
        const change = ticketChangedSchema.parse(JSON.parse(record.Sns.Message));
        const words = await indexTicketForSearch(getDeps(), change);
        logger.debug('Ticket indexed for search', { ticketId: change.ticketId, words });
      }
    });

export const handler = createSearchIndexerHandler(onLambda(searchIndexerDependencies));
