import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { describe, expect, it } from 'vitest';
import { parseEmail, UnprocessableEmailError } from '../../../functions/channels/email/parse.ts';
import { FolderObjectStore } from '../../../infra/local/folder-object-store.ts';
import { fixture, parse, receivedAt } from '../../support/email-parsing.ts';

describe('parsing received mail: message ids, threading and auto-reply signals', () => {
  it('knows a mail whose Message-ID is too long to key by its bytes, and threads on no such id', async () => {
    const long = `<${'x'.repeat(3_000)}@example.com>`;
    const raw = await new MailComposer({
      from: 'a@example.com',
      to: 'support@sanad.org.sa',
      text: 'x',
      messageId: long,
      inReplyTo: long,
      references: [long, '<short@example.com>'],
    })
      .compile()
      .build();
    const { inbound } = await parse(raw);
    expect(inbound.providerMessageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(inbound.threading).toMatchObject({
      messageId: undefined,
      inReplyTo: undefined,
      references: ['<short@example.com>'],
    });
  });
  it('reads In-Reply-To, References and the reference token in the subject', async () => {
    const raw = fixture('gmail-reply-en.eml')
      .toString('utf8')
      .replaceAll('{IN_REPLY_TO}', 'ack-1@sanad.org.sa')
      .replaceAll('{REFERENCE}', 'SND-2026-000123');
    const { inbound } = await parse(Buffer.from(raw));
    expect(inbound.threading).toEqual({
      messageId: '<CAF3p2+RzZ9o0kT1cN8bYIr5n4Mx0tK3eF6sV7uH8iG9jL1mN2x@mail.gmail.com>',
      inReplyTo: '<ack-1@sanad.org.sa>',
      references: [
        '<CAF3p2+Qx8vZ1kT0bN7aYHq4m3Lw9sJ2dE5rU6tG7hF8iK9jL0w@mail.gmail.com>',
        '<ack-1@sanad.org.sa>',
      ],
      reference: 'SND-2026-000123',
    });
  });

  it('uses a hash of the raw mail as its id when it has no Message-ID', async () => {
    const raw = Buffer.from('From: a@example.com\r\nSubject: hi\r\n\r\nbody\r\n');
    const first = await parse(raw);
    expect(first.inbound.providerMessageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await parse(raw)).inbound.providerMessageId).toBe(first.inbound.providerMessageId);
  });

  it('keys a mail on its Message-ID together with its sender', async () => {
    const mail = fixture('gmail-utf8-base64.eml').toString('utf8');
    const original = await parse(Buffer.from(mail));
    const resent = await parse(Buffer.from(mail.replace('\nDate:', '\nX-Resent: yes\nDate:')));
    const reused = await parse(
      Buffer.from(mail.replace('Umm.Khalid.1985@Gmail.com', 'stranger@example.com')),
    );

    expect(resent.inbound.providerMessageId).toBe(original.inbound.providerMessageId);
    expect(reused.inbound.providerMessageId).not.toBe(original.inbound.providerMessageId);
    expect(reused.inbound.threading?.messageId).toBe(original.inbound.threading?.messageId);
  });

  it('reads Reply-To, X-Autorespond and the subject for the auto-reply rules', async () => {
    const raw = Buffer.from(
      'From: Office PC <office@example.com>\r\nReply-To: Salem <Salem.Home@Example.com>\r\n' +
        'X-Autorespond: yes\r\nSubject: Out of Office\r\nMessage-ID: <ooo-1@example.com>\r\n\r\naway\r\n',
    );
    const { signals } = await parse(raw);
    expect(signals).toMatchObject({
      from: 'office@example.com',
      replyTo: 'salem.home@example.com',
      xAutorespond: 'yes',
      subject: 'Out of Office',
    });
  });
});

describe('parsing received mail: the sender, or a refusal', () => {
  it('takes the sender from Sender, then the envelope, when From names no one', async () => {
    const body = 'To: support@sanad.local\r\nSubject: x\r\nMessage-ID: <s1@example.org>\r\n\r\nنص\r\n';
    const withSender = (from: string) =>
      Buffer.from(`${from}Sender: Office Scanner <scanner@office.example.org>\r\n${body}`);
    for (const raw of [withSender(''), withSender('From: undisclosed-recipients:;\r\n')]) {
      const { inbound, signals } = await parseEmail(
        { raw, receivedAt, rawRef: 'inbound/test.eml', envelopeFrom: 'bounces@relay.example.net' },
        new FolderObjectStore(),
      );
      expect(signals.from).toBe('scanner@office.example.org');
      expect(inbound.identities[0]?.value).toBe('scanner@office.example.org');
      expect(inbound.displayName).toBe('Office Scanner');
    }
    const { signals } = await parseEmail(
      {
        raw: Buffer.from(body),
        receivedAt,
        rawRef: 'inbound/test.eml',
        envelopeFrom: 'Umm.Saad@Example.org',
      },
      new FolderObjectStore(),
    );
    expect(signals.from).toBe('umm.saad@example.org');
    // A bounce's empty path (or none) names no one: the mail is dead-lettered, its raw kept.
    for (const envelopeFrom of ['', '<>', undefined]) {
      await expect(
        parseEmail(
          { raw: Buffer.from(body), receivedAt, rawRef: 'r', envelopeFrom },
          new FolderObjectStore(),
        ),
      ).rejects.toEqual(new UnprocessableEmailError('no_sender'));
    }
  });

  it('refuses malformed MIME with no sender, with a reason', async () => {
    await expect(parse(fixture('malformed.eml'))).rejects.toEqual(new UnprocessableEmailError('no_sender'));
    await expect(parse(Buffer.from('  \r\n'))).rejects.toEqual(new UnprocessableEmailError('empty'));
  });
});
