import type { Context, SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { SearchIndexRepository } from '../../functions/adapters/dynamodb/search-index-repository.ts';
import { createSearchIndexerHandler } from '../../functions/handlers/search-indexer.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { ticketIdsMatching } from '../../shared/use-cases/search-index.ts';
import { anInboundContact } from '../support/factories.ts';
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

const notification = (message: string): SNSEvent => ({
  Records: [
    {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:me-south-1:123456789012:ticket-events:7f3c',
      Sns: {
        Type: 'Notification',
        MessageId: 'c9f3a1d2-1b7e-5f0a-9c61-0e6a3f1d2b44',
        TopicArn: 'arn:aws:sns:me-south-1:123456789012:ticket-events',
        Subject: '',
        Message: message,
        Timestamp: '2026-11-25T09:00:00.000Z',
        SignatureVersion: '1',
        Signature: 'EXAMPLE',
        SigningCertUrl: 'https://sns.me-south-1.amazonaws.com/SimpleNotificationService.pem',
        UnsubscribeUrl: 'https://sns.me-south-1.amazonaws.com/?Action=Unsubscribe',
        MessageAttributes: {},
      },
    },
  ],
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
    await handler(notification(JSON.stringify(change)), context);
    await handler(notification(JSON.stringify(change)), context);
    expect(await ticketIdsMatching(searchIndex, 'البلوي فاتوره')).toEqual([result.ticketId]);
  });

  it('fails on a message that is not a ticket change, so SNS retries and dead-letters it', async () => {
    const handler = createSearchIndexerHandler(() => ({ searchIndex, tickets: test.store }));
    await expect(
      handler(notification('not json'), { functionName: 'search-indexer', awsRequestId: 't' } as Context),
    ).rejects.toThrow();
  });
});
