import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, NoSuchKey, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import type { FolderDeadLetters } from '../../../infra/local/folder-dead-letters.ts';
import {
  anSesEvent,
  FIXTURES,
  gmailMail,
  gmailVariant,
  RAW_KEY,
  useSesInbound,
} from '../../support/ses-inbound.ts';

const inbound = useSesInbound();
const { s3, ses, storedRawMail, ticketIdOf, invoke } = inbound;

describe('the SES receipt handler (Lambda action after the S3 action)', () => {
  it('reads the raw mail SES stored, opens a ticket and acknowledges it through SES', async () => {
    storedRawMail(RAW_KEY, gmailMail);
    const [outcome] = await invoke(anSesEvent());

    expect(outcome).toMatchObject({ outcome: 'created', acknowledgement: 'sent' });
    const ticketId = ticketIdOf(outcome);
    const thread = await inbound.store.getTicketWithThread(ticketId);
    expect(thread?.ticket.subject).toBe('طلب مساعدة في سداد الإيجار');
    expect(thread?.messages[0]).toMatchObject({
      direction: 'inbound',
      subject: 'طلب مساعدة في سداد الإيجار',
    });
    expect(thread?.messages[1]).toMatchObject({
      direction: 'outbound',
      deliveryStatus: 'sent',
      providerMessageId: '<0102019a8b7c6d5e-ack-000000@eu-west-1.amazonses.com>',
    });
    const ack = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(ack?.Content?.Simple?.Headers).toContainEqual({ Name: 'Auto-Submitted', Value: 'auto-replied' });
    expect(ack?.Destination?.ToAddresses).toEqual(['umm.khalid.1985@gmail.com']);
  });

  it('threads a reply to the acknowledgement by the Message-ID SES gave it', async () => {
    const reply = Buffer.from(
      readFileSync(join(FIXTURES, 'gmail-reply-en.eml'), 'utf8')
        .replaceAll('{IN_REPLY_TO}', '0102019a8b7c6d5e-ack-000000@eu-west-1.amazonses.com')
        .replaceAll('{REFERENCE}', 'SND-0000-000000'),
    );
    storedRawMail('inbound/reply-1', reply);
    const [outcome] = await invoke(anSesEvent({ messageId: 'reply-1' }));
    expect(outcome).toMatchObject({ outcome: 'appended', acknowledgement: 'not_new_ticket' });
  });

  it('rejects mail with a virus verdict: not parsed, no ticket, nothing stored, nothing sent', async () => {
    storedRawMail('inbound/virus-1', gmailMail);
    const [outcome] = await invoke(anSesEvent({ messageId: 'virus-1', virus: 'FAIL' }));

    expect(outcome).toEqual({ outcome: 'rejected', reason: 'virus' });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('tags mail with a spam verdict and does not acknowledge it', async () => {
    const spam = Buffer.from(
      gmailMail
        .toString('utf8')
        .replace('<CAF3p2+Qx8', '<spam-1-Qx8')
        .replace('Umm.Khalid.1985', 'spam.sender'),
    );
    storedRawMail('inbound/spam-1', spam);
    const [outcome] = await invoke(anSesEvent({ messageId: 'spam-1', spam: 'FAIL' }));

    expect(outcome).toMatchObject({ outcome: 'created', acknowledgement: 'spam' });
    const ticketId = ticketIdOf(outcome);
    expect((await inbound.store.getTicket(ticketId))?.tags).toContain('spam');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('dead-letters a mail naming no sender, pointing at the raw copy SES kept', async () => {
    storedRawMail('inbound/broken-1', readFileSync(join(FIXTURES, 'malformed.eml')));
    // No header at all, and the empty envelope sender of a mail system's notice.
    const [outcome] = await invoke(anSesEvent({ messageId: 'broken-1', source: '' }));

    expect(outcome).toEqual({ outcome: 'dead_lettered', reason: 'no_sender' });
    const letters = (inbound.deps.deadLetters as FolderDeadLetters).letters;
    expect(letters).toHaveLength(1);
    expect(JSON.parse(letters[0]?.payload ?? '{}')).toMatchObject({ rawRef: 'inbound/broken-1' });
  });

  it('dead-letters the SES record itself when the raw mail is not in the bucket', async () => {
    s3.on(GetObjectCommand).rejects(
      new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }),
    );
    const [outcome] = await invoke(anSesEvent({ messageId: 'lost-1' }));

    expect(outcome).toEqual({ outcome: 'dead_lettered', reason: 'raw_mail_missing' });
    const letter = (inbound.deps.deadLetters as FolderDeadLetters).letters[0];
    expect(JSON.parse(letter?.payload ?? '{}')).toMatchObject({ ses: { mail: { messageId: 'lost-1' } } });
  });
});

describe('the SES receipt handler and bounces', () => {
  it('marks the bounced acknowledgement failed by the original headers in the DSN and opens no ticket', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: '0102019a8b7c6d5e-ack-bounced' });
    storedRawMail('inbound/to-bounce', gmailVariant('to-bounce', 'typo@gmail.example'));
    const [opened] = await invoke(anSesEvent({ messageId: 'to-bounce', dmarc: 'GRAY' }));
    expect(opened).toMatchObject({ outcome: 'created', acknowledgement: 'sent' });

    const dsn = readFileSync(join(FIXTURES, 'bounce-dsn-with-headers.eml'), 'utf8').replace(
      '{ORIGINAL_MESSAGE_ID}',
      '0102019a8b7c6d5e-ack-bounced@eu-west-1.amazonses.com',
    );
    storedRawMail('inbound/dsn-1', Buffer.from(dsn));
    const [outcome] = await invoke(
      anSesEvent({ messageId: 'dsn-1', source: '', dmarc: 'GRAY', spf: 'GRAY', dkim: 'GRAY' }),
    );

    expect(outcome).toEqual({ outcome: 'bounce', matched: true, ticketId: ticketIdOf(opened) });
    const thread = await inbound.store.getTicketWithThread(ticketIdOf(opened));
    expect(thread?.messages).toHaveLength(2);
    expect(thread?.messages[1]).toMatchObject({
      direction: 'outbound',
      deliveryStatus: 'failed',
      failureReason: 'Bounced: smtp; 550 5.1.1 User unknown',
    });
    const daemon = await inbound.store.lookupInbound('email', 'none', [
      { kind: 'email', value: 'mailer-daemon@mx.example.net' },
    ]);
    expect(daemon.contactIdsByIdentity.size).toBe(0);
  });

  it('opens no ticket for a bounce of mail it does not know (the fixture DSN names none)', async () => {
    storedRawMail('inbound/dsn-2', readFileSync(join(FIXTURES, 'bounce-dsn.eml')));
    const [outcome] = await invoke(anSesEvent({ messageId: 'dsn-2', source: '', dmarc: 'GRAY' }));
    expect(outcome).toEqual({ outcome: 'bounce', matched: false });
  });
});
