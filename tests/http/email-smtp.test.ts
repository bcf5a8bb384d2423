import { simpleParser } from 'mailparser';
import { createTransport, type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { getJson, postJson, signIn, startTestRuntime } from '../support/runtime.ts';

let runtime: LocalRuntime;
let smtp: Transporter;
let agent: string;

beforeAll(async () => {
  runtime = await startTestRuntime({ smtpPort: 0 });
  smtp = createTransport({ host: '127.0.0.1', port: runtime.smtpPort, secure: false, ignoreTLS: true });
  agent = await signIn(runtime, 'agent@sanad.local');
});
afterAll(async () => {
  smtp.close();
  await runtime.close();
});

interface TicketView {
  ticket: { id: string; reference: string; subject: string; messageCount: number; status: string };
  messages: { direction: string; text: string; providerMessageId?: string; authorId: string }[];
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

const mailsTo = (address: string) => runtime.outbox.list('email').filter((entry) => entry.to === address);

describe('email over the local SMTP port (npm start)', () => {
  it('turns a mail with an Arabic subject into a ticket and acknowledges it from the outbox as MIME', async () => {
    const subject = 'طلب مساعدة في سداد الإيجار';
    await smtp.sendMail({
      from: 'أم خالد <Umm.Khalid@Example.com>',
      to: 'support@sanad.local',
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
    await smtp.sendMail({
      from: 'salem@example.com',
      to: 'support@sanad.local',
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
    expect(staffMail.inReplyTo).toBe(opened?.messages[0]?.providerMessageId);
    expect(staffMail.subject).toBe(`Re: ${subject} [#${opened?.ticket.reference}]`);
    expect(staffMail.replyTo?.value[0]?.address).toBe('support@sanad.local');
    expect(staffMail.headers.get('auto-submitted')).toBeUndefined();

    await smtp.sendMail({
      from: 'salem@example.com',
      to: 'support@sanad.local',
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
    await smtp.sendMail({
      from: 'away@example.com',
      to: 'support@sanad.local',
      subject,
      text: 'أنا خارج المكتب',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(await ticketBySubject(subject)).toBeDefined();
    expect(mailsTo('away@example.com')).toHaveLength(0);
  });

  it('acknowledges a sender at most once in 24 hours, even for a second ticket', async () => {
    const first = 'الطلب الأول';
    await smtp.sendMail({
      from: 'twice@example.com',
      to: 'support@sanad.local',
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
    await smtp.sendMail({
      from: 'twice@example.com',
      to: 'support@sanad.local',
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
    expect(entries.length).toBeGreaterThan(0);
    expect(
      entries.every((entry) => entry.channel === 'email' && entry.payloadType === 'message/rfc822'),
    ).toBe(true);
  });

  it('keeps and dead-letters a mail that cannot be parsed, answering the sender 250 so it is not retried', async () => {
    const before = runtime.deadLetters.letters.length;
    await smtp.sendMail({
      envelope: { from: 'someone@example.com', to: ['support@sanad.local'] },
      raw: 'this is not a mail: it has no sender header\r\n\r\n\u0000\u0001',
    });
    const letter = runtime.deadLetters.letters.at(before);
    expect(letter).toMatchObject({ source: 'email-inbound', reason: 'no_sender' });
    const { rawRef } = JSON.parse(letter?.payload ?? '{}') as { rawRef: string };
    const kept = await runtime.deps.rawMail?.get(rawRef);
    expect(Buffer.from(kept?.body ?? []).toString()).toContain('this is not a mail');
  });
});
