import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { indexTicketForSearch, type SearchIndexDeps } from '../../shared/use-cases/search-index.ts';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { SearchIndexRepository } from '../adapters/dynamodb/search-index-repository.ts';
import { TicketRepository } from '../adapters/dynamodb/ticket-repository.ts';
import { requiredEnv } from '../lib/dependencies.ts';
import { logger } from '../lib/observability.ts';
import { ticketChangedSchema } from '../lib/ticket-changed.ts';

let deps: SearchIndexDeps | undefined;
function awsSearchIndexDeps(): SearchIndexDeps {
  if (deps) return deps;
  const db = createDocumentClient();
  deps = {
    searchIndex: new SearchIndexRepository(db, requiredEnv('TABLE_NAME')),
    tickets: new TicketRepository(db, requiredEnv('TABLE_NAME')),
  };
  return deps;
}

/** Subscribed to ticketEvents: keeps the word index of names and subjects that staff search by. */
export const createSearchIndexerHandler = (getDeps: () => SearchIndexDeps) =>
  middy<SNSEvent, void>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      for (const record of event.Records) {
        const change = ticketChangedSchema.parse(JSON.parse(record.Sns.Message));
        const words = await indexTicketForSearch(getDeps(), change);
        logger.info('Ticket indexed for search', { ticketId: change.ticketId, words });
      }
    });

export const handler = createSearchIndexerHandler(awsSearchIndexDeps);
