import { describe, expect, it } from 'vitest';
import {
  autoReplyDecision,
  isAutomatedMail,
  isOutOfOfficeSubject,
  type MailSignals,
} from '../../../shared/domain/auto-reply-policy.ts';

const person: MailSignals = { from: 'umm.khalid@gmail.com', returnPath: '<umm.khalid@gmail.com>' };

describe('RFC 3834: which received mail may be answered automatically', () => {
  it.each<[string, Partial<MailSignals>, string]>([
    ['Auto-Submitted: auto-replied', { autoSubmitted: 'auto-replied' }, 'auto_submitted'],
    ['Auto-Submitted: auto-generated', { autoSubmitted: 'Auto-Generated' }, 'auto_submitted'],
    [
      'Auto-Submitted: auto-notified; owner-email=x',
      { autoSubmitted: 'auto-notified; owner-email=x' },
      'auto_submitted',
    ],
    ['Precedence: bulk', { precedence: 'bulk' }, 'bulk_precedence'],
    ['Precedence: junk', { precedence: 'junk' }, 'bulk_precedence'],
    ['Precedence: list', { precedence: 'List' }, 'bulk_precedence'],
    ['List-Id', { listId: 'News <news.example.com>' }, 'mailing_list'],
    ['List-Unsubscribe', { listUnsubscribe: '<https://example.com/u>' }, 'mailing_list'],
    ['the null sender <>', { returnPath: '<>' }, 'bounce'],
    ['an empty envelope sender', { returnPath: '' }, 'bounce'],
    ['multipart/report', { contentType: 'multipart/report' }, 'bounce'],
    ['MAILER-DAEMON', { from: 'MAILER-DAEMON@mx.example.net' }, 'no_reply_sender'],
    ['postmaster', { from: 'postmaster@example.net' }, 'no_reply_sender'],
    ['no-reply', { from: 'no-reply@bank.example' }, 'no_reply_sender'],
    ['noreply+tag', { from: 'noreply+alerts@service.example' }, 'no_reply_sender'],
    ['donotreply', { from: 'donotreply@gov.example.sa' }, 'no_reply_sender'],
    ['X-Auto-Response-Suppress: All', { autoResponseSuppress: 'All' }, 'auto_responder'],
    ['X-Auto-Response-Suppress: DR, AutoReply', { autoResponseSuppress: 'DR, AutoReply' }, 'auto_responder'],
    ['X-Autoreply: yes', { xAutoreply: 'yes' }, 'auto_responder'],
    ['X-Autorespond', { xAutorespond: 'Out of office' }, 'auto_responder'],
    ['an out-of-office subject and no header', { subject: 'Out of Office: back Sunday' }, 'out_of_office'],
    ['a Reply-To that is a no-reply address', { replyTo: 'no-reply@bank.example' }, 'no_reply_sender'],
  ])('does not answer mail with %s', (_case, signals, reason) => {
    expect(autoReplyDecision({ ...person, ...signals })).toEqual({ allowed: false, reason });
  });

  it.each<[string, Partial<MailSignals>]>([
    ['a person writing', {}],
    ['Auto-Submitted: no', { autoSubmitted: 'no' }],
    ['Precedence: normal', { precedence: 'normal' }],
    ['X-Auto-Response-Suppress: OOF only', { autoResponseSuppress: 'OOF' }],
    ['no envelope sender known', { returnPath: undefined }],
    ['a name that merely contains "reply"', { from: 'replymaster.ali@example.com' }],
  ])('answers %s', (_case, signals) => {
    expect(autoReplyDecision({ ...person, ...signals })).toEqual({ allowed: true });
  });
});

describe('machine-written mail (recorded, no clock, no answer)', () => {
  it.each([
    'Out of Office',
    'Out of the office until 1 December',
    'OUT OF OFFICE: Re: طلب',
    'Automatic reply: طلب مساعدة',
    'Auto-Reply: I am away',
    'Autoreply',
    'رد تلقائي: طلب مساعدة',
    'رَدّ تِلقائي',
    'الرد الآلي',
    'رد آلي: شكراً',
    'خارج المكتب',
    'أنا خارج المكتب حتى الأحد',
    'في إجازة',
  ])('knows the out-of-office subject %s', (subject) => {
    expect(isOutOfOfficeSubject(subject)).toBe(true);
  });

  it.each([
    'طلب مساعدة في سداد الإيجار',
    'Re: my automatic reply settings are broken, please help',
    'Question about the office hours',
    'سؤال: متى تعودون إلى المكتب؟',
  ])('does not take a person writing %s for an out-of-office reply', (subject) => {
    expect(isOutOfOfficeSubject(subject)).toBe(false);
  });

  it.each<[string, Partial<MailSignals>, boolean]>([
    ['Auto-Submitted', { autoSubmitted: 'auto-replied' }, true],
    ['X-Autoreply', { xAutoreply: 'yes' }, true],
    ['X-Autorespond', { xAutorespond: 'yes' }, true],
    ['Precedence: junk', { precedence: 'junk' }, true],
    ['X-Auto-Response-Suppress: All', { autoResponseSuppress: 'All' }, true],
    ['an Arabic out-of-office subject', { subject: 'خارج المكتب' }, true],
    ['a mailing-list post (maybe a person)', { listId: 'News <news.example.com>' }, false],
    ['a person', {}, false],
  ])('%s → automated: %s', (_case, signals, automated) => {
    expect(isAutomatedMail({ ...person, ...signals })).toBe(automated);
  });
});
