import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import { beforeEach, describe, expect, it } from 'vitest';
import { composeEmail } from '../../../functions/channels/email/compose.ts';
import type { MailIdentity } from '../../../functions/channels/email/outbound-mail.ts';
import { sesMessageIdDomain } from '../../../functions/channels/email/ses-message-ids.ts';
import { asciiAddress, SesEmailSender } from '../../../functions/channels/email/ses-sender.ts';
import { FolderObjectStore } from '../../../infra/local/folder-object-store.ts';
import { type OutboundMessage, RefusedByProviderError } from '../../../shared/ports/outbound.ts';

const identity: MailIdentity = { from: 'جمعية سند <support@sanad.org.sa>', replyTo: 'support@sanad.org.sa' };

function aReply(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    channel: 'email',
    to: 'umm.khalid.1985@gmail.com',
    subject: 'Re: طلب مساعدة في سداد الإيجار',
    text: 'وعليكم السلام، نرجو إرسال صورة عقد الإيجار.',
    attachments: [],
    ticketReference: 'SND-2026-000123',
    inReplyTo: '<CAF3p2+Qx8vZ1kT0bN7aYHq4m3Lw9sJ2dE5rU6tG7hF8iK9jL0w@mail.gmail.com>',
    references: ['<CAF3p2+Qx8vZ1kT0bN7aYHq4m3Lw9sJ2dE5rU6tG7hF8iK9jL0w@mail.gmail.com>'],
    ...overrides,
  };
}

describe('outbound email MIME', () => {
  it('is a proper reply: In-Reply-To, References, the reference token in the subject, Reply-To back to us', async () => {
    const composed = await composeEmail(aReply(), identity, new FolderObjectStore());
    const mail = await simpleParser(composed.raw);
    expect(mail.subject).toBe('Re: طلب مساعدة في سداد الإيجار [#SND-2026-000123]');
    expect(mail.inReplyTo).toBe('<CAF3p2+Qx8vZ1kT0bN7aYHq4m3Lw9sJ2dE5rU6tG7hF8iK9jL0w@mail.gmail.com>');
    expect(mail.references).toBe('<CAF3p2+Qx8vZ1kT0bN7aYHq4m3Lw9sJ2dE5rU6tG7hF8iK9jL0w@mail.gmail.com>');
    expect(mail.replyTo?.value[0]?.address).toBe('support@sanad.org.sa');
    expect(mail.from?.value[0]).toEqual({ address: 'support@sanad.org.sa', name: 'جمعية سند' });
    expect(mail.messageId).toBe(composed.messageId);
    expect(composed.messageId).toMatch(/^<[0-9a-f-]{36}@sanad\.org\.sa>$/);
    expect(mail.headers.get('auto-submitted')).toBeUndefined();
  });

  it('encodes Arabic safely: RFC 2047 words in headers, a UTF-8 base64 body, nothing 8-bit on the wire', async () => {
    const composed = await composeEmail(aReply(), identity, new FolderObjectStore());
    const wire = composed.raw.toString('latin1');
    expect(wire).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);
    expect(wire).toMatch(/^From: =\?UTF-8\?[BQ]\?.+\?= <support@sanad\.org\.sa>/m);
    expect(wire).toMatch(/Content-Type: text\/plain; charset=utf-8/i);
    expect(wire).toMatch(/Content-Transfer-Encoding: base64/);
    expect(composed.raw.length).toBeGreaterThan(0);
    expect([...composed.raw].every((byte) => byte < 0x80)).toBe(true);
    expect((await simpleParser(composed.raw)).text?.trim()).toBe(
      'وعليكم السلام، نرجو إرسال صورة عقد الإيجار.',
    );
  });

  it('marks automatic mail Auto-Submitted: auto-replied (RFC 3834) and asks Exchange not to answer it', async () => {
    const composed = await composeEmail(aReply({ automatic: true }), identity, new FolderObjectStore());
    const mail = await simpleParser(composed.raw);
    expect(mail.headers.get('auto-submitted')).toBe('auto-replied');
    expect(mail.headers.get('x-auto-response-suppress')).toBe('All');
  });

  it('carries attachments read from the object store', async () => {
    const objects = new FolderObjectStore();
    await objects.put('attachments/out/1-form.pdf', Buffer.from('%PDF-1.7 form'), 'application/pdf');
    const composed = await composeEmail(
      aReply({
        attachments: [
          {
            name: 'نموذج الطلب.pdf',
            contentType: 'application/pdf',
            size: 13,
            objectKey: 'attachments/out/1-form.pdf',
          },
        ],
      }),
      identity,
      objects,
    );
    const mail = await simpleParser(composed.raw);
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({
      filename: 'نموذج الطلب.pdf',
      contentType: 'application/pdf',
    });
    expect(mail.attachments[0]?.content.toString()).toBe('%PDF-1.7 form');
  });

  it('refuses to send when an attachment is no longer stored, rather than sending without it', async () => {
    const reply = aReply({
      attachments: [{ name: 'gone.pdf', contentType: 'application/pdf', size: 1, objectKey: 'missing' }],
    });
    await expect(composeEmail(reply, identity, new FolderObjectStore())).rejects.toThrow(/gone\.pdf/);
  });
});

describe('the SES sender', () => {
  const ses = mockClient(SESv2Client);
  beforeEach(() => ses.reset());

  it('sends a simple message through SES v2, which writes the MIME, and returns the Message-ID SES puts on the wire', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: '0107019a8b7c6d5e-1f2a3b4c-0000-000000' });
    const sender = new SesEmailSender(
      { ...identity, messageIdDomain: sesMessageIdDomain('eu-west-1'), configurationSet: 'sanad-mail' },
      new FolderObjectStore(),
      new SESv2Client({ region: 'eu-west-1' }),
    );
    const result = await sender.send(aReply({ automatic: true }));
    expect(result.providerMessageId).toBe('<0107019a8b7c6d5e-1f2a3b4c-0000-000000@eu-west-1.amazonses.com>');
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.ConfigurationSetName).toBe('sanad-mail');
    expect(input?.Content?.Raw).toBeUndefined();
    expect(input?.Destination?.ToAddresses).toEqual(['umm.khalid.1985@gmail.com']);
    expect(input?.ReplyToAddresses).toEqual(['support@sanad.org.sa']);
    // The Arabic display name as an RFC 2047 encoded word, as SES requires of FromEmailAddress.
    expect(input?.FromEmailAddress).toBe(
      `=?UTF-8?B?${Buffer.from('جمعية سند').toString('base64')}?= <support@sanad.org.sa>`,
    );
    const simple = input?.Content?.Simple;
    expect(simple?.Subject).toEqual({
      Data: 'Re: طلب مساعدة في سداد الإيجار [#SND-2026-000123]',
      Charset: 'UTF-8',
    });
    expect(simple?.Body?.Text).toEqual({
      Data: 'وعليكم السلام، نرجو إرسال صورة عقد الإيجار.',
      Charset: 'UTF-8',
    });
    expect(simple?.Headers).toEqual([
      { Name: 'Auto-Submitted', Value: 'auto-replied' },
      { Name: 'X-Auto-Response-Suppress', Value: 'All' },
      { Name: 'In-Reply-To', Value: '<CAF3p2+Qx8vZ1kT0bN7aYHq4m3Lw9sJ2dE5rU6tG7hF8iK9jL0w@mail.gmail.com>' },
      { Name: 'References', Value: '<CAF3p2+Qx8vZ1kT0bN7aYHq4m3Lw9sJ2dE5rU6tG7hF8iK9jL0w@mail.gmail.com>' },
      // Our own mail, should it come back, is known for what it is.
      { Name: 'X-Loop', Value: 'support@sanad.org.sa' },
    ]);
    expect(simple?.Attachments).toBeUndefined();
  });

  it('hands SES the attachments read from the object store, and the society name the message carries', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: '0107019a8b7c6d5e-attach' });
    const objects = new FolderObjectStore();
    await objects.put('attachments/out/2-form.pdf', Buffer.from('%PDF-1.7 form'), 'application/pdf');
    const sender = new SesEmailSender(
      {
        from: 'support@sanad.org.sa',
        replyTo: 'support@sanad.org.sa',
        messageIdDomain: 'email.amazonses.com',
      },
      objects,
      new SESv2Client({ region: 'us-east-1' }),
    );
    await sender.send(
      aReply({
        senderName: 'Sanad Society',
        references: [],
        attachments: [
          {
            name: 'نموذج الطلب.pdf',
            contentType: 'application/pdf',
            size: 13,
            objectKey: 'attachments/out/2-form.pdf',
          },
        ],
      }),
    );
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.FromEmailAddress).toBe('"Sanad Society" <support@sanad.org.sa>');
    expect(input?.Content?.Simple?.Headers?.map((header) => header.Name)).toEqual(['In-Reply-To', 'X-Loop']);
    const [attachment] = input?.Content?.Simple?.Attachments ?? [];
    expect(attachment).toMatchObject({
      FileName: 'نموذج الطلب.pdf',
      ContentType: 'application/pdf',
      ContentDisposition: 'ATTACHMENT',
    });
    expect(Buffer.from(attachment?.RawContent ?? []).toString()).toBe('%PDF-1.7 form');
  });

  it('lets an SES refusal reach the caller, which records the failure on the message', async () => {
    ses.on(SendEmailCommand).rejects(new Error('Email address is not verified.'));
    const sender = new SesEmailSender(
      { ...identity, messageIdDomain: 'email.amazonses.com' },
      new FolderObjectStore(),
      new SESv2Client({ region: 'us-east-1' }),
    );
    await expect(sender.send(aReply())).rejects.toThrow('Email address is not verified.');
  });

  it('names the SES Message-ID domain per region', () => {
    expect(sesMessageIdDomain('us-east-1')).toBe('email.amazonses.com');
    expect(sesMessageIdDomain('me-central-1')).toBe('me-central-1.amazonses.com');
  });
});

describe('addresses SES can send to', () => {
  it('writes an internationalised domain in punycode, as SES takes only ASCII', () => {
    expect(asciiAddress('umm.saad@مثال.السعودية')).toBe('umm.saad@xn--mgbh0fb.xn--mgberp4a5d4ar');
    expect(asciiAddress('umm.saad@xn--mgbh0fb.xn--mgberp4a5d4ar')).toBe(
      'umm.saad@xn--mgbh0fb.xn--mgberp4a5d4ar',
    );
    expect(asciiAddress('Umm.Khalid@Example.com')).toBe('Umm.Khalid@example.com');
  });

  it('refuses, without retrying, a mailbox name in Arabic letters SES cannot deliver', () => {
    expect(() => asciiAddress('أم.سعد@example.com')).toThrow(RefusedByProviderError);
  });
});

describe('outbound email threading headers', () => {
  it('leaves out ids that are not Message-IDs (a mail that had none is known by a hash)', async () => {
    const composed = await composeEmail(
      aReply({ inReplyTo: 'sha256:abc', references: ['sha256:abc', '<real@example.com>'] }),
      identity,
      new FolderObjectStore(),
    );
    const mail = await simpleParser(composed.raw);
    expect(mail.inReplyTo).toBeUndefined();
    expect(mail.references).toBe('<real@example.com>');
  });
});
