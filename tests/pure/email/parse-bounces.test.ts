import { describe, expect, it } from 'vitest';
import { fixture, parse } from '../../support/email-parsing.ts';

describe('parsing received mail: bounces and loop signals', () => {
  it('finds the returned Message-ID in a DSN, from the original headers it attaches', async () => {
    const dsn = fixture('bounce-dsn-with-headers.eml')
      .toString('utf8')
      .replace('{ORIGINAL_MESSAGE_ID}', 'ack-1@eu-west-1.amazonses.com');
    const { bounce } = await parse(Buffer.from(dsn));
    expect(bounce).toEqual({
      originalMessageIds: ['<ack-1@eu-west-1.amazonses.com>'],
      certain: true,
      action: 'failed',
      reason: 'Bounced: smtp; 550 5.1.1 User unknown',
    });
  });

  it('finds the returned Message-ID in Original-Message-ID or In-Reply-To when no headers are attached', async () => {
    const dsn = fixture('bounce-dsn.eml')
      .toString('utf8')
      .replace('Final-Recipient:', 'X-Original-Message-ID: <ack-2@sanad.local>\nFinal-Recipient:')
      .replace('Auto-Submitted:', 'In-Reply-To: <ack-3@sanad.local>\nAuto-Submitted:');
    const { bounce } = await parse(Buffer.from(dsn));
    expect(bounce?.originalMessageIds).toEqual(['<ack-2@sanad.local>', '<ack-3@sanad.local>']);
  });

  it.each([
    ['a Gmail delay notice', 'gmail-dsn-delayed.eml', 'delayed'],
    ['a Postfix delay notice', 'postfix-dsn-delayed.eml', 'delayed'],
    ['a Postfix success notice', 'postfix-dsn-delivered.eml', 'delivered'],
  ])('reads %s as what its recipient block says, not as a failure', async (_case, name, action) => {
    const dsn = fixture(name).toString('utf8').replaceAll('{ORIGINAL_MESSAGE_ID}', 'reply-1@sanad.local');
    const { bounce } = await parse(Buffer.from(dsn));
    expect(bounce).toEqual({ originalMessageIds: ['<reply-1@sanad.local>'], certain: true, action });
  });

  it('reads a report on several recipients as failed when one of them failed', async () => {
    const dsn = fixture('postfix-dsn-delayed.eml')
      .toString('utf8')
      .replace(
        'Will-Retry-Until: Sat, 28 Nov 2026 06:02:10 +0000 (UTC)\n',
        'Will-Retry-Until: Sat, 28 Nov 2026 06:02:10 +0000 (UTC)\n\n' +
          'Final-Recipient: rfc822; other@example.net\nAction: failed\nStatus: 5.1.1\n' +
          'Diagnostic-Code: smtp; 550 5.1.1 <other@example.net>: Recipient address rejected\n',
      );
    const { bounce } = await parse(Buffer.from(dsn));
    expect(bounce).toMatchObject({
      action: 'failed',
      reason: 'Bounced: smtp; 550 5.1.1 <other@example.net>: Recipient address rejected',
    });
  });

  it.each([
    [
      'a qmail failure notice',
      'qmail-failure-notice.eml',
      'Bounced: Sorry, no mailbox here by that name. (#5.1.1)',
    ],
    [
      'an Exim plain-text bounce',
      'exim-plain-bounce.eml',
      'Bounced: host mx.example.com [192.0.2.30]: 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
    ],
  ])('reads %s as a bounce of the message whose headers it quotes', async (_case, name, reason) => {
    const bounce = fixture(name).toString('utf8').replace('{ORIGINAL_MESSAGE_ID}', 'reply-2@sanad.local');
    expect((await parse(Buffer.from(bounce))).bounce).toEqual({
      originalMessageIds: ['<reply-2@sanad.local>'],
      certain: true,
      action: 'failed',
      reason,
    });
  });

  it('takes a mail system’s mail without a bounce subject for a bounce only by the Message-ID it quotes', async () => {
    const quoting = fixture('qmail-failure-notice.eml')
      .toString('utf8')
      .replace('Subject: failure notice', 'Subject: Your message to nobody@example.org')
      .replace('{ORIGINAL_MESSAGE_ID}', 'reply-3@sanad.local');
    expect((await parse(Buffer.from(quoting))).bounce).toMatchObject({
      originalMessageIds: ['<reply-3@sanad.local>'],
      certain: false,
      action: 'failed',
    });
    const person = Buffer.from(
      'From: postmaster@example.org\r\nTo: support@sanad.org.sa\r\nSubject: Your mail\r\n' +
        'In-Reply-To: <reply-4@sanad.local>\r\nMessage-ID: <pm-1@example.org>\r\n\r\nWho sends this?\r\n',
    );
    expect((await parse(person)).bounce).toBeUndefined();
    // An out-of-office from the null sender that quotes our mail is an automatic reply, not a bounce of it.
    const outOfOffice = Buffer.from(
      'Return-Path: <>\r\nFrom: sara@example.org\r\nTo: support@sanad.org.sa\r\nSubject: خارج المكتب\r\n' +
        'Auto-Submitted: auto-replied\r\nMessage-ID: <ooo-1@example.org>\r\n\r\n' +
        'أنا خارج المكتب حتى الأحد.\r\n\r\n> Message-ID: <reply-5@sanad.local>\r\n',
    );
    expect((await parse(outOfOffice)).bounce).toBeUndefined();
  });

  it('does not take an ordinary mail for a bounce', async () => {
    expect((await parse(fixture('auto-reply-ooo.eml'))).bounce).toBeUndefined();
    expect((await parse(fixture('gmail-utf8-base64.eml'))).bounce).toBeUndefined();
  });

  it('reports the loop-protection signals of a bounce', async () => {
    const { signals } = await parse(fixture('bounce-dsn.eml'));
    expect(signals).toMatchObject({
      from: 'mailer-daemon@mx.example.net',
      returnPath: '<>',
      autoSubmitted: 'auto-replied',
      contentType: 'multipart/report',
    });
  });

  it('reports the list headers of a newsletter', async () => {
    const { signals } = await parse(fixture('mailing-list.eml'));
    expect(signals).toMatchObject({ precedence: 'bulk', listId: 'Charity News <news.lists.example.com>' });
  });
});
