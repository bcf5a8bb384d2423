import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulidGenerator } from '../../../functions/adapters/ids.ts';
import { FolderObjectStore } from '../../../infra/local/folder-object-store.ts';
import { LOCAL_MAIL_IDENTITY } from '../../../infra/local/local-secrets.ts';
import { LocalOutbox } from '../../../infra/local/outbox.ts';
import { OutboxEmailSender } from '../../../infra/local/outbox-email-sender.ts';

/** A real SMTP server standing in for the relay, keeping what it is given. */
const relayed: { from: string; to: string[]; raw: string }[] = [];
let relay: SMTPServer;
let relayUrl: string;

beforeAll(async () => {
  relay = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        relayed.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', () => resolve()));
  relayUrl = `smtp://127.0.0.1:${(relay.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => relay.close(() => resolve()));
});

const reply = {
  channel: 'email' as const,
  to: 'umm.khalid@example.com',
  subject: 'Re: طلب مساعدة',
  text: 'وعليكم السلام',
  attachments: [],
  ticketReference: 'SND-2026-000042',
};

describe('the local email sender', () => {
  it('writes the full MIME to the outbox and returns the Message-ID it generated', async () => {
    const outbox = new LocalOutbox(ulidGenerator());
    const sender = new OutboxEmailSender(LOCAL_MAIL_IDENTITY, new FolderObjectStore(), outbox);
    const result = await sender.send(reply);

    const [entry] = outbox.list('email');
    expect(entry).toMatchObject({ to: 'umm.khalid@example.com', payloadType: 'message/rfc822' });
    const mail = await simpleParser(entry?.payload ?? '');
    expect(mail.messageId).toBe(result.providerMessageId);
    expect(mail.subject).toBe('Re: طلب مساعدة [#SND-2026-000042]');
  });

  it('also relays the same MIME over SMTP when a relay is configured', async () => {
    const outbox = new LocalOutbox(ulidGenerator());
    const sender = new OutboxEmailSender(LOCAL_MAIL_IDENTITY, new FolderObjectStore(), outbox, relayUrl);
    const result = await sender.send(reply);

    expect(relayed).toHaveLength(1);
    expect(relayed[0]).toMatchObject({ from: 'support@sanad.local', to: ['umm.khalid@example.com'] });
    expect((await simpleParser(relayed[0]?.raw ?? '')).messageId).toBe(result.providerMessageId);
    expect(outbox.list('email')).toHaveLength(1);
  });
});
