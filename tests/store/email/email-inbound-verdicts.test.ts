import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { anSesEvent, gmailVariant, useSesInbound } from '../../support/ses-inbound.ts';

const inbound = useSesInbound();
const { ses, storedRawMail, ticketIdOf, invoke } = inbound;

describe("the SES receipt handler reads SES's SPF, DKIM and DMARC verdicts", () => {
  it('makes a DMARC-passing sender a verified identity', async () => {
    storedRawMail('inbound/pass-1', gmailVariant('pass-1', 'pass.one@gmail.com'));
    const [outcome] = await invoke(anSesEvent({ messageId: 'pass-1' }));

    expect(outcome).toMatchObject({ outcome: 'created', acknowledgement: 'sent' });
    const ticket = await inbound.store.getTicket(ticketIdOf(outcome));
    const contact = await inbound.store.getContact(ticket?.contactId ?? '');
    expect(contact?.identities).toEqual([
      { kind: 'email', value: 'pass.one@gmail.com', assurance: 'verified' },
    ]);
    expect(ticket?.tags).not.toContain('sender_not_verified');
  });

  it("quarantines a forged From failing DMARC: it does not join the beneficiary's ticket", async () => {
    storedRawMail('inbound/real-1', gmailVariant('real-1'));
    const [real] = await invoke(anSesEvent({ messageId: 'real-1' }));
    expect(real).toMatchObject({ outcome: expect.stringMatching(/created|appended/) });
    const before = await inbound.store.getTicketWithThread(ticketIdOf(real));
    const sent = ses.commandCalls(SendEmailCommand).length;

    // The same From (and a reply's headers and the reference), sent from elsewhere: Gmail's DMARC says no.
    const forged = Buffer.from(
      gmailVariant('forged-1')
        .toString('utf8')
        .replace(/^Subject: .*$/m, `Subject: Re: [#${before?.ticket.reference}]`)
        .replace(
          /^Message-ID: (.*)$/m,
          `Message-ID: $1\r\nIn-Reply-To: ${before?.messages[0]?.providerMessageId?.split('#')[0]}`,
        ),
    );
    storedRawMail('inbound/forged-1', forged);
    const [outcome] = await invoke(
      anSesEvent({
        messageId: 'forged-1',
        spf: 'FAIL',
        dkim: 'FAIL',
        dmarc: 'FAIL',
        dmarcPolicy: 'none',
        source: 'bulk@attacker.example',
        authenticationResults: 'spf=fail; dkim=fail; dmarc=fail header.from=gmail.com;',
      }),
    );

    expect(outcome).toMatchObject({ outcome: 'quarantined' });
    const after = await inbound.store.getTicketWithThread(ticketIdOf(real));
    expect(after?.messages).toHaveLength(before?.messages.length ?? -1);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(sent);
    const { items } = await inbound.deps.quarantine.listQuarantined({ limit: 5 });
    expect(items[0]).toMatchObject({
      from: 'umm.khalid.1985@gmail.com',
      rawRef: 'inbound/forged-1',
      authentication: { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL', dmarcPolicy: 'none' },
    });
  });

  it('verifies by aligned SPF when the From domain publishes no DMARC (GRAY)', async () => {
    storedRawMail('inbound/spf-1', gmailVariant('spf-1', 'father@small-charity.example'));
    const [outcome] = await invoke(
      anSesEvent({
        messageId: 'spf-1',
        dmarc: 'GRAY',
        dkim: 'GRAY',
        source: 'bounces@mail.small-charity.example',
        authenticationResults: 'spf=pass; dkim=none; dmarc=none',
      }),
    );
    const ticket = await inbound.store.getTicket(ticketIdOf(outcome));
    const contact = await inbound.store.getContact(ticket?.contactId ?? '');
    expect(contact?.identities[0]).toMatchObject({ assurance: 'verified' });
  });

  it("verifies by aligned DKIM from SES's own Authentication-Results when DMARC is GRAY", async () => {
    storedRawMail('inbound/dkim-1', gmailVariant('dkim-1', 'mother@family.example'));
    const [outcome] = await invoke(
      anSesEvent({
        messageId: 'dkim-1',
        dmarc: 'GRAY',
        spf: 'GRAY',
        authenticationResults: 'spf=none; dkim=pass header.i=@family.example; dmarc=none',
      }),
    );
    const ticket = await inbound.store.getTicket(ticketIdOf(outcome));
    const contact = await inbound.store.getContact(ticket?.contactId ?? '');
    expect(contact?.identities[0]).toMatchObject({ assurance: 'verified' });
  });

  it('opens a flagged ticket of its own for unaligned passes, PROCESSING_FAILED, and a forged results header', async () => {
    const cases: [string, Parameters<typeof anSesEvent>[0]][] = [
      // SPF and DKIM pass, but for the sender's own bulk domain, not the From domain.
      [
        'unaligned-1',
        {
          dmarc: 'GRAY',
          source: 'x@bulk-mailer.example',
          authenticationResults: 'spf=pass; dkim=pass header.d=bulk-mailer.example; dmarc=none',
        },
      ],
      ['failed-1', { dmarc: 'PROCESSING_FAILED', spf: 'PROCESSING_FAILED', dkim: 'PROCESSING_FAILED' }],
    ];
    for (const [tag, changes] of cases) {
      storedRawMail(`inbound/${tag}`, gmailVariant(tag, `${tag}@grey-domain.example`));
      const [outcome] = await invoke(anSesEvent({ messageId: tag, ...changes }));
      expect(outcome).toMatchObject({ outcome: 'created' });
      const ticket = await inbound.store.getTicket(ticketIdOf(outcome));
      expect(ticket?.tags).toContain('sender_not_verified');
      const contact = await inbound.store.getContact(ticket?.contactId ?? '');
      expect(contact?.identities[0]).toMatchObject({ assurance: 'claimed' });
    }

    // The sender's own Authentication-Results (below SES's) claims a DKIM pass for the From domain: ignored.
    const event = anSesEvent({ messageId: 'self-vouched-1', dmarc: 'GRAY', dkim: 'PASS' });
    const mail = event.Records[0]?.ses.mail;
    mail?.headers.push({
      name: 'Authentication-Results',
      value: 'amazonses.com; dkim=pass header.i=@grey-domain.example',
    });
    storedRawMail('inbound/self-vouched-1', gmailVariant('self-vouched-1', 'self@grey-domain.example'));
    const [outcome] = await invoke(event);
    const ticket = await inbound.store.getTicket(ticketIdOf(outcome));
    expect(ticket?.tags).toContain('sender_not_verified');
  });

  it('keeps one message per Message-ID and sender, but a different sender reusing it is not a duplicate', async () => {
    storedRawMail('inbound/dup-1', gmailVariant('dup-1', 'owner@gmail.com'));
    storedRawMail('inbound/dup-2', gmailVariant('dup-1', 'stranger@gmail.com'));
    const [first] = await invoke(anSesEvent({ messageId: 'dup-1' }));
    const [again] = await invoke(anSesEvent({ messageId: 'dup-1' }));
    const [other] = await invoke(anSesEvent({ messageId: 'dup-2' }));

    expect([first?.outcome, again?.outcome, other?.outcome]).toEqual(['created', 'duplicate', 'created']);
    expect(ticketIdOf(other)).not.toBe(ticketIdOf(first));
  });
});
