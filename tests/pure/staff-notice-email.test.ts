import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SesStaffMailer } from '../../functions/adapters/aws/ses-staff-mailer.ts';
import { LocalOutbox } from '../../infra/local/outbox.ts';
import { outboxStaffMailer } from '../../infra/local/outbox-staff-mailer.ts';
import { DEFAULT_SOCIETY_PROFILE, type SocietyProfile } from '../../shared/domain/society-profile.ts';
import type { StaffUser } from '../../shared/domain/staff.ts';
import type { EscalationNotice, StaffNoticeEmail } from '../../shared/domain/staff-notices.ts';
import type { StaffNotification } from '../../shared/ports/notifications.ts';
import { escalationEmail, escalationSummary } from '../../shared/sla/escalation-text.ts';
import { notificationCentreNotifier } from '../../shared/use-cases/notification-centre.ts';
import { aTicket } from '../support/factories.ts';

const ticket = aTicket();

const arabicReader: StaffUser = {
  id: 'u-supervisor',
  email: 'supervisor@example.org',
  name: 'عبدالله',
  roles: ['supervisor'],
  queueIds: [],
  emailNotices: true,
};
const englishReader: StaffUser = {
  id: 'u-volunteer',
  email: 'volunteer@example.org',
  name: 'Sarah',
  roles: ['committee'],
  queueIds: [],
  emailNotices: true,
  language: 'en',
};
const inboxOnly: StaffUser = {
  id: 'u-agent',
  email: 'agent@example.org',
  name: 'منى',
  roles: ['agent'],
  queueIds: [],
};

const society: SocietyProfile = {
  ...DEFAULT_SOCIETY_PROFILE,
  nameAr: 'جمعية البر',
  nameEn: 'Al-Birr Society',
};

const breach: EscalationNotice = {
  recipients: [arabicReader, englishReader, inboxOnly],
  ticket,
  level: 'breach',
  clock: 'committeeDecision',
  // 09:00 in Riyadh.
  dueAt: '2026-12-04T06:00:00.000Z',
  toldAt: '2026-12-04T06:01:00.000Z',
};

const LATIN = /[A-Za-z]/;
const INBOX = 'https://inbox.society.org.sa/';
const LINK = `https://inbox.society.org.sa/#/tickets/${ticket.id}`;
const ARABIC = /[\u0600-\u06FF]/;

/** The escalation email's sender and subject, the words its text says, and the ticket's link. */
function expectEscalationEmail(email: StaffNoticeEmail, senderName: string, subject: string, says: string[]) {
  expect(email.senderName).toBe(senderName);
  expect(email.subject).toBe(subject);
  for (const words of says) expect(email.text).toContain(words);
  // The ticket's own address in the inbox, on a line of its own so mail clients make it a link.
  expect(email.text.split('\n')).toContain(LINK);
}

describe('the escalation email', () => {
  it('is wholly in Arabic for a staff member who chose no language, from the society by its Arabic name', () => {
    const email = escalationEmail(breach, arabicReader, society, INBOX);
    expect(email.to).toBe('supervisor@example.org');
    expectEscalationEmail(email, 'جمعية البر', 'تجاوز مهلة قرار لجنة البحث: SND-2026-000123', [
      'مرحباً عبدالله',
      'الموعد: الجمعة',
      '٩:٠٠',
    ]);
    // The only Latin letters are the ticket reference's and the link's.
    expect(email.text.replaceAll('SND', '').replace(LINK, '')).not.toMatch(LATIN);
    expect(email.subject.replaceAll('SND', '')).not.toMatch(LATIN);
  });

  it('is wholly in English for one who chose English, Arabic only where the ticket itself is', () => {
    const email = escalationEmail(breach, englishReader, society, INBOX);
    expectEscalationEmail(
      email,
      'Al-Birr Society',
      'The research committee decision deadline has passed: SND-2026-000123',
      ['Hello Sarah', 'Due: Friday', '09:00'],
    );
    expect(email.text.replaceAll(ticket.subject, '')).not.toMatch(ARABIC);
  });

  it('gives the notification centre one line in one language', () => {
    expect(escalationSummary(breach)).toBe('تجاوز مهلة قرار لجنة البحث للتذكرة SND-2026-000123: طلب دعم');
    expect(escalationSummary({ ...breach, level: 'warning', clock: 'firstResponse' }, 'en')).toBe(
      'The first response deadline is close for ticket SND-2026-000123: طلب دعم',
    );
  });
});

/** The escalation notifier over an in-memory centre and mailer, keeping each email to once as the store does. */
function notifierOnRecord() {
  const centre: StaffNotification[] = [];
  const sent: StaffNoticeEmail[] = [];
  const emailed = new Set<string>();
  let id = 0;
  const notifier = notificationCentreNotifier(
    {
      notifications: {
        // As the store does: a notice whose id is there already is left as it is.
        add: async (added) =>
          void centre.push(...added.filter((notice) => !centre.some((kept) => kept.id === notice.id))),
        listFor: vi.fn(),
        markRead: vi.fn(),
      },
      ids: { next: () => `n${++id}`, repeatable: (_at: Date, seed: string) => seed },
      clock: { now: () => new Date('2026-12-04T06:01:00.000Z') },
      societyProfile: { getSocietyProfile: async () => society, putSocietyProfile: vi.fn() },
    },
    {
      mailer: { send: async (email) => void sent.push(email) },
      inboxUrl: INBOX,
      sentEmails: {
        take: async (userId, noticeId) => !emailed.has(`${userId} ${noticeId}`),
        sent: async (userId, noticeId) => void emailed.add(`${userId} ${noticeId}`),
      },
    },
  );
  return { notifier, centre, sent };
}

describe('telling staff of an escalation', () => {
  it('puts each notice in its reader’s language and emails only those who asked, one email each', async () => {
    const { notifier, centre, sent } = notifierOnRecord();
    await notifier.notify(breach);
    // Told again (a sweep taking over from one that died after telling): the emails that went do not go again.
    await notifier.notify(breach);

    expect(centre.map((notice) => [notice.userId, notice.kind])).toEqual([
      ['u-supervisor', 'escalation_breach'],
      ['u-volunteer', 'escalation_breach'],
      ['u-agent', 'escalation_breach'],
    ]);
    expect(centre[1]?.text).toMatch(/^The research committee decision deadline has passed/);
    expect(centre[2]?.text).toMatch(/^تجاوز مهلة/);
    expect(sent).toEqual([
      escalationEmail(breach, arabicReader, society, INBOX),
      escalationEmail(breach, englishReader, society, INBOX),
    ]);
  });

  it('tells nothing to a disabled account, whoever chose it as a recipient', async () => {
    const { notifier, centre, sent } = notifierOnRecord();
    await notifier.notify({ ...breach, recipients: [{ ...arabicReader, disabled: true }, englishReader] });
    expect(centre.map((notice) => notice.userId)).toEqual(['u-volunteer']);
    expect(sent.map((email) => email.to)).toEqual(['volunteer@example.org']);
  });
});

describe('the staff mailers', () => {
  const ses = mockClient(SESv2Client);
  afterEach(() => ses.reset());

  it('send each email through SES to its one recipient, from the sender address under the society’s name', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const mailer = new SesStaffMailer(
      { from: 'Sanad <help@society.org.sa>', configurationSet: 'sanad-mail' },
      new SESv2Client({}),
    );
    for (const recipient of [arabicReader, englishReader])
      await mailer.send(escalationEmail(breach, recipient, society, INBOX));

    const inputs = ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(2);
    expect(inputs.map((input) => input.Destination?.ToAddresses)).toEqual([
      ['supervisor@example.org'],
      ['volunteer@example.org'],
    ]);
    expect(inputs[0]?.FromEmailAddress).toBe(
      `=?UTF-8?B?${Buffer.from('جمعية البر').toString('base64')}?= <help@society.org.sa>`,
    );
    expect(inputs[1]?.FromEmailAddress).toBe(
      `=?UTF-8?B?${Buffer.from('Al-Birr Society').toString('base64')}?= <help@society.org.sa>`,
    );
    expect(inputs[0]?.ConfigurationSetName).toBe('sanad-mail');
    const arabic = escalationEmail(breach, arabicReader, society, INBOX);
    expect(inputs[0]?.Content?.Simple?.Subject?.Data).toBe(arabic.subject);
    expect(inputs[0]?.Content?.Simple?.Body?.Text?.Data).toBe(arabic.text);
    expect(inputs[1]?.Content?.Simple?.Subject?.Data).toBe(
      escalationEmail(breach, englishReader, society, INBOX).subject,
    );
    expect(inputs[0]?.Content?.Simple?.Headers).toEqual([
      { Name: 'Auto-Submitted', Value: 'auto-generated' },
    ]);
  });

  it('send nothing through SES when the deployment has no sender address', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await new SesStaffMailer({}, new SESv2Client({})).send(
      escalationEmail(breach, arabicReader, society, INBOX),
    );
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('MAIL_FROM is not set'));
    warn.mockRestore();
  });

  it('put the same words in the local outbox', async () => {
    let id = 0;
    const outbox = new LocalOutbox({ next: () => `o${++id}`, repeatable: () => `o${++id}` });
    const email = escalationEmail(breach, englishReader, society, INBOX);
    await outboxStaffMailer(outbox).send(email);
    const [entry] = outbox.list('email');
    expect(entry).toMatchObject({ to: 'volunteer@example.org', summary: email.subject });
    expect(JSON.parse(entry?.payload ?? '')).toEqual({
      kind: 'escalation',
      ticketId: ticket.id,
      level: 'breach',
      clock: 'committeeDecision',
      from: 'Al-Birr Society',
      subject: email.subject,
      text: email.text,
    });
  });
});
