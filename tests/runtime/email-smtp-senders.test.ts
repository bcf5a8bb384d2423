import { describe, expect, it } from 'vitest';
import { getJson, signIn } from '../support/runtime.ts';
import { useSmtpRuntime } from '../support/smtp-runtime.ts';

const m = useSmtpRuntime();
const { verdicts, ticketBySubject, mailIn, verifiedTicket, mailsTo } = m;

describe('email over the local SMTP port: who sent it (npm start)', () => {
  it('takes a mail without From or Sender from its envelope sender, as a scanner or SMS gateway sends it', async () => {
    const subject = 'مسح ضوئي لصك الإعالة';
    await m.smtp.sendMail({
      envelope: { from: 'scanner@office.example.org', to: ['support@sanad.local'] },
      raw: `To: support@sanad.local\r\nSubject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=\r\nMessage-ID: <scan-1@office.example.org>\r\n\r\nمرفق الصك\r\n`,
    });
    const view = await ticketBySubject(subject);
    expect(view?.messages[0]?.text).toBe('مرفق الصك');
    expect(view?.ticket.tags).toContain('sender_not_verified');
  });

  it('keeps and dead-letters a mail naming no sender anywhere, answering the sender 250 so it is not retried', async () => {
    const before = m.runtime.deadLetters.letters.length;
    // No From, Sender or Reply-To, and the empty envelope sender of a mail system's notice.
    await m.smtp.sendMail({
      envelope: { from: '', to: ['support@sanad.local'] },
      raw: 'this is not a mail: it has no sender header\r\n\r\n\u0000\u0001',
    });
    const letter = m.runtime.deadLetters.letters.at(before);
    expect(letter).toMatchObject({ source: 'email-inbound', reason: 'no_sender' });
    const { rawRef } = JSON.parse(letter?.payload ?? '{}') as { rawRef: string };
    const kept = await m.runtime.deps.rawMail?.get(rawRef);
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
    const supervisor = await signIn(m.runtime, 'supervisor@sanad.local');
    const list = await getJson(`${m.runtime.url}/api/quarantine`, supervisor);
    expect(list.status).toBe(200);
    const items = list.body.items as { from: string; subject: string; rawRef: string; reason: string }[];
    const held = items.find((item) => item.subject?.startsWith('Re: طلب فاطمة'));
    expect(held).toMatchObject({ from: 'fatimah@example.com', reason: 'dmarc_fail' });
    const raw = await m.runtime.deps.rawMail?.get(held?.rawRef ?? '');
    expect(Buffer.from(raw?.body ?? []).toString()).toContain('attacker.example');
    expect((await getJson(`${m.runtime.url}/api/quarantine`, m.agent)).status).toBe(403);
    expect((await getJson(`${m.runtime.url}/api/quarantine?cursor=bm90LWEta2V5`, supervisor)).status).toBe(
      400,
    );
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
});
