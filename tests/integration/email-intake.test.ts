import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { DynamoAcknowledgementLedger } from '../../functions/adapters/dynamodb/email-repository.ts';
import { QuarantineRepository } from '../../functions/adapters/dynamodb/quarantine-repository.ts';
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
    quarantine: new QuarantineRepository(createDocumentClient(t.dynamo.clientConfig), 'sanad-test'),
    senders: { email: new OutboxEmailSender(LOCAL_MAIL_IDENTITY, new FolderObjectStore(), outbox) },
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
    // SES found the sender's domain vouching for the mail; the authenticity cases below say otherwise.
    authentication: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
  } satisfies ReceivedEmail;
}

/** A mail that became (or joined) a ticket; anything else fails the test here. */
async function receive(mail: ReceivedEmail) {
  const receipt = await receiveEmail(deps, mail);
  if (!('ticketId' in receipt) || !('acknowledgement' in receipt)) {
    throw new Error(`Expected a ticket message, got ${receipt.outcome}`);
  }
  return receipt;
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
    const receipt = await receive(mail);

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
    const opened = await receive(aMail('mother@example.com'));
    const ack = await lastOutboxMail('mother@example.com');
    const reply = aMail('son.of.mother@example.com', {
      subject: 'Re: something',
      threading: { inReplyTo: ack?.messageId, references: [ack?.messageId ?? ''] },
    });
    const receipt = await receive(reply);

    expect(receipt).toMatchObject({
      outcome: 'appended',
      ticketId: opened.ticketId,
      acknowledgement: 'not_new_ticket',
    });
    // The son is his own contact: his address is not linked to his mother's.
    expect(receipt.contactId).not.toBe(opened.contactId);
    const mother = await t.store.getContact(opened.contactId ?? '');
    expect(mother?.identities).toEqual([
      { kind: 'email', value: 'mother@example.com', assurance: 'verified' },
    ]);
    const son = await t.store.getContact(receipt.contactId ?? '');
    expect(son?.identities).toEqual([
      { kind: 'email', value: 'son.of.mother@example.com', assurance: 'verified' },
    ]);
    const lookup = await t.store.lookupInbound('email', 'none', [
      { kind: 'email', value: 'son.of.mother@example.com' },
    ]);
    expect([...lookup.contactIdsByIdentity.values()]).toEqual([receipt.contactId]);
    const thread = await t.store.getTicketWithThread(opened.ticketId);
    expect(thread?.messages.at(-1)).toMatchObject({ direction: 'inbound', authorId: receipt.contactId });
  });

  it("threads a reply through References naming the beneficiary's own first mail", async () => {
    const first = aMail('cc.thread@example.com');
    const opened = await receive(first);
    const relative = aMail('cousin@example.com', {
      threading: { references: ['<unknown@elsewhere.example>', first.inbound.providerMessageId] },
    });
    expect(await receive(relative)).toMatchObject({
      outcome: 'appended',
      ticketId: opened.ticketId,
    });
  });

  it('prefers the mail a reply answers (In-Reply-To) over older ones its References name', async () => {
    const older = aMail('two.threads@example.com');
    const olderTicket = await receive(older);
    await t.store.updateTicket(olderTicket.ticketId, (ticket) => ({ ...ticket, status: 'closed' }));
    const newer = aMail('two.threads@example.com');
    const newerTicket = await receive(newer);
    const reply = aMail('two.threads@example.com', {
      threading: {
        inReplyTo: newer.inbound.providerMessageId,
        references: [newer.inbound.providerMessageId, older.inbound.providerMessageId],
      },
    });
    await t.store.updateTicket(newerTicket.ticketId, (ticket) => ({ ...ticket, status: 'resolved' }));

    expect(await receive(reply)).toMatchObject({
      outcome: 'appended',
      ticketId: newerTicket.ticketId,
    });
  });

  it('threads through the reference token in the subject, reopening the resolved ticket', async () => {
    const opened = await receive(aMail('token.user@example.com'));
    await t.store.updateTicket(opened.ticketId, (ticket) => ({ ...ticket, status: 'resolved' }));
    const receipt = await receiveEmail(
      deps,
      aMail('token.user@example.com', { subject: `Re: تحديث [#${opened.reference}]` }),
    );

    expect(receipt).toMatchObject({ outcome: 'appended', ticketId: opened.ticketId });
    expect((await t.store.getTicket(opened.ticketId))?.status).toBe('open');
  });

  it("does not let a reference token join someone else's ticket", async () => {
    const victim = await receive(aMail('victim@example.com'));
    const receipt = await receive(aMail('stranger@example.com', { subject: `[#${victim.reference}]` }));
    expect(receipt.outcome).toBe('created');
    expect(receipt.ticketId).not.toBe(victim.ticketId);
  });

  it('makes one message of the same Message-ID delivered three times', async () => {
    const mail = aMail('retry@example.com');
    const outcomes = [];
    for (let attempt = 0; attempt < 3; attempt++) outcomes.push(await receive(mail));

    expect(outcomes.map((receipt) => receipt.outcome)).toEqual(['created', 'duplicate', 'duplicate']);
    const thread = await t.store.getTicketWithThread(outcomes[0]?.ticketId ?? '');
    expect(thread?.messages.filter((message) => message.direction === 'inbound')).toHaveLength(1);
    expect(outbox.list('email').filter((entry) => entry.to === 'retry@example.com')).toHaveLength(1);
  });

  it('acknowledges a sender at most once in 24 hours', async () => {
    const from = 'frequent@example.com';
    t.setNow(new Date('2026-11-22T08:00:00Z'));
    const first = await receive(aMail(from));
    await t.store.updateTicket(first.ticketId, (ticket) => ({ ...ticket, status: 'closed' }));
    t.setNow(new Date('2026-11-23T07:59:00Z'));
    const second = await receive(aMail(from));
    await t.store.updateTicket(second.ticketId, (ticket) => ({ ...ticket, status: 'closed' }));
    t.setNow(new Date('2026-11-23T08:01:00Z'));
    const third = await receive(aMail(from));
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
    const receipt = await receive({ ...aMail('spammer@example.com'), verdict: { spam: true } });
    expect(receipt).toMatchObject({ outcome: 'created', acknowledgement: 'spam' });
    expect((await t.store.getTicket(receipt.ticketId))?.tags).toContain('spam');
    expect(outbox.list('email').some((entry) => entry.to === 'spammer@example.com')).toBe(false);
  });

  it.each([
    ['an auto-reply', { autoSubmitted: 'auto-replied' }, 'auto_submitted'],
    // A real DSN names the mail it returns and opens nothing (below); a notice from the null sender without one
    // is still machine mail.
    ['a null-sender notice', { returnPath: '<>', contentType: 'multipart/report' }, 'bounce'],
    ['a newsletter', { precedence: 'bulk', listId: 'News <news.example.com>' }, 'bulk_precedence'],
  ])('keeps %s as a ticket but never answers it', async (_case, signals, reason) => {
    const from = `auto-${sequence}@example.com`;
    const receipt = await receive(aMail(from, {}, signals));
    expect(receipt).toMatchObject({ outcome: 'created', acknowledgement: reason });
    expect(outbox.list('email').some((entry) => entry.to === from)).toBe(false);
  });

  it('acknowledges to Reply-To when the mail names one', async () => {
    const receipt = await receive(
      aMail('office.pc@example.com', {}, { replyTo: 'umm.salem.personal@example.com' }),
    );
    expect(receipt.acknowledgement).toBe('sent');
    expect(await lastOutboxMail('umm.salem.personal@example.com')).toBeDefined();
    expect(outbox.list('email').some((entry) => entry.to === 'office.pc@example.com')).toBe(false);
  });

  it.each<[string, Partial<ReceivedEmail['signals']>, string]>([
    ['X-Autorespond', { xAutorespond: 'yes' }, 'auto_responder'],
    ['an English out-of-office subject', { subject: 'Out of Office: back on Sunday' }, 'out_of_office'],
    ['an Outlook automatic reply', { subject: 'Automatic reply: طلب مساعدة' }, 'out_of_office'],
    ['an Arabic out-of-office subject', { subject: 'رد تلقائي: خارج المكتب' }, 'out_of_office'],
    ['"خارج المكتب" alone', { subject: 'خارج المكتب حتى الأحد' }, 'out_of_office'],
  ])('records %s as automated: no acknowledgement, tagged', async (_case, signals, reason) => {
    const from = `ooo-${sequence}@example.com`;
    // What the intake is told (it then starts no clock and reopens nothing for machine mail).
    const routed: InboundContact[] = [];
    const receipt = await receiveEmail(
      {
        ...deps,
        router: {
          route: (request) => {
            routed.push(request.inbound);
            return deps.router.route(request);
          },
        },
      },
      aMail(from, signals.subject ? { subject: signals.subject } : {}, signals),
    );
    expect(receipt).toMatchObject({ outcome: 'created', acknowledgement: reason });
    if (!('acknowledgement' in receipt)) throw new Error('no ticket');
    expect(routed[0]?.automated).toBe(true);
    expect((await t.store.getTicket(receipt.ticketId))?.tags).toContain('auto_reply');
    expect(outbox.list('email').some((entry) => entry.to === from)).toBe(false);
  });
});

describe('email authenticity and bounces (on dynalite)', () => {
  it('quarantines mail failing DMARC: raw kept, listed for supervisors, no ticket, no answer', async () => {
    const forged = aMail('beneficiary.q@gmail.com', { rawRef: 'inbound/forged-1' });
    const receipt = await receiveEmail(deps, {
      ...forged,
      authentication: { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL', dmarcPolicy: 'none' },
    });

    expect(receipt).toMatchObject({ outcome: 'quarantined' });
    const page = await deps.quarantine.listQuarantined({ limit: 10 });
    expect(page.items.find((item) => item.from === 'beneficiary.q@gmail.com')).toMatchObject({
      rawRef: 'inbound/forged-1',
      reason: 'dmarc_fail',
      subject: 'طلب مساعدة في سداد الإيجار',
      authentication: { dmarc: 'FAIL', dmarcPolicy: 'none' },
    });
    const known = await t.store.lookupInbound('email', forged.inbound.providerMessageId, [
      { kind: 'email', value: 'beneficiary.q@gmail.com' },
    ]);
    expect(known.guard).toBeUndefined();
    expect(known.contactIdsByIdentity.size).toBe(0);
    expect(outbox.list('email').some((entry) => entry.to === 'beneficiary.q@gmail.com')).toBe(false);
  });

  it('marks verified senders verified and unverified ones claimed, flagged and unthreaded', async () => {
    const verified = await receive(aMail('verified.sender@example.org'));
    const contact = await t.store.getContact(verified.contactId ?? '');
    expect(contact?.identities[0]).toMatchObject({ assurance: 'verified' });
    expect((await t.store.getTicket(verified.ticketId))?.tags).not.toContain('sender_not_verified');

    const gray = await receive({
      ...aMail('gray.sender@example.org', {
        subject: `Re: [#${verified.reference}]`,
        threading: { inReplyTo: '<whatever@example.org>' },
      }),
      authentication: { spf: 'PASS', spfDomain: 'bulk-sender.example', dkim: 'GRAY', dmarc: 'GRAY' },
    });
    expect(gray.outcome).toBe('created');
    expect(gray.ticketId).not.toBe(verified.ticketId);
    expect((await t.store.getTicket(gray.ticketId))?.tags).toContain('sender_not_verified');
    const grayContact = await t.store.getContact(gray.contactId ?? '');
    expect(grayContact?.identities[0]).toMatchObject({ assurance: 'claimed' });
  });

  it('takes a mail whose Message-ID another sender used as a new message, not a duplicate', async () => {
    const original = aMail('first.owner@example.com');
    const reused = aMail('someone.else@example.com', {
      providerMessageId: `${original.inbound.threading.messageId}#other-sender`,
    });
    const first = await receive({
      ...original,
      inbound: { ...original.inbound, providerMessageId: `${original.inbound.threading.messageId}#first` },
    });
    const second = await receive({ ...reused, inbound: { ...reused.inbound, threading: {} } });
    expect([first.outcome, second.outcome]).toEqual(['created', 'created']);
    expect(second.ticketId).not.toBe(first.ticketId);
  });

  it("does not let an unverified mail reusing a beneficiary's Message-ID take over replies that name it", async () => {
    const original = aMail('owner.of.id@example.com');
    const messageId = original.inbound.threading.messageId;
    const opened = await receive({
      ...original,
      inbound: { ...original.inbound, providerMessageId: `${messageId}#a` },
    });
    const stranger = aMail('stranger.reuse@example.net', { providerMessageId: `${messageId}#b` });
    const strangers = await receive({ ...stranger, authentication: {} });
    expect(strangers.outcome).toBe('created');

    // A relative (verified) answers the beneficiary's mail: it joins her ticket, not the stranger's.
    const reply = await receive(
      aMail('relative.of.owner@example.com', {
        threading: { inReplyTo: messageId, references: [messageId] },
      }),
    );
    expect(reply).toMatchObject({ outcome: 'appended', ticketId: opened.ticketId });
  });

  it('marks the bounced acknowledgement failed by its Message-ID and opens no ticket', async () => {
    const opened = await receive(aMail('typo.address@example.com'));
    const ack = await lastOutboxMail('typo.address@example.com');
    const bounceMail = aMail('mailer-daemon@mx.example.net', {
      subject: 'Undelivered Mail Returned to Sender',
    });
    const receipt = await receiveEmail(deps, {
      ...bounceMail,
      authentication: {},
      bounce: { originalMessageIds: [ack?.messageId ?? ''], reason: 'Bounced: smtp; 550 5.1.1 User unknown' },
    });

    expect(receipt).toEqual({ outcome: 'bounce', matched: true, ticketId: opened.ticketId });
    const thread = await t.store.getTicketWithThread(opened.ticketId);
    expect(thread?.messages).toHaveLength(2);
    expect(thread?.messages.find((message) => message.direction === 'outbound')).toMatchObject({
      deliveryStatus: 'failed',
      failureReason: 'Bounced: smtp; 550 5.1.1 User unknown',
    });
    const daemon = await t.store.lookupInbound('email', bounceMail.inbound.providerMessageId, [
      { kind: 'email', value: 'mailer-daemon@mx.example.net' },
    ]);
    expect(daemon.guard).toBeUndefined();
    expect(daemon.contactIdsByIdentity.size).toBe(0);
  });
});
