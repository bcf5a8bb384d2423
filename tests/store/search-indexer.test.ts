import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { SearchIndexRepository } from '../../functions/adapters/dynamodb/search-index-repository.ts';
import { createSearchIndexerHandler } from '../../functions/handlers/search-indexer.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { ticketIdsMatching } from '../../shared/use-cases/search-index.ts';
import { anInboundContact } from '../support/factories.ts';
import { anSnsEvent } from '../support/sns.ts';
import { startTestStore, type TestStore } from '../support/store.ts';

let test: TestStore;
let searchIndex: SearchIndexRepository;
beforeAll(async () => {
  test = await startTestStore();
  searchIndex = new SearchIndexRepository(createDocumentClient(test.dynamo.clientConfig), 'sanad-test');
});
afterAll(async () => {
  await test.dynamo.close();
});

describe('the search indexer (ticketEvents subscriber)', () => {
  it('indexes a new ticket by the contact’s name and the subject, idempotently', async () => {
    const result = await ingestContact(
      test.deps,
      anInboundContact({ displayName: 'نوال البلوي', subject: 'سداد فاتورة الكهرباء' }),
    );
    const change = test.published.find((published) => published.ticketId === result.ticketId);
    const handler = createSearchIndexerHandler(() => ({ searchIndex, tickets: test.store }));
    const context = { functionName: 'search-indexer', awsRequestId: 'test' } as Context;
    await handler(anSnsEvent(JSON.stringify(change), 'ticket-events'), context);
    await handler(anSnsEvent(JSON.stringify(change), 'ticket-events'), context);
    expect((await ticketIdsMatching(searchIndex, 'البلوي فاتوره', { limit: 10 })).ticketIds).toEqual([
      result.ticketId,
    ]);
  });

  it('fails on a message that is not a ticket change, so SNS retries and dead-letters it', async () => {
    const handler = createSearchIndexerHandler(() => ({ searchIndex, tickets: test.store }));
    await expect(
      handler(anSnsEvent('not json', 'ticket-events'), {
        functionName: 'search-indexer',
        awsRequestId: 't',
      } as Context),
    ).rejects.toThrow();
  });
});
