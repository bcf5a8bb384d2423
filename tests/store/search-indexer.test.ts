import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { SearchIndexRepository } from '../../functions/adapters/dynamodb/search-index-repository.ts';
import { createSearchIndexerHandler } from '../../functions/handlers/search-indexer.ts';
import type { SearchIndexStore } from '../../shared/ports/search-index.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { indexTicketForSearch, ticketIdsMatching } from '../../shared/use-cases/search-index.ts';
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

  it('indexes a ticket whose message holds one endless word (a pasted link), leaving only that word out', async () => {
    const result = await ingestContact(
      test.deps,
      anInboundContact({
        displayName: 'هديل العمري',
        subject: 'رابط التسجيل',
        text: `الرابط ${'a'.repeat(2100)} لا يعمل`,
      }),
    );
    const change = test.published.find((published) => published.ticketId === result.ticketId);
    const handler = createSearchIndexerHandler(() => ({ searchIndex, tickets: test.store }));
    const context = { functionName: 'search-indexer', awsRequestId: 'test' } as Context;
    await handler(anSnsEvent(JSON.stringify(change), 'ticket-events'), context);
    expect((await ticketIdsMatching(searchIndex, 'العمري يعمل', { limit: 10 })).ticketIds).toEqual([
      result.ticketId,
    ]);
  });

  it('finds a beneficiary named سلام or رجاء by name, though no message or subject is indexed under its greeting', async () => {
    const deps = { searchIndex, tickets: test.store };
    const index = async (displayName: string) => {
      const opened = await ingestContact(
        test.deps,
        anInboundContact({
          displayName,
          // As a text's subject is its first line.
          subject: 'السلام عليكم',
          text: 'السلام عليكم، أرجو مساعدتي في الإيجار',
        }),
      );
      const created = test.published.find(
        (change) => change.ticketId === opened.ticketId && change.kind === 'created',
      );
      if (!created) throw new Error('no created change');
      await indexTicketForSearch(deps, created);
      return opened.ticketId;
    };
    const salam = await index('سلام العنزي');
    const rajaa = await index('رجاء القحطاني');
    const greetedOnly = await index('منيرة الدوسري');
    const found = async (text: string) =>
      (await ticketIdsMatching(searchIndex, text, { limit: 50 })).ticketIds;
    expect(await found('سلام')).toContain(salam);
    expect(await found('سلام')).not.toContain(greetedOnly);
    expect(await found('رجاء القحطاني')).toEqual([rajaa]);
    expect(await found('الإيجار')).toEqual(expect.arrayContaining([salam, rajaa, greetedOnly]));
  });

  it('indexes only what a change adds: a follow-up its own words, a status change nothing', async () => {
    const deps = { searchIndex, tickets: test.store };
    const first = anInboundContact({
      displayName: 'هيفاء الشمري',
      subject: 'ترميم المنزل',
      text: 'سقف الغرفة متصدع',
    });
    const opened = await ingestContact(test.deps, first);
    const changeOf = (kind: string) =>
      test.published.filter((change) => change.ticketId === opened.ticketId && change.kind === kind).at(-1);
    const created = changeOf('created');
    if (!created) throw new Error('no created change');
    expect(created.messageIds).toEqual([opened.messageId]);
    expect(created.contactId).toBe(opened.contactId);
    // The change names the contact, so it is read with the ticket and its message, not after them.
    const contactReads = vi.spyOn(test.store, 'getContact');
    // Name, subject and the first message: هيفاء شمري ترميم منزل سقف غرفه متصدع.
    expect(await indexTicketForSearch(deps, created)).toBe(7);
    expect(contactReads).not.toHaveBeenCalled();
    contactReads.mockRestore();

    const followUp = await ingestContact(
      test.deps,
      anInboundContact({ identities: first.identities, text: 'والمطبخ ايضا يحتاج صيانة' }),
    );
    expect(followUp.outcome).toBe('appended');
    const message = changeOf('message');
    if (!message) throw new Error('no message change');
    // Only the new message's words: the thread and the name are not written again.
    expect(await indexTicketForSearch(deps, message)).toBe(4);

    const updated = { ...created, kind: 'updated' as const, messageIds: undefined };
    expect(await indexTicketForSearch(deps, updated)).toBe(0);
    await test.store.updateTicket(opened.ticketId, (ticket) => ({
      ...ticket,
      subject: 'ترميم المطبخ والسقف',
    }));
    // The subject's new word only (مطبخ and سقف are already there from the messages, but not as the header's).
    expect(await indexTicketForSearch(deps, updated)).toBe(2);
    expect(await indexTicketForSearch(deps, updated)).toBe(0);

    for (const words of ['الشمري متصدع', 'المطبخ صيانة', 'ترميم السقف']) {
      expect((await ticketIdsMatching(searchIndex, words, { limit: 10 })).ticketIds).toEqual([
        opened.ticketId,
      ]);
    }
  });

  it('records new subject words only once they are written, so a change retried after a failed write writes them', async () => {
    const opened = await ingestContact(
      test.deps,
      anInboundContact({ displayName: 'مريم', subject: 'سلة غذائية', text: 'نحتاج سلة هذا الشهر' }),
    );
    const created = test.published.find((change) => change.ticketId === opened.ticketId);
    if (!created) throw new Error('no created change');
    await indexTicketForSearch({ searchIndex, tickets: test.store }, created);
    await test.store.updateTicket(opened.ticketId, (ticket) => ({ ...ticket, subject: 'سلة رمضانية' }));
    const updated = { ...created, kind: 'updated' as const, messageIds: undefined };
    // A batch partly processed before it failed: whatever it carried of the record is written, its words are not.
    const failingOnce: SearchIndexStore = {
      ticketIdsFor: (...args) => searchIndex.ticketIdsFor(...args),
      indexedUnder: (...args) => searchIndex.indexedUnder(...args),
      indexedHeader: (ticketId) => searchIndex.indexedHeader(ticketId),
      putTokens: async (ticket, _tokens, header) => {
        if (header) await searchIndex.putTokens(ticket, [], header);
        throw new Error('BatchWrite kept returning unprocessed items');
      },
    };
    await expect(
      indexTicketForSearch({ searchIndex: failingOnce, tickets: test.store }, updated),
    ).rejects.toThrow();
    expect(await indexTicketForSearch({ searchIndex, tickets: test.store }, updated)).toBe(1);
    expect((await ticketIdsMatching(searchIndex, 'رمضانيه', { limit: 10 })).ticketIds).toEqual([
      opened.ticketId,
    ]);
  });

  it('reads the whole thread for a change that does not name its messages (published by an earlier version)', async () => {
    const deps = { searchIndex, tickets: test.store };
    const opened = await ingestContact(
      test.deps,
      anInboundContact({ displayName: 'سلمى', subject: 'استفسار', text: 'موعد الزيارة الميدانية' }),
    );
    const created = test.published.find((change) => change.ticketId === opened.ticketId);
    if (!created) throw new Error('no created change');
    const { messageIds: _named, ...unnamed } = created;
    expect(await indexTicketForSearch(deps, { ...unnamed, kind: 'message' })).toBeGreaterThan(0);
    expect((await ticketIdsMatching(searchIndex, 'الزياره الميدانيه', { limit: 10 })).ticketIds).toEqual([
      opened.ticketId,
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
