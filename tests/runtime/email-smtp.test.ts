import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { createTransport, type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import type { MailAuthentication } from '../../shared/domain/email-authenticity.ts';
import { getJson, postJson, signIn, startTestRuntime } from '../support/runtime.ts';

let runtime: LocalRuntime;
let smtp: Transporter;
let agent: string;

/**
 * What this test plays SES saying about mail from an envelope sender; everyone else is unauthenticated, as all
 * local mail is by default.
 */
const verdicts = new Map<string, MailAuthentication>();
const verified = (address: string) => verdicts.set(address, { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' });

beforeAll(async () => {
  runtime = await startTestRuntime({
    smtpPort: 0,
    authenticateLocalMail: ({ envelopeFrom }) => verdicts.get(envelopeFrom ?? '') ?? {},
  });
  smtp = createTransport({ host: '127.0.0.1', port: runtime.smtpPort, secure: false, ignoreTLS: true });
  agent = await signIn(runtime, 'agent@sanad.local');
});
afterAll(async () => {
  smtp.close();
  await runtime.close();
});

interface TicketView {
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

async function ticketBySubject(subject: string): Promise<TicketView | undefined> {
  const { body } = await getJson(`${runtime.url}/api/tickets?limit=100`, agent);
  const found = (body.tickets as { id: string; subject: string }[]).find(
    (ticket) => ticket.subject === subject,
  );
  return (
    found && ((await getJson(`${runtime.url}/api/tickets/${found.id}`, agent)).body as unknown as TicketView)
  );
}

/** A mail to the society's address over the SMTP port. */
const mailIn = (mail: Mail.Options) => smtp.sendMail({ to: 'support@sanad.local', ...mail });

/** The ticket a mail from a sender SES would verify opens. */
async function verifiedTicket(from: string, subject: string) {
  verified(from);
  await mailIn({ from, subject, text: 'طلب' });
  return ticketBySubject(subject);
}

const mailsTo = (address: string) => runtime.outbox.list('email').filter((entry) => entry.to === address);

/** A mail system's report (tests/fixtures/email) on the mail with this Message-ID. */
const reportOn = (fixture: string, messageId: string) =>
  readFileSync(join(import.meta.dirname, '../fixtures/email', fixture), 'utf8').replaceAll(
    '<{ORIGINAL_MESSAGE_ID}>',
    messageId,
  );

/** Sent from the null sender, as mail systems send their reports. */
const reportIn = (raw: string) => smtp.sendMail({ envelope: { from: '', to: ['support@sanad.local'] }, raw });

/** A staff reply (sent) on a new mail's ticket, and the Message-ID it went out with. */
async function aStaffReply(from: string, subject: string) {
  await mailIn({ from, subject, text: 'طلب' });
  const opened = await ticketBySubject(subject);
  await postJson(
    `${runtime.url}/api/tickets/${opened?.ticket.id}/messages`,
    { kind: 'reply', text: 'تم استلام طلبكم' },
    { authorization: `Bearer ${agent}` },
  );
  return (await simpleParser(mailsTo(from).at(-1)?.payload ?? '')).messageId ?? '';
}

describe('email over the local SMTP port (npm start)', () => {
  it('turns a mail with an Arabic subject into a ticket and acknowledges it from the outbox as MIME', async () => {
    const subject = 'طلب مساعدة في سداد الإيجار';
    await mailIn({
      from: 'أم خالد <Umm.Khalid@Example.com>',
      subject,
      text: 'السلام عليكم، أرجو مساعدتي في سداد إيجار شهرين.',
    });

    const view = await ticketBySubject(subject);
    expect(view?.messages[0]).toMatchObject({
      direction: 'inbound',
      text: 'السلام عليكم، أرجو مساعدتي في سداد إيجار شهرين.',
    });
    const [ack] = mailsTo('umm.khalid@example.com');
    expect(ack?.payloadType).toBe('message/rfc822');
    const parsed = await simpleParser(ack?.payload ?? '');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(parsed.subject).toContain(`[#${view?.ticket.reference}]`);
  });

  it("threads the beneficiary's answer to a staff reply (In-Reply-To) onto the same ticket", async () => {
    const subject = 'استفسار عن موعد صرف المساعدة';
    verified('salem@example.com');
    await mailIn({
      from: 'salem@example.com',
      subject,
      text: 'متى الصرف؟',
    });
    const opened = await ticketBySubject(subject);
    const reply = await postJson(
      `${runtime.url}/api/tickets/${opened?.ticket.id}/messages`,
      { kind: 'reply', text: 'يتم الصرف يوم الأحد القادم بإذن الله.' },
      { authorization: `Bearer ${agent}` },
    );
    expect(reply.body).toMatchObject({ channel: 'email', deliveryStatus: 'sent' });
    const staffMail = await simpleParser(mailsTo('salem@example.com').at(-1)?.payload ?? '');
    // The delivery id is the Message-ID and a digest of the sender; only the Message-ID goes on the wire.
    expect(opened?.messages[0]?.providerMessageId).toMatch(/^<.+@.+>#[0-9a-f]{16}$/);
    expect(staffMail.inReplyTo).toBe(opened?.messages[0]?.providerMessageId?.split('#')[0]);
    expect(staffMail.subject).toBe(`Re: ${subject} [#${opened?.ticket.reference}]`);
    expect(staffMail.replyTo?.value[0]?.address).toBe('support@sanad.local');
    expect(staffMail.headers.get('auto-submitted')).toBeUndefined();

    await mailIn({
      from: 'salem@example.com',
      subject: 'a changed subject without a token',
      text: 'شكراً لكم\n\nOn Mon, Nov 23, 2026 Sanad <support@sanad.local> wrote:\n> يتم الصرف',
      inReplyTo: staffMail.messageId,
      references: [staffMail.messageId ?? ''],
    });
    const after = await ticketBySubject(subject);
    expect(after?.messages.map((message) => [message.direction, message.text])).toEqual([
      ['inbound', 'متى الصرف؟'],
      ['outbound', expect.stringContaining('شكراً لتواصلك')],
      ['outbound', 'يتم الصرف يوم الأحد القادم بإذن الله.'],
      ['inbound', 'شكراً لكم'],
    ]);
  });

  it('makes one message of one Message-ID sent three times', async () => {
    const subject = 'رسالة مكررة';
    const mail = { from: 'repeat@example.com', to: 'support@sanad.local', subject, text: 'مرة واحدة' };
    for (let attempt = 0; attempt < 3; attempt++) {
      await smtp.sendMail({ ...mail, messageId: '<same-id-3x@example.com>' });
    }
    const view = await ticketBySubject(subject);
    expect(view?.messages.filter((message) => message.direction === 'inbound')).toHaveLength(1);
    expect(mailsTo('repeat@example.com')).toHaveLength(1);
  });

  it('keeps an auto-submitted mail as a ticket without acknowledging it', async () => {
    const subject = 'رد تلقائي: خارج المكتب';
    await mailIn({
      from: 'away@example.com',
      subject,
      text: 'أنا خارج المكتب',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(await ticketBySubject(subject)).toBeDefined();
    expect(mailsTo('away@example.com')).toHaveLength(0);
  });

  it('acknowledges a sender at most once in 24 hours, even for a second ticket', async () => {
    const first = 'الطلب الأول';
    await mailIn({
      from: 'twice@example.com',
      subject: first,
      text: 'أول',
    });
    const opened = await ticketBySubject(first);
    const resolved = await fetch(`${runtime.url}/api/tickets/${opened?.ticket.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'resolved' }),
    });
    expect(resolved.status).toBe(200);
    const second = 'الطلب الثاني';
    await mailIn({
      from: 'twice@example.com',
      subject: second,
      text: 'ثانٍ',
    });

    expect((await ticketBySubject(second))?.ticket.id).not.toBe(opened?.ticket.id);
    // Resolving the first ticket also sends its satisfaction survey, which is no acknowledgement.
    const acknowledgements = mailsTo('twice@example.com').filter((mail) => !mail.summary.startsWith('رأيكم'));
    expect(acknowledgements).toHaveLength(1);
  });

  it('shows the outbox through the local API to signed-in staff only', async () => {
    const anonymous = await fetch(`${runtime.url}/local/outbox?channel=email`);
    expect(anonymous.status).toBe(401);
    const { status, body } = await getJson(`${runtime.url}/local/outbox?channel=email`, agent);
    expect(status).toBe(200);
    const entries = body.entries as { channel: string; payloadType: string }[];
    expect(entries.every((entry) => entry.channel === 'email')).toBe(true);
    // Mail to beneficiaries as sent (MIME), beside the demo staff's own notices (assignments, which they get by email).
    expect(entries.some((entry) => entry.payloadType === 'message/rfc822')).toBe(true);
    expect(entries.every((entry) => ['message/rfc822', 'application/json'].includes(entry.payloadType))).toBe(
      true,
    );
  });

  it('takes a mail without From or Sender from its envelope sender, as a scanner or SMS gateway sends it', async () => {
    const subject = 'مسح ضوئي لصك الإعالة';
    await smtp.sendMail({
      envelope: { from: 'scanner@office.example.org', to: ['support@sanad.local'] },
      raw: `To: support@sanad.local\r\nSubject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=\r\nMessage-ID: <scan-1@office.example.org>\r\n\r\nمرفق الصك\r\n`,
    });
    const view = await ticketBySubject(subject);
    expect(view?.messages[0]?.text).toBe('مرفق الصك');
    expect(view?.ticket.tags).toContain('sender_not_verified');
  });

  it('keeps and dead-letters a mail naming no sender anywhere, answering the sender 250 so it is not retried', async () => {
    const before = runtime.deadLetters.letters.length;
    // No From, Sender or Reply-To, and the empty envelope sender of a mail system's notice.
    await smtp.sendMail({
      envelope: { from: '', to: ['support@sanad.local'] },
      raw: 'this is not a mail: it has no sender header\r\n\r\n\u0000\u0001',
    });
    const letter = runtime.deadLetters.letters.at(before);
    expect(letter).toMatchObject({ source: 'email-inbound', reason: 'no_sender' });
    const { rawRef } = JSON.parse(letter?.payload ?? '{}') as { rawRef: string };
    const kept = await runtime.deps.rawMail?.get(rawRef);
    expect(Buffer.from(kept?.body ?? []).toString()).toContain('this is not a mail');
  });

  it('takes local mail as unauthenticated: flagged, and its reply headers join nothing', async () => {
    const real = await verifiedTicket('real.beneficiary@example.com', 'طلبي الأصلي');
    expect(real?.ticket.tags).not.toContain('sender_not_verified');

    // Someone on the port with no verdicts, naming the beneficiary's mail and carrying results headers of its own.
    const subject = 'ردّ على طلبها';
    await mailIn({
      from: 'someone.unknown@example.org',
      subject,
      text: 'غيّروا رقم الحساب',
      inReplyTo: real?.messages[0]?.providerMessageId?.split('#')[0],
      references: [real?.messages[0]?.providerMessageId?.split('#')[0] ?? ''],
      headers: {
        'Authentication-Results': 'amazonses.com; spf=pass; dkim=pass header.i=@example.org; dmarc=pass',
      },
    });
    const claimed = await ticketBySubject(subject);
    expect(claimed?.ticket.id).toBeDefined();
    expect(claimed?.ticket.id).not.toBe(real?.ticket.id);
    expect(claimed?.ticket.tags).toContain('sender_not_verified');
    expect((await ticketBySubject('طلبي الأصلي'))?.messages).toHaveLength(real?.messages.length ?? -1);
  });

  it("quarantines a forged From failing DMARC: it does not join the beneficiary's ticket; supervisors see it", async () => {
    const real = await verifiedTicket('fatimah@example.com', 'طلب فاطمة');
    verdicts.set('bulk@attacker.example', {
      spf: 'PASS',
      dkim: 'FAIL',
      dmarc: 'FAIL',
      dmarcPolicy: 'reject',
    });
    await mailIn({
      envelope: { from: 'bulk@attacker.example', to: ['support@sanad.local'] },
      from: 'fatimah@example.com',
      subject: `Re: طلب فاطمة [#${real?.ticket.reference}]`,
      text: 'أرسلوا المبلغ إلى هذا الحساب',
    });

    const after = await ticketBySubject('طلب فاطمة');
    expect(after?.messages).toHaveLength(real?.messages.length ?? -1);
    expect(await ticketBySubject(`Re: طلب فاطمة [#${real?.ticket.reference}]`)).toBeUndefined();
    const supervisor = await signIn(runtime, 'supervisor@sanad.local');
    const list = await getJson(`${runtime.url}/api/quarantine`, supervisor);
    expect(list.status).toBe(200);
    const items = list.body.items as { from: string; subject: string; rawRef: string; reason: string }[];
    const held = items.find((item) => item.subject?.startsWith('Re: طلب فاطمة'));
    expect(held).toMatchObject({ from: 'fatimah@example.com', reason: 'dmarc_fail' });
    const raw = await runtime.deps.rawMail?.get(held?.rawRef ?? '');
    expect(Buffer.from(raw?.body ?? []).toString()).toContain('attacker.example');
    expect((await getJson(`${runtime.url}/api/quarantine`, agent)).status).toBe(403);
    expect((await getJson(`${runtime.url}/api/quarantine?cursor=bm90LWEta2V5`, supervisor)).status).toBe(400);
  });

  it('keeps a second sender reusing a Message-ID as a message of its own', async () => {
    const messageId = '<reused-id@example.com>';
    await mailIn({
      from: 'owner@example.com',
      subject: 'الأصل',
      text: 'أ',
      messageId,
    });
    await mailIn({
      from: 'other@example.com',
      subject: 'نسخة',
      text: 'ب',
      messageId,
    });
    expect(await ticketBySubject('الأصل')).toBeDefined();
    expect(await ticketBySubject('نسخة')).toBeDefined();
  });

  it('acknowledges to Reply-To when the mail has one', async () => {
    await mailIn({
      from: 'shared.office@example.com',
      replyTo: 'Noura <noura.home@example.com>',
      subject: 'من جهاز المكتب',
      text: 'أرجو الرد على بريدي الشخصي',
    });
    expect(await ticketBySubject('من جهاز المكتب')).toBeDefined();
    expect(mailsTo('noura.home@example.com')).toHaveLength(1);
    expect(mailsTo('shared.office@example.com')).toHaveLength(0);
  });

  it.each([
    ['X-Autorespond', 'إشعار', { 'X-Autorespond': 'yes' }],
    ['a header-less English out-of-office', 'Out of Office: back on Sunday', {}],
    ['a header-less Arabic automatic reply', 'رد تلقائي: أنا في إجازة', {}],
  ])('records %s without acknowledging it', async (_case, subject, headers) => {
    const from = `ooo-${subject.length}-${Object.keys(headers).length}@example.com`;
    await mailIn({ from, subject, text: 'سأعود قريباً', headers });
    const view = await ticketBySubject(subject);
    expect(view?.ticket.tags).toContain('auto_reply');
    expect(mailsTo(from)).toHaveLength(0);
  });

  it('marks the bounced acknowledgement failed and opens no ticket for the bounce', async () => {
    await mailIn({
      from: 'no.such.user@example.net',
      subject: 'سيرتد',
      text: 'ن',
    });
    const opened = await ticketBySubject('سيرتد');
    const ack = await simpleParser(mailsTo('no.such.user@example.net')[0]?.payload ?? '');
    const dsn = readFileSync(
      join(import.meta.dirname, '../fixtures/email/bounce-dsn-with-headers.eml'),
      'utf8',
    ).replace('<{ORIGINAL_MESSAGE_ID}>', ack.messageId ?? '');
    const { body: before } = await getJson(`${runtime.url}/api/tickets?limit=100`, agent);
    await smtp.sendMail({ envelope: { from: '', to: ['support@sanad.local'] }, raw: dsn });

    const after = await ticketBySubject('سيرتد');
    expect(after?.messages.at(-1)).toMatchObject({
      direction: 'outbound',
      deliveryStatus: 'failed',
      failureReason: 'Bounced: smtp; 550 5.1.1 User unknown',
    });
    expect(after?.messages).toHaveLength(opened?.messages.length ?? -1);
    const { body: now } = await getJson(`${runtime.url}/api/tickets?limit=100`, agent);
    expect((now.tickets as unknown[]).length).toBe((before.tickets as unknown[]).length);
    expect(await ticketBySubject('Undelivered Mail Returned to Sender')).toBeUndefined();
  });

  it.each([
    ['a Gmail delay notice', 'gmail-dsn-delayed.eml', 'Delivery Status Notification (Delay)'],
    ['a Postfix delay notice', 'postfix-dsn-delayed.eml', 'Delayed Mail (still being retried)'],
    ['a Postfix success notice', 'postfix-dsn-delivered.eml', 'Successful Mail Delivery Report'],
  ])(
    'leaves the staff reply sent on %s and opens no ticket for it',
    async (_case, fixture, noticeSubject) => {
      const subject = `ردنا ينتظر ${fixture}`;
      await reportIn(reportOn(fixture, await aStaffReply(`waiting.${fixture}@example.net`, subject)));

      expect((await ticketBySubject(subject))?.messages.at(-1)).toMatchObject({
        direction: 'outbound',
        text: 'تم استلام طلبكم',
        deliveryStatus: 'sent',
      });
      expect(await ticketBySubject(noticeSubject)).toBeUndefined();
    },
  );

  it.each([
    [
      'a qmail failure notice',
      'qmail-failure-notice.eml',
      'failure notice',
      'Bounced: Sorry, no mailbox here by that name. (#5.1.1)',
    ],
    [
      'an Exim plain-text bounce',
      'exim-plain-bounce.eml',
      'Mail delivery failed: returning message to sender',
      'Bounced: host mx.example.com [192.0.2.30]: 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
    ],
  ])(
    'marks the staff reply failed on %s and opens no ticket for it',
    async (_case, fixture, bounceSubject, reason) => {
      const subject = `ردنا سيرتد ${fixture}`;
      await reportIn(reportOn(fixture, await aStaffReply(`gone.${fixture}@example.net`, subject)));

      expect((await ticketBySubject(subject))?.messages.at(-1)).toMatchObject({
        direction: 'outbound',
        text: 'تم استلام طلبكم',
        deliveryStatus: 'failed',
        failureReason: reason,
      });
      expect(await ticketBySubject(bounceSubject)).toBeUndefined();
    },
  );

  it('opens no ticket for a plain-text bounce that names no mail of ours', async () => {
    await reportIn(
      reportOn('qmail-failure-notice.eml', '<not-ours-1@elsewhere.example>').replace(
        'Subject: failure notice',
        'Subject: failure notice (not ours)',
      ),
    );
    expect(await ticketBySubject('failure notice (not ours)')).toBeUndefined();
  });
});
