import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { getJson } from '../support/runtime.ts';
import { useSmtpRuntime } from '../support/smtp-runtime.ts';

const m = useSmtpRuntime();
const { ticketBySubject, mailIn, mailsTo, reportOn, reportIn, aStaffReply } = m;

/** A staff reply on a new mail's ticket, as it stands once a mail system reported on it with `fixture`. */
async function replyAfterReport(fixture: string, from: string, subject: string) {
  await reportIn(reportOn(fixture, await aStaffReply(from, subject)));
  const reply = (await ticketBySubject(subject))?.messages.at(-1);
  expect(reply).toMatchObject({ direction: 'outbound', text: 'تم استلام طلبكم' });
  return { deliveryStatus: reply?.deliveryStatus, failureReason: reply?.failureReason };
}

describe('email over the local SMTP port: read receipts (npm start)', () => {
  it('shows a staff reply read when its read receipt comes, and opens no ticket for the receipt', async () => {
    const messageId = await aStaffReply('read.receipt@example.net', 'طلب سيُقرأ الرد عليه');
    const receipt = reportOn('read-receipt.eml', messageId);
    await m.smtp.sendMail({
      envelope: { from: 'read.receipt@example.net', to: ['support@sanad.local'] },
      raw: receipt,
    });
    const thread = await ticketBySubject('طلب سيُقرأ الرد عليه');
    expect(thread?.messages.at(-1)).toMatchObject({ direction: 'outbound', deliveryStatus: 'read' });
    expect(await ticketBySubject('Read: تم استلام طلبكم')).toBeUndefined();
  });
});

describe('email over the local SMTP port: bounces (npm start)', () => {
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
    const { body: before } = await getJson(`${m.runtime.url}/api/tickets?limit=100`, m.agent);
    await m.smtp.sendMail({ envelope: { from: '', to: ['support@sanad.local'] }, raw: dsn });

    const after = await ticketBySubject('سيرتد');
    expect(after?.messages.at(-1)).toMatchObject({
      direction: 'outbound',
      deliveryStatus: 'failed',
      failureReason: 'Bounced: smtp; 550 5.1.1 User unknown',
    });
    expect(after?.messages).toHaveLength(opened?.messages.length ?? -1);
    const { body: now } = await getJson(`${m.runtime.url}/api/tickets?limit=100`, m.agent);
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
      expect(
        await replyAfterReport(fixture, `waiting.${fixture}@example.net`, `ردنا ينتظر ${fixture}`),
      ).toEqual({
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
      expect(await replyAfterReport(fixture, `gone.${fixture}@example.net`, `ردنا سيرتد ${fixture}`)).toEqual(
        {
          deliveryStatus: 'failed',
          failureReason: reason,
        },
      );
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
