import { describe, expect, it } from 'vitest';
import { receiveEmail } from '../../shared/use-cases/receive-email.ts';
import { useEmailIntake } from '../support/email-intake.ts';

const intake = useEmailIntake();
const { aMail, receive, lastOutboxMail } = intake;
/** Each case writes from an address of its own. */
const _senders = 0;

describe('email authenticity and bounces (on dynalite)', () => {
  it('quarantines mail failing DMARC: raw kept, listed for supervisors, no ticket, no answer', async () => {
    const forged = aMail('beneficiary.q@gmail.com', { rawRef: 'inbound/forged-1' });
    const receipt = await receiveEmail(intake.deps, {
      ...forged,
      authentication: { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL', dmarcPolicy: 'none' },
    });

    expect(receipt).toMatchObject({ outcome: 'quarantined' });
    const page = await intake.deps.quarantine.listQuarantined({ limit: 10 });
    expect(page.items.find((item) => item.from === 'beneficiary.q@gmail.com')).toMatchObject({
      rawRef: 'inbound/forged-1',
      reason: 'dmarc_fail',
      subject: 'طلب مساعدة في سداد الإيجار',
      authentication: { dmarc: 'FAIL', dmarcPolicy: 'none' },
    });
    const known = await intake.t.store.lookupInbound('email', forged.inbound.providerMessageId, [
      { kind: 'email', value: 'beneficiary.q@gmail.com' },
    ]);
    expect(known.guard).toBeUndefined();
    expect(known.contactIdsByIdentity.size).toBe(0);
    expect(intake.outbox.list('email').some((entry) => entry.to === 'beneficiary.q@gmail.com')).toBe(false);
  });

  it('lists a quarantined mail’s sender and subject without direction controls', async () => {
    const forged = aMail('beneficiary.rlo@gmail.com');
    await receiveEmail(intake.deps, {
      ...forged,
      inbound: { ...forged.inbound, displayName: '\u202Egnp.exe', subject: 'فاتورة \u202Efdp.exe' },
      authentication: { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL', dmarcPolicy: 'none' },
    });

    const page = await intake.deps.quarantine.listQuarantined({ limit: 10 });
    expect(page.items.find((item) => item.from === 'beneficiary.rlo@gmail.com')).toMatchObject({
      displayName: 'gnp.exe',
      subject: 'فاتورة fdp.exe',
    });
  });

  it('marks verified senders verified and unverified ones claimed, flagged and unthreaded', async () => {
    const verified = await receive(aMail('verified.sender@example.org'));
    const contact = await intake.t.store.getContact(verified.contactId ?? '');
    expect(contact?.identities[0]).toMatchObject({ assurance: 'verified' });
    expect((await intake.t.store.getTicket(verified.ticketId))?.tags).not.toContain('sender_not_verified');

    const gray = await receive({
      ...aMail('gray.sender@example.org', {
        subject: `Re: [#${verified.reference}]`,
        threading: { inReplyTo: '<whatever@example.org>' },
      }),
      authentication: { spf: 'PASS', spfDomain: 'bulk-sender.example', dkim: 'GRAY', dmarc: 'GRAY' },
    });
    expect(gray.outcome).toBe('created');
    expect(gray.ticketId).not.toBe(verified.ticketId);
    expect((await intake.t.store.getTicket(gray.ticketId))?.tags).toContain('sender_not_verified');
    const grayContact = await intake.t.store.getContact(gray.contactId ?? '');
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
    const receipt = await receiveEmail(intake.deps, {
      ...bounceMail,
      authentication: {},
      bounce: {
        originalMessageIds: [ack?.messageId ?? ''],
        certain: true,
        action: 'failed',
        reason: 'Bounced: smtp; 550 5.1.1 User unknown',
      },
    });

    expect(receipt).toEqual({ outcome: 'bounce', matched: true, ticketId: opened.ticketId });
    const thread = await intake.t.store.getTicketWithThread(opened.ticketId);
    expect(thread?.messages).toHaveLength(2);
    expect(thread?.messages.find((message) => message.direction === 'outbound')).toMatchObject({
      deliveryStatus: 'failed',
      failureReason: 'Bounced: smtp; 550 5.1.1 User unknown',
    });
    const daemon = await intake.t.store.lookupInbound('email', bounceMail.inbound.providerMessageId, [
      { kind: 'email', value: 'mailer-daemon@mx.example.net' },
    ]);
    expect(daemon.guard).toBeUndefined();
    expect(daemon.contactIdsByIdentity.size).toBe(0);
  });

  it('keeps as mail what only its sender makes a bounce when it names no mail of ours', async () => {
    const receipt = await receiveEmail(intake.deps, {
      ...aMail('postmaster@example.org', { subject: 'About your mail server' }),
      authentication: {},
      bounce: {
        originalMessageIds: ['<not-ours-2@elsewhere.example>'],
        certain: false,
        action: 'failed',
        reason: 'Bounced',
      },
    });
    expect(receipt).toMatchObject({ outcome: 'created' });
  });
});
