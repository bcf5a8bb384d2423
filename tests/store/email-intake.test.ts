import { describe, expect, it, vi } from 'vitest';
import type { OutboxRepository } from '../../functions/adapters/dynamodb/outbox-repository.ts';
import type { InboundContact } from '../../shared/domain/inbound-contact.ts';
import { DEFAULT_SOCIETY_PROFILE } from '../../shared/domain/society-profile.ts';
import { deliverAutomatic } from '../../shared/use-cases/automatic-messages.ts';
import { type ReceivedEmail, receiveEmail } from '../../shared/use-cases/receive-email.ts';
import { useEmailIntake } from '../support/email-intake.ts';
import { outboxPorts } from '../support/store.ts';

const intake = useEmailIntake();
const { aMail, receive, lastOutboxMail } = intake;
/** Each case writes from an address of its own. */
let senders = 0;

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
    // Signed with the society profile's name (the default until an admin saves one), not a name in code.
    expect(text).toContain(`شكراً لتواصلك مع ${DEFAULT_SOCIETY_PROFILE.nameAr}.`);
    const thread = await intake.t.store.getTicketWithThread(receipt.ticketId);
    expect(thread?.messages.map((message) => [message.direction, message.deliveryStatus ?? null])).toEqual([
      ['inbound', null],
      ['outbound', 'sent'],
    ]);
    expect(thread?.messages[1]?.providerMessageId).toBe(ack?.messageId);
  });

  it('asks the sender to send a file too large to keep again smaller, unless the mail must not be answered', async () => {
    const tooLarge = {
      name: 'عقد الإيجار.pdf',
      contentType: 'application/pdf',
      size: 30 * 1024 * 1024,
      objectKey: '',
      state: 'failed' as const,
      failureReason: 'Larger than the 25 MB limit; kept only in the raw mail',
    };
    const outbox = intake.deps.outbox as OutboxRepository;
    const noteOf = (receipt: { ticketId: string; messageId: string }) =>
      `${receipt.ticketId}#file-not-received#${receipt.messageId}`;

    const mail = aMail('big.file@example.com', { attachments: [tooLarge] });
    const answered = await receive(mail);
    expect((await outbox.statusesOf([noteOf(answered)])).get(noteOf(answered))).toMatchObject({
      status: 'pending',
    });
    const attempt = await outbox.claimAttempt(
      noteOf(answered),
      new Date(),
      new Date(Date.now() + 60_000),
      false,
    );
    expect(attempt?.message).toMatchObject({
      kind: 'file_not_received',
      address: { channel: 'email', to: 'big.file@example.com' },
      text: expect.stringContaining('«عقد الإيجار.pdf»'),
      // Whichever attempt sends it threads it on the mail that carried the file.
      inReplyTo: mail.inbound.providerMessageId,
      references: [mail.inbound.providerMessageId],
    });

    const outOfOffice = await receive(
      aMail('away@example.com', { attachments: [tooLarge] }, { autoSubmitted: 'auto-replied' }),
    );
    expect((await outbox.statusesOf([noteOf(outOfOffice)])).size).toBe(0);
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
    const mother = await intake.t.store.getContact(opened.contactId ?? '');
    expect(mother?.identities).toEqual([
      { kind: 'email', value: 'mother@example.com', assurance: 'verified' },
    ]);
    const son = await intake.t.store.getContact(receipt.contactId ?? '');
    expect(son?.identities).toEqual([
      { kind: 'email', value: 'son.of.mother@example.com', assurance: 'verified' },
    ]);
    const lookup = await intake.t.store.lookupInbound('email', 'none', [
      { kind: 'email', value: 'son.of.mother@example.com' },
    ]);
    expect([...lookup.contactIdsByIdentity.values()]).toEqual([receipt.contactId]);
    const thread = await intake.t.store.getTicketWithThread(opened.ticketId);
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
    await intake.t.store.updateTicket(olderTicket.ticketId, (ticket) => ({ ...ticket, status: 'closed' }));
    const newer = aMail('two.threads@example.com');
    const newerTicket = await receive(newer);
    const reply = aMail('two.threads@example.com', {
      threading: {
        inReplyTo: newer.inbound.providerMessageId,
        references: [newer.inbound.providerMessageId, older.inbound.providerMessageId],
      },
    });
    await intake.t.store.updateTicket(newerTicket.ticketId, (ticket) => ({ ...ticket, status: 'resolved' }));

    expect(await receive(reply)).toMatchObject({
      outcome: 'appended',
      ticketId: newerTicket.ticketId,
    });
  });

  it('threads through the reference token in the subject, reopening the resolved ticket', async () => {
    const opened = await receive(aMail('token.user@example.com'));
    await intake.t.store.updateTicket(opened.ticketId, (ticket) => ({ ...ticket, status: 'resolved' }));
    const receipt = await receiveEmail(
      intake.deps,
      aMail('token.user@example.com', { subject: `Re: تحديث [#${opened.reference}]` }),
    );

    expect(receipt).toMatchObject({ outcome: 'appended', ticketId: opened.ticketId });
    expect((await intake.t.store.getTicket(opened.ticketId))?.status).toBe('open');
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
    const thread = await intake.t.store.getTicketWithThread(outcomes[0]?.ticketId ?? '');
    expect(thread?.messages.filter((message) => message.direction === 'inbound')).toHaveLength(1);
    expect(intake.outbox.list('email').filter((entry) => entry.to === 'retry@example.com')).toHaveLength(1);
  });

  it.each([
    ['before claiming the acknowledgement', () => vi.spyOn(intake.deps.acknowledgements, 'claim')],
    ['after claiming it, before sending it', () => vi.spyOn(intake.deps.societyProfile, 'getSocietyProfile')],
  ])('acknowledges a redelivered mail whose first delivery died %s, once', async (_when, dies) => {
    const from = `cut-short-${senders++}@example.com`;
    const mail = aMail(from);
    const crash = dies().mockRejectedValueOnce(new Error('process died'));
    await expect(receive(mail)).rejects.toThrow('process died');
    crash.mockRestore();
    expect(intake.outbox.list('email').filter((entry) => entry.to === from)).toHaveLength(0);

    const redelivered = await receive(mail);
    expect(redelivered).toMatchObject({ outcome: 'duplicate', acknowledgement: 'sent' });
    expect((await receive(mail)).acknowledgement).toBe('not_new_ticket');
    expect(intake.outbox.list('email').filter((entry) => entry.to === from)).toHaveLength(1);
  });

  it('acknowledges one mail delivered several times at once (two SMTP connections, SES invoking twice) once', async () => {
    const from = `at-once-${senders++}@example.com`;
    const mail = aMail(from);
    const receipts = await Promise.all([1, 2, 3, 4, 5, 6].map(() => receive(mail)));

    expect(new Set(receipts.map((receipt) => receipt.ticketId)).size).toBe(1);
    expect(receipts.filter((receipt) => receipt.acknowledgement === 'sent')).toHaveLength(1);
    expect(intake.outbox.list('email').filter((entry) => entry.to === from)).toHaveLength(1);
    const thread = await intake.t.store.getTicketWithThread(receipts[0]?.ticketId ?? '');
    expect(thread?.messages.map((message) => message.direction)).toEqual(['inbound', 'outbound']);
  });

  it('leaves an acknowledgement whose sender died after sending it to the drain: one more copy at most, said so, threaded', async () => {
    const from = `died-sending-${senders++}@example.com`;
    const mail = aMail(from);
    const crash = vi.spyOn(intake.deps.store, 'addMessage').mockRejectedValueOnce(new Error('process died'));
    await expect(receive(mail)).rejects.toThrow('process died');
    crash.mockRestore();
    expect(intake.outbox.list('email').filter((entry) => entry.to === from)).toHaveLength(1);

    // The mail redelivered at once does not send it again: the dead attempt's lease still holds the entry.
    const redelivered = await receive(mail);
    expect(redelivered.acknowledgement).toBe('already_acknowledged');
    expect(intake.outbox.list('email').filter((entry) => entry.to === from)).toHaveLength(1);

    // The drain, once the holder is known dead, sends it the one time more and the ticket says it may be a copy.
    const drainDeps = {
      ...intake.deps,
      ...outboxPorts(intake.t.db),
      store: intake.t.store,
      senders: intake.deps.senders,
    };
    await deliverAutomatic(drainDeps, `${redelivered.ticketId}#ack`, true);
    await deliverAutomatic(drainDeps, `${redelivered.ticketId}#ack`, true);
    expect((await receive(mail)).acknowledgement).toBe('not_new_ticket');
    expect(intake.outbox.list('email').filter((entry) => entry.to === from)).toHaveLength(2);
    // Sent by the drain, it still threads on the beneficiary's mail in their mail program.
    const copy = await lastOutboxMail(from);
    expect(copy?.inReplyTo).toBe(mail.inbound.providerMessageId);
    expect(copy?.references).toBe(mail.inbound.providerMessageId);
    const thread = await intake.t.store.getTicketWithThread(redelivered.ticketId);
    expect(thread?.events.map((event) => event.type)).toContain('automatic_message_resent');
  });

  it('acknowledges a sender at most once in 24 hours', async () => {
    const from = 'frequent@example.com';
    intake.t.setNow(new Date('2026-11-22T08:00:00Z'));
    const first = await receive(aMail(from));
    await intake.t.store.updateTicket(first.ticketId, (ticket) => ({ ...ticket, status: 'closed' }));
    intake.t.setNow(new Date('2026-11-23T07:59:00Z'));
    const second = await receive(aMail(from));
    await intake.t.store.updateTicket(second.ticketId, (ticket) => ({ ...ticket, status: 'closed' }));
    intake.t.setNow(new Date('2026-11-23T08:01:00Z'));
    const third = await receive(aMail(from));
    intake.t.setNow(new Date());

    expect([first, second, third].map((receipt) => [receipt.outcome, receipt.acknowledgement])).toEqual([
      ['created', 'sent'],
      ['created', 'throttled'],
      ['created', 'sent'],
    ]);
  });

  it('gives two concurrent first mails from one sender a single acknowledgement', async () => {
    const ledger = intake.deps.acknowledgements;
    const at = new Date('2026-11-24T10:00:00Z');
    const claims = await Promise.all(
      [1, 2, 3].map((n) => ledger.claim('race@example.com', at, 86_400_000, `ticket-${n}`)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('tags spam and does not acknowledge it', async () => {
    const receipt = await receive({ ...aMail('spammer@example.com'), verdict: { spam: true } });
    expect(receipt).toMatchObject({ outcome: 'created', acknowledgement: 'spam' });
    expect((await intake.t.store.getTicket(receipt.ticketId))?.tags).toContain('spam');
    expect(intake.outbox.list('email').some((entry) => entry.to === 'spammer@example.com')).toBe(false);
  });

  it.each([
    ['an auto-reply', { autoSubmitted: 'auto-replied' }, 'auto_submitted'],
    // A real DSN names the mail it returns and opens nothing (below); a notice from the null sender without one
    // is still machine mail.
    ['a null-sender notice', { returnPath: '<>', contentType: 'multipart/report' }, 'bounce'],
    ['a newsletter', { precedence: 'bulk', listId: 'News <news.example.com>' }, 'bulk_precedence'],
  ])('keeps %s as a ticket but never answers it', async (_case, signals, reason) => {
    const from = `auto-${++senders}@example.com`;
    const receipt = await receive(aMail(from, {}, signals));
    expect(receipt).toMatchObject({ outcome: 'created', acknowledgement: reason });
    expect(intake.outbox.list('email').some((entry) => entry.to === from)).toBe(false);
  });

  it('acknowledges to Reply-To when the mail names one', async () => {
    const receipt = await receive(
      aMail('office.pc@example.com', {}, { replyTo: 'umm.salem.personal@example.com' }),
    );
    expect(receipt.acknowledgement).toBe('sent');
    expect(await lastOutboxMail('umm.salem.personal@example.com')).toBeDefined();
    expect(intake.outbox.list('email').some((entry) => entry.to === 'office.pc@example.com')).toBe(false);
  });

  it.each<[string, Partial<ReceivedEmail['signals']>, string]>([
    ['X-Autorespond', { xAutorespond: 'yes' }, 'auto_responder'],
    ['an English out-of-office subject', { subject: 'Out of Office: back on Sunday' }, 'out_of_office'],
    ['an Outlook automatic reply', { subject: 'Automatic reply: طلب مساعدة' }, 'out_of_office'],
    ['an Arabic out-of-office subject', { subject: 'رد تلقائي: خارج المكتب' }, 'out_of_office'],
    ['"خارج المكتب" alone', { subject: 'خارج المكتب حتى الأحد' }, 'out_of_office'],
  ])('records %s as automated: no acknowledgement, tagged', async (_case, signals, reason) => {
    const from = `ooo-${++senders}@example.com`;
    // What the intake is told (it then starts no clock and reopens nothing for machine mail).
    const routed: InboundContact[] = [];
    const receipt = await receiveEmail(
      {
        ...intake.deps,
        router: {
          route: (request) => {
            routed.push(request.inbound);
            return intake.deps.router.route(request);
          },
        },
      },
      aMail(from, signals.subject ? { subject: signals.subject } : {}, signals),
    );
    expect(receipt).toMatchObject({ outcome: 'created', acknowledgement: reason });
    if (!('acknowledgement' in receipt)) throw new Error('no ticket');
    expect(routed[0]?.automated).toBe(true);
    expect((await intake.t.store.getTicket(receipt.ticketId))?.tags).toContain('auto_reply');
    expect(intake.outbox.list('email').some((entry) => entry.to === from)).toBe(false);
  });
});
