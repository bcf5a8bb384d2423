import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoAcknowledgementLedger } from '../../functions/adapters/dynamodb/email-repository.ts';
import { ulidGenerator } from '../../functions/adapters/ids.ts';
import { FolderObjectStore } from '../../infra/local/folder-object-store.ts';
import { LocalOutbox } from '../../infra/local/outbox.ts';
import { OutboxEmailSender } from '../../infra/local/outbox-email-sender.ts';
import { LOCAL_MAIL_IDENTITY } from '../../infra/local/runtime.ts';
import type { InboundContact } from '../../shared/domain/inbound-contact.ts';
import { findReference } from '../../shared/domain/reference.ts';
import {
  type ReceivedEmail,
  type ReceiveEmailDeps,
  receiveEmail,
} from '../../shared/use-cases/receive-email.ts';
import { startTestStore, type TestStore } from '../support/store.ts';

let t: TestStore;
let deps: ReceiveEmailDeps;
let outbox: LocalOutbox;
let sequence = 0;

beforeAll(async () => {
  t = await startTestStore();
  outbox = new LocalOutbox(ulidGenerator());
  deps = {
    ...t.deps,
    store: t.store,
    acknowledgements: new DynamoAcknowledgementLedger(
      createDocumentClient(t.dynamo.clientConfig),
      'sanad-test',
    ),
    sender: new OutboxEmailSender(LOCAL_MAIL_IDENTITY, new FolderObjectStore(), outbox),
  };
});
afterAll(async () => {
  await t.dynamo.close();
});

/** A received mail from `from`, as the parser would give it; override what the test is about. */
function aMail(
  from: string,
  overrides: Partial<InboundContact> = {},
  signals: Partial<ReceivedEmail['signals']> = {},
) {
  sequence += 1;
  const messageId = `<msg-${Date.now()}-${sequence}@mail.example.com>`;
  return {
    inbound: {
      channel: 'email',
      providerMessageId: messageId,
      identities: [{ kind: 'email', value: from }],
      displayName: 'أم خالد',
      subject: 'طلب مساعدة في سداد الإيجار',
      text: 'السلام عليكم، أرجو مساعدتي في سداد الإيجار',
      attachments: [],
      receivedAt: new Date().toISOString(),
      ...overrides,
      // As the parser does: the ids it names and the token in its subject.
      threading: { messageId, reference: findReference(overrides.subject ?? ''), ...overrides.threading },
    },
    signals: { from, returnPath: `<${from}>`, ...signals },
    verdict: { spam: false },
  } satisfies ReceivedEmail;
}

const lastOutboxMail = async (to: string) => {
  const entry = outbox
    .list('email')
    .filter((candidate) => candidate.to === to)
    .at(-1);
  return entry ? simpleParser(entry.payload) : undefined;
};

describe('receiving email (on dynalite)', () => {
  it('opens a ticket and acknowledges it once, Arabic first, with the reference, as automatic mail', async () => {
    const mail = aMail('first.sender@example.com');
    const receipt = await receiveEmail(deps, mail);

    expect(receipt).toMatchObject({ outcome: 'created', acknowledgement: 'sent' });
    const ack = await lastOutboxMail('first.sender@example.com');
    expect(ack?.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack?.subject).toContain(`[#${receipt.reference}]`);
    expect(ack?.inReplyTo).toBe(mail.inbound.providerMessageId);
    const text = ack?.text ?? '';
    expect(text.indexOf('شكراً لتواصلك')).toBeLessThan(text.indexOf('Thank you for contacting'));
    expect(text).toContain(receipt.reference);
    const thread = await t.store.getTicketWithThread(receipt.ticketId);
    expect(thread?.messages.map((message) => [message.direction, message.deliveryStatus ?? null])).toEqual([
      ['inbound', null],
      ['outbound', 'sent'],
    ]);
    expect(thread?.messages[1]?.providerMessageId).toBe(ack?.messageId);
  });

  it('threads a reply through In-Reply-To to the acknowledgement we sent, even from another address', async () => {
    const opened = await receiveEmail(deps, aMail('mother@example.com'));
    const ack = await lastOutboxMail('mother@example.com');
    const reply = aMail('son.of.mother@example.com', {
      subject: 'Re: something',
      threading: { inReplyTo: ack?.messageId, references: [ack?.messageId ?? ''] },
    });
    const receipt = await receiveEmail(deps, reply);

    expect(receipt).toMatchObject({
      outcome: 'appended',
      ticketId: opened.ticketId,
      acknowledgement: 'not_new_ticket',
    });
    // The son is his own contact: his address is not linked to his mother's.
    expect(receipt.contactId).not.toBe(opened.contactId);
    const mother = await t.store.getContact(opened.contactId ?? '');
    expect(mother?.identities).toEqual([{ kind: 'email', value: 'mother@example.com' }]);
    const son = await t.store.getContact(receipt.contactId ?? '');
    expect(son?.identities).toEqual([{ kind: 'email', value: 'son.of.mother@example.com' }]);
    const lookup = await t.store.lookupInbound('email', 'none', [
      { kind: 'email', value: 'son.of.mother@example.com' },
    ]);
    expect([...lookup.contactIdsByIdentity.values()]).toEqual([receipt.contactId]);
    const thread = await t.store.getTicketWithThread(opened.ticketId);
    expect(thread?.messages.at(-1)).toMatchObject({ direction: 'inbound', authorId: receipt.contactId });
  });

  it("threads a reply through References naming the beneficiary's own first mail", async () => {
    const first = aMail('cc.thread@example.com');
    const opened = await receiveEmail(deps, first);
    const relative = aMail('cousin@example.com', {
      threading: { references: ['<unknown@elsewhere.example>', first.inbound.providerMessageId] },
    });
    expect(await receiveEmail(deps, relative)).toMatchObject({
      outcome: 'appended',
      ticketId: opened.ticketId,
    });
  });

  it('prefers the mail a reply answers (In-Reply-To) over older ones its References name', async () => {
    const older = aMail('two.threads@example.com');
    const olderTicket = await receiveEmail(deps, older);
    await t.store.updateTicket(olderTicket.ticketId, (ticket) => ({ ...ticket, status: 'closed' }));
    const newer = aMail('two.threads@example.com');
    const newerTicket = await receiveEmail(deps, newer);
    const reply = aMail('two.threads@example.com', {
      threading: {
        inReplyTo: newer.inbound.providerMessageId,
        references: [newer.inbound.providerMessageId, older.inbound.providerMessageId],
      },
    });
    await t.store.updateTicket(newerTicket.ticketId, (ticket) => ({ ...ticket, status: 'resolved' }));

    expect(await receiveEmail(deps, reply)).toMatchObject({
      outcome: 'appended',
      ticketId: newerTicket.ticketId,
    });
  });

  it('threads through the reference token in the subject, reopening the resolved ticket', async () => {
    const opened = await receiveEmail(deps, aMail('token.user@example.com'));
    await t.store.updateTicket(opened.ticketId, (ticket) => ({ ...ticket, status: 'resolved' }));
    const receipt = await receiveEmail(
      deps,
      aMail('token.user@example.com', { subject: `Re: تحديث [#${opened.reference}]` }),
    );

    expect(receipt).toMatchObject({ outcome: 'appended', ticketId: opened.ticketId });
    expect((await t.store.getTicket(opened.ticketId))?.status).toBe('open');
  });

  it("does not let a reference token join someone else's ticket", async () => {
    const victim = await receiveEmail(deps, aMail('victim@example.com'));
    const receipt = await receiveEmail(
      deps,
      aMail('stranger@example.com', { subject: `[#${victim.reference}]` }),
    );
    expect(receipt.outcome).toBe('created');
    expect(receipt.ticketId).not.toBe(victim.ticketId);
  });

  it('makes one message of the same Message-ID delivered three times', async () => {
    const mail = aMail('retry@example.com');
    const outcomes = [];
    for (let attempt = 0; attempt < 3; attempt++) outcomes.push(await receiveEmail(deps, mail));

    expect(outcomes.map((receipt) => receipt.outcome)).toEqual(['created', 'duplicate', 'duplicate']);
    const thread = await t.store.getTicketWithThread(outcomes[0]?.ticketId ?? '');
    expect(thread?.messages.filter((message) => message.direction === 'inbound')).toHaveLength(1);
    expect(outbox.list('email').filter((entry) => entry.to === 'retry@example.com')).toHaveLength(1);
  });

  it('acknowledges a sender at most once in 24 hours', async () => {
    const from = 'frequent@example.com';
    t.setNow(new Date('2026-11-22T08:00:00Z'));
    const first = await receiveEmail(deps, aMail(from));
    await t.store.updateTicket(first.ticketId, (ticket) => ({ ...ticket, status: 'closed' }));
    t.setNow(new Date('2026-11-23T07:59:00Z'));
    const second = await receiveEmail(deps, aMail(from));
    await t.store.updateTicket(second.ticketId, (ticket) => ({ ...ticket, status: 'closed' }));
    t.setNow(new Date('2026-11-23T08:01:00Z'));
    const third = await receiveEmail(deps, aMail(from));
    t.setNow(new Date());

    expect([first, second, third].map((receipt) => [receipt.outcome, receipt.acknowledgement])).toEqual([
      ['created', 'sent'],
      ['created', 'throttled'],
      ['created', 'sent'],
    ]);
  });

  it('gives two concurrent first mails from one sender a single acknowledgement', async () => {
    const ledger = deps.acknowledgements;
    const at = new Date('2026-11-24T10:00:00Z');
    const claims = await Promise.all([1, 2, 3].map(() => ledger.claim('race@example.com', at, 86_400_000)));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('tags spam and does not acknowledge it', async () => {
    const receipt = await receiveEmail(deps, { ...aMail('spammer@example.com'), verdict: { spam: true } });
    expect(receipt).toMatchObject({ outcome: 'created', acknowledgement: 'spam' });
    expect((await t.store.getTicket(receipt.ticketId))?.tags).toContain('spam');
    expect(outbox.list('email').some((entry) => entry.to === 'spammer@example.com')).toBe(false);
  });

  it.each([
    ['an auto-reply', { autoSubmitted: 'auto-replied' }, 'auto_submitted'],
    ['a bounce', { returnPath: '<>', contentType: 'multipart/report' }, 'bounce'],
    ['a newsletter', { precedence: 'bulk', listId: 'News <news.example.com>' }, 'bulk_precedence'],
  ])('keeps %s as a ticket but never answers it', async (_case, signals, reason) => {
    const from = `auto-${sequence}@example.com`;
    const receipt = await receiveEmail(deps, aMail(from, {}, signals));
    expect(receipt).toMatchObject({ outcome: 'created', acknowledgement: reason });
    expect(outbox.list('email').some((entry) => entry.to === from)).toBe(false);
  });
});
