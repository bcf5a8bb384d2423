import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { createTransport, type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { afterAll, beforeAll } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import type { MailAuthentication } from '../../shared/domain/email-authenticity.ts';
import { getJson, postJson, signIn, startTestRuntime } from './runtime.ts';

export interface TicketView {
  ticket: {
    id: string;
    reference: string;
    subject: string;
    messageCount: number;
    status: string;
    tags: string[];
    contactId: string;
  };
  messages: {
    direction: string;
    text: string;
    providerMessageId?: string;
    authorId: string;
    deliveryStatus?: string;
    failureReason?: string;
  }[];
}

/**
 * A runtime of the test file's own taking mail on its SMTP port (`runtime`, `smtp` and the agent's token are filled
 * in before the file's tests), and the steps its mail tests take.
 */
export function useSmtpRuntime() {
  const m = {} as { runtime: LocalRuntime; smtp: Transporter; agent: string };

  /**
   * What this test plays SES saying about mail from an envelope sender; everyone else is unauthenticated, as all
   * local mail is by default.
   */
  const verdicts = new Map<string, MailAuthentication>();
  const verified = (address: string) => verdicts.set(address, { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' });

  beforeAll(async () => {
    m.runtime = await startTestRuntime({
      smtpPort: 0,
      authenticateLocalMail: ({ envelopeFrom }) => verdicts.get(envelopeFrom ?? '') ?? {},
    });
    m.smtp = createTransport({ host: '127.0.0.1', port: m.runtime.smtpPort, secure: false, ignoreTLS: true });
    m.agent = await signIn(m.runtime, 'agent@sanad.local');
  });
  afterAll(async () => {
    m.smtp.close();
    await m.runtime.close();
  });

  async function ticketBySubject(subject: string): Promise<TicketView | undefined> {
    const { body } = await getJson(`${m.runtime.url}/api/tickets?limit=100`, m.agent);
    const found = (body.tickets as { id: string; subject: string }[]).find(
      (ticket) => ticket.subject === subject,
    );
    return (
      found &&
      ((await getJson(`${m.runtime.url}/api/tickets/${found.id}`, m.agent)).body as unknown as TicketView)
    );
  }

  /** A mail to the society's address over the SMTP port. */
  const mailIn = (mail: Mail.Options) => m.smtp.sendMail({ to: 'support@sanad.local', ...mail });

  /** The ticket a mail from a sender SES would verify opens. */
  async function verifiedTicket(from: string, subject: string) {
    verified(from);
    await mailIn({ from, subject, text: 'طلب' });
    return ticketBySubject(subject);
  }

  const mailsTo = (address: string) => m.runtime.outbox.list('email').filter((entry) => entry.to === address);

  /** A mail system's report (tests/fixtures/email) on the mail with this Message-ID. */
  const reportOn = (fixture: string, messageId: string) =>
    readFileSync(join(import.meta.dirname, '../fixtures/email', fixture), 'utf8').replaceAll(
      '<{ORIGINAL_MESSAGE_ID}>',
      messageId,
    );

  /** Sent from the null sender, as mail systems send their reports. */
  const reportIn = (raw: string) =>
    m.smtp.sendMail({ envelope: { from: '', to: ['support@sanad.local'] }, raw });

  /** A staff reply (sent) on a new mail's ticket, and the Message-ID it went out with. */
  async function aStaffReply(from: string, subject: string) {
    await mailIn({ from, subject, text: 'طلب' });
    const opened = await ticketBySubject(subject);
    await postJson(
      `${m.runtime.url}/api/tickets/${opened?.ticket.id}/messages`,
      { kind: 'reply', text: 'تم استلام طلبكم' },
      { authorization: `Bearer ${m.agent}` },
    );
    return (await simpleParser(mailsTo(from).at(-1)?.payload ?? '')).messageId ?? '';
  }
  return Object.assign(m, {
    verdicts,
    verified,
    ticketBySubject,
    mailIn,
    verifiedTicket,
    mailsTo,
    reportOn,
    reportIn,
    aStaffReply,
  });
}
