import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { getJson, postJson } from '../support/runtime.ts';
import { useSmtpRuntime } from '../support/smtp-runtime.ts';

const m = useSmtpRuntime();
const { verified, ticketBySubject, mailIn, mailsTo } = m;

/**
 * A verified sender's mail answered by staff, its ticket then resolved or closed, and the sender's answer to the
 * staff reply (In-Reply-To and References): the ticket's id, and the answer's subject.
 */
async function answeredByMailThen(
  status: 'resolved' | 'closed',
  from: string,
  answer: string,
): Promise<{ id: string; answerSubject: string }> {
  const subject = `استفسار ${from}`;
  verified(from);
  await mailIn({ from, subject, text: 'هل من جديد؟' });
  const id = String((await ticketBySubject(subject))?.ticket.id);
  await postJson(
    `${m.runtime.url}/api/tickets/${id}/messages`,
    { kind: 'reply', text: 'نعم، تستلمونها من الفرع.' },
    { authorization: `Bearer ${m.agent}` },
  );
  const changed = await fetch(`${m.runtime.url}/api/tickets/${id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${m.agent}` },
    body: JSON.stringify({ status }),
  });
  expect(changed.status).toBe(200);
  const staffMail = await simpleParser(mailsTo(from).at(-1)?.payload ?? '');
  const answerSubject = `Re: ${staffMail.subject}`;
  await mailIn({
    from,
    subject: answerSubject,
    text: answer,
    inReplyTo: staffMail.messageId,
    references: [staffMail.messageId ?? ''],
  });
  return { id, answerSubject };
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
      `${m.runtime.url}/api/tickets/${opened?.ticket.id}/messages`,
      { kind: 'reply', text: 'يتم الصرف يوم الأحد القادم بإذن الله.' },
      { authorization: `Bearer ${m.agent}` },
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

  it('reopens a resolved ticket the beneficiary answers: resolution undone, its windows running afresh', async () => {
    const { id } = await answeredByMailThen('resolved', 'noura.q@example.com', 'ذهبت إلى الفرع ولم أجدها');
    const { body } = await getJson(`${m.runtime.url}/api/tickets/${id}`, m.agent);
    const ticket = body.ticket as {
      status: string;
      resolvedAt?: string;
      resolvedBy?: string;
      sla?: { clocks: Record<string, unknown> };
    };
    expect(ticket.status).toBe('open');
    expect(ticket.resolvedAt).toBeUndefined();
    expect(ticket.resolvedBy).toBeUndefined();
    expect(Object.keys(ticket.sla?.clocks ?? {}).sort()).toEqual(['nextResponse', 'resolution']);
    const events = body.events as { type: string; data: Record<string, unknown> }[];
    expect(events.filter((event) => event.type === 'status_changed').at(-1)?.data).toEqual({
      from: 'resolved',
      to: 'open',
    });
  });

  it('opens a new ticket for an answer to a closed one, which stays closed', async () => {
    const { id, answerSubject } = await answeredByMailThen(
      'closed',
      'maha.q@example.com',
      'وهل يمكن تأجيلها؟',
    );
    const { body } = await getJson(`${m.runtime.url}/api/tickets/${id}`, m.agent);
    expect((body.ticket as { status: string }).status).toBe('closed');
    expect((body.messages as { text: string }[]).map((message) => message.text)).not.toContain(
      'وهل يمكن تأجيلها؟',
    );
    const next = await ticketBySubject(answerSubject);
    expect(next?.ticket.id).toBeDefined();
    expect(next?.ticket.id).not.toBe(id);
  });

  it('keeps our own mail coming back as a machine’s: no acknowledgement, no clock, never to our own address', async () => {
    await mailIn({ from: 'loop.test@example.com', subject: 'طلب مساعدة', text: 'أرجو المساعدة' });
    const [ack] = mailsTo('loop.test@example.com');
    expect(ack).toBeDefined();
    const parsed = await simpleParser(ack?.payload ?? '');
    expect(parsed.headers.get('x-loop')).toBe('support@sanad.local');
    // A forward rule sends it back to us as it was, without its Auto-Submitted mark.
    const raw = (ack?.payload ?? '')
      .replace(/^Auto-Submitted:.*\r?\n/im, '')
      .replace(/^X-Auto-Response-Suppress:.*\r?\n/im, '');
    expect(raw).not.toMatch(/^Auto-Submitted/im);
    const before = mailsTo('support@sanad.local').length;
    await m.smtp.sendMail({ envelope: { from: 'support@sanad.local', to: ['support@sanad.local'] }, raw });
    await m.runtime.settled();
    expect(mailsTo('support@sanad.local')).toHaveLength(before);
  });

  it('makes one message of one Message-ID sent three times', async () => {
    const subject = 'رسالة مكررة';
    const mail = { from: 'repeat@example.com', to: 'support@sanad.local', subject, text: 'مرة واحدة' };
    for (let attempt = 0; attempt < 3; attempt++) {
      await m.smtp.sendMail({ ...mail, messageId: '<same-id-3x@example.com>' });
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
    const resolved = await fetch(`${m.runtime.url}/api/tickets/${opened?.ticket.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${m.agent}`, 'content-type': 'application/json' },
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
    const anonymous = await fetch(`${m.runtime.url}/local/outbox?channel=email`);
    expect(anonymous.status).toBe(401);
    const { status, body } = await getJson(`${m.runtime.url}/local/outbox?channel=email`, m.agent);
    expect(status).toBe(200);
    const entries = body.entries as { channel: string; payloadType: string }[];
    expect(entries.every((entry) => entry.channel === 'email')).toBe(true);
    // Mail to beneficiaries as sent (MIME), beside the demo staff's own notices (assignments, which they get by email).
    expect(entries.some((entry) => entry.payloadType === 'message/rfc822')).toBe(true);
    expect(entries.every((entry) => ['message/rfc822', 'application/json'].includes(entry.payloadType))).toBe(
      true,
    );
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
});
