import { describe, expect, it, vi } from 'vitest';
import { useMovingClock } from '../support/moving-clock.ts';
import { postJson } from '../support/runtime.ts';
import { anApplication, confirmationCodesSentTo } from '../support/support-request.ts';

const { t, wait } = useMovingClock('2026-11-02T06:00:00Z');

/** A fresh application on a day of its own (rate-limit windows do not carry over). */
async function apply(): Promise<{ reference: string; phone: string; ticketId: string }> {
  wait(86_400_000);
  const form = anApplication();
  const { status, body } = await postJson(`${t.runtime.url}/public/support-requests`, form);
  expect(status).toBe(201);
  expect(body.awaitingPhoneConfirmation).toBe(true);
  const reference = body.reference as string;
  const ticket = await t.runtime.deps.store.findTicketByReference(reference);
  return { reference, phone: `+966${String(form.phone).slice(1)}`, ticketId: ticket?.id ?? '' };
}

const confirm = (reference: string, code: string, phone?: string) =>
  postJson(`${t.runtime.url}/public/support-requests/${reference}/confirm-phone`, { code, phone });
const resend = (reference: string, phone?: string) =>
  postJson(`${t.runtime.url}/public/support-requests/${reference}/confirm-phone/code`, { phone });
async function textFrom(phone: string, text: string, id: string): Promise<void> {
  const received = await postJson(`${t.runtime.url}/local/sms`, {
    originationNumber: phone,
    destinationNumber: '+966112345678',
    messageBody: text,
    inboundMessageId: id,
  });
  expect(received.status).toBe(202);
  await t.runtime.settled();
}
const stepOf = async (reference: string) =>
  (await t.runtime.deps.store.findTicketByReference(reference))?.supportCase?.step;
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
const latestCode = (phone: string) => confirmationCodesSentTo(t.runtime, phone).at(-1) ?? '';

describe('the phone confirmation of a public-form application', () => {
  it('sends a six-digit code to the phone, and the code moves the case on to intake', async () => {
    const { reference, phone } = await apply();
    expect(await stepOf(reference)).toBe('phone_unconfirmed');
    const code = latestCode(phone);
    expect(code).toMatch(/^\d{6}$/);
    const confirmed = await confirm(reference, code);
    expect(confirmed).toMatchObject({ status: 200, body: { phoneConfirmed: true } });
    expect(await stepOf(reference)).toBe('intake');
  });

  it('no longer tags the application as from an unverified sender once its phone is confirmed', async () => {
    const { reference, phone } = await apply();
    const tagsOf = async () => (await t.runtime.deps.store.findTicketByReference(reference))?.tags ?? [];
    expect(await tagsOf()).toContain('sender_not_verified');
    await confirm(reference, latestCode(phone));
    expect(await tagsOf()).not.toContain('sender_not_verified');
  });

  it('sends the first code on a resubmission when the first submission was cut short before it', async () => {
    wait(86_400_000);
    const form = anApplication();
    const phone = `+966${String(form.phone).slice(1)}`;
    const headers = { 'idempotency-key': `cut-short-${phone}` };
    // The application is stored, then the process fails before its code is issued.
    const cut = vi.spyOn(t.runtime.deps.statusCodes, 'put').mockRejectedValueOnce(new Error('process died'));
    const first = await postJson(`${t.runtime.url}/public/support-requests`, form, headers);
    cut.mockRestore();
    expect(first.status).toBe(500);
    expect(confirmationCodesSentTo(t.runtime, phone)).toHaveLength(0);

    const again = await postJson(`${t.runtime.url}/public/support-requests`, form, headers);
    expect(again).toMatchObject({ status: 200, body: { awaitingPhoneConfirmation: true } });
    expect(confirmationCodesSentTo(t.runtime, phone)).toHaveLength(1);
    // A further retry asks for the code already sent: it sends no other.
    await postJson(`${t.runtime.url}/public/support-requests`, form, headers);
    expect(confirmationCodesSentTo(t.runtime, phone)).toHaveLength(1);
    const code = confirmationCodesSentTo(t.runtime, phone)[0] as string;
    expect((await confirm(again.body.reference as string, code, phone)).status).toBe(200);
  });

  it('texts one code when the same application arrives twice at once (a double click), and that code works', async () => {
    for (let pair = 0; pair < 5; pair += 1) {
      wait(86_400_000);
      const form = anApplication();
      const phone = `+966${String(form.phone).slice(1)}`;
      const headers = { 'idempotency-key': `double-click-${pair}` };
      const [one, two] = await Promise.all([
        postJson(`${t.runtime.url}/public/support-requests`, form, headers),
        postJson(`${t.runtime.url}/public/support-requests`, form, headers),
      ]);
      expect([one.status, two.status].sort()).toEqual([200, 201]);
      expect(confirmationCodesSentTo(t.runtime, phone)).toHaveLength(1);
      const code = confirmationCodesSentTo(t.runtime, phone)[0] as string;
      expect((await confirm(one.body.reference as string, code, phone)).status).toBe(200);
    }
  });

  it('refuses a wrong code with the attempts left, in Arabic', async () => {
    const { reference, phone } = await apply();
    const refused = await confirm(reference, wrong(latestCode(phone)));
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ attemptsLeft: 4 });
    expect(String(refused.body.messageAr)).toContain('الرمز غير صحيح');
    expect(await stepOf(reference)).toBe('phone_unconfirmed');
  });

  it('expires after ten minutes, as the form (which names the phone) is told', async () => {
    const { reference, phone } = await apply();
    const code = latestCode(phone);
    wait(10 * 60_000 + 1000);
    const refused = await confirm(reference, code, phone);
    expect(refused).toMatchObject({ status: 410, body: { error: 'code_expired' } });
    expect(String(refused.body.messageAr)).toContain('انتهت صلاحية الرمز');
    expect(await stepOf(reference)).toBe('phone_unconfirmed');
  });

  it('is burnt after five wrong attempts, even for the right code', async () => {
    const { reference, phone } = await apply();
    const code = latestCode(phone);
    for (let attempt = 0; attempt < 5; attempt += 1)
      expect((await confirm(reference, wrong(code))).status).toBe(401);
    const refused = await confirm(reference, code);
    expect(refused).toMatchObject({ status: 410, body: { error: 'code_attempts_exhausted' } });
    expect(await stepOf(reference)).toBe('phone_unconfirmed');
  });

  it('works once: a replayed code is refused', async () => {
    const { reference, phone } = await apply();
    const code = latestCode(phone);
    expect((await confirm(reference, code, phone)).status).toBe(200);
    expect(await confirm(reference, code, phone)).toMatchObject({
      status: 410,
      body: { error: 'code_used' },
    });
  });

  it('tells a stranger nothing of the reference: no code, a lapsed one, a used one or a live one answer alike', async () => {
    const tries = async (reference: string, phone?: string) => {
      const seen: unknown[] = [];
      for (let attempt = 0; attempt < 6; attempt += 1) {
        const { status, body } = await confirm(reference, '000001', phone);
        seen.push(status, body.attemptsLeft ?? body.error);
      }
      return seen;
    };
    const lapsed = await apply();
    const used = await apply();
    expect((await confirm(used.reference, latestCode(used.phone), used.phone)).status).toBe(200);
    wait(10 * 60_000 + 1000);
    const live = await apply();
    // Naming no phone.
    const unnamed = await tries(live.reference);
    expect(unnamed).toEqual([401, 4, 401, 3, 401, 2, 401, 1, 401, 0, 410, 'code_attempts_exhausted']);
    for (const reference of [lapsed.reference, used.reference, 'SND-2026-999997'])
      expect(await tries(reference), reference).toEqual(unnamed);
    expect((await confirm(live.reference, latestCode(live.phone), live.phone)).status).toBe(200);

    // Naming another phone, after asking a code with it or not (an hour on, the page's limits over again): a
    // waiting application is not told from the rest, and nothing is sent to the phone named.
    wait(3_600_000);
    const waiting = await apply();
    const strangers = ['0550000991', '0550000992', '0550000993', '0550000994'];
    expect((await resend(waiting.reference, strangers[0])).status).toBe(202);
    const named = await tries(waiting.reference, strangers[0]);
    expect(named).toEqual(unnamed);
    for (const [index, reference] of [lapsed.reference, used.reference, 'SND-2026-999996'].entries()) {
      const stranger = strangers[index + 1] as string;
      expect((await resend(reference, stranger)).status).toBe(202);
      expect(await tries(reference, stranger), reference).toEqual(named);
      expect(await tries(reference, `05600009${index}0`), reference).toEqual(named);
    }
    for (const stranger of strangers)
      expect(confirmationCodesSentTo(t.runtime, `+966${stranger.slice(1)}`)).toEqual([]);
    // The applicant's own attempts were left alone: the code still works for them.
    expect((await confirm(waiting.reference, latestCode(waiting.phone), waiting.phone)).status).toBe(200);
  });

  it('is resent at most three times an hour per phone, and only the latest code works', async () => {
    const { reference, phone } = await apply();
    const first = latestCode(phone);
    for (let resent = 0; resent < 3; resent += 1) expect((await resend(reference)).status).toBe(202);
    expect(confirmationCodesSentTo(t.runtime, phone)).toHaveLength(4);
    const limited = await resend(reference);
    expect(limited.status).toBe(429);
    expect(confirmationCodesSentTo(t.runtime, phone)).toHaveLength(4);
    const latest = latestCode(phone);
    if (latest !== first) expect((await confirm(reference, first)).status).toBe(401);
    expect((await confirm(reference, latest)).status).toBe(200);
  });

  it('keeps the applicant’s own attempts when a stranger who knows only the reference uses up theirs', async () => {
    const { reference, phone } = await apply();
    const code = latestCode(phone);
    for (let attempt = 0; attempt < 5; attempt += 1)
      expect((await confirm(reference, wrong(code))).status).toBe(401);
    expect(await confirm(reference, code)).toMatchObject({
      status: 410,
      body: { error: 'code_attempts_exhausted' },
    });
    // The form names the phone it was given: its attempts are the applicant's, still all there.
    const refused = await confirm(reference, wrong(code), phone);
    expect(refused).toMatchObject({ status: 401, body: { attemptsLeft: 4 } });
    expect((await confirm(reference, code, phone)).status).toBe(200);
    expect(await stepOf(reference)).toBe('intake');
  });

  it('answers an attempt naming another phone as the applicant’s would be, with attempts of its own', async () => {
    const { reference, phone } = await apply();
    const code = latestCode(phone);
    const stranger = '+966559990001';
    const strangers = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const { status, body } = await confirm(reference, attempt === 0 ? code : wrong(code), stranger);
      strangers.push({ status, attemptsLeft: body.attemptsLeft, error: body.error });
    }
    expect(strangers).toEqual([
      ...[4, 3, 2, 1, 0].map((attemptsLeft) => ({ status: 401, attemptsLeft, error: 'unauthorized' })),
      { status: 410, attemptsLeft: undefined, error: 'code_attempts_exhausted' },
    ]);
    // The applicant's own attempts are all there.
    expect(await confirm(reference, wrong(code), phone)).toMatchObject({
      status: 401,
      body: { attemptsLeft: 4 },
    });
    expect((await confirm(reference, code)).status).toBe(200);
  });

  it('answers resends and attempts naming a guessed phone as the applicant’s own', async () => {
    const guessing = async (reference: string, phone: string) => {
      const seen: unknown[] = [];
      for (let resent = 0; resent < 4; resent += 1) seen.push((await resend(reference, phone)).status);
      const { status, body } = await confirm(reference, '000001', phone);
      seen.push(status, body.attemptsLeft);
      return seen;
    };
    const theirs = await apply();
    const guessed = await guessing(theirs.reference, '+966559990011');
    const applicant = await apply();
    expect(await guessing(applicant.reference, applicant.phone)).toEqual(guessed);
    expect(guessed).toEqual([202, 202, 202, 429, 401, 4]);
  });

  it('answers resends for a reference that does not exist, or is confirmed already, as for one that waits', async () => {
    const resends = async (reference: string, phone?: string) => {
      const seen: number[] = [];
      for (let resent = 0; resent < 4; resent += 1) seen.push((await resend(reference, phone)).status);
      return seen;
    };
    const waiting = await apply();
    const confirmed = await apply();
    expect((await confirm(confirmed.reference, latestCode(confirmed.phone), confirmed.phone)).status).toBe(
      200,
    );
    const limited = [202, 202, 202, 429];
    expect(await resends(waiting.reference, '+966559990021')).toEqual(limited);
    expect(await resends('SND-2026-999999', '+966559990022')).toEqual(limited);
    expect(await resends(confirmed.reference, '+966559990023')).toEqual(limited);
    // Naming no phone too.
    expect(await resends('SND-2026-999998')).toEqual(limited);
  });

  it('resends nothing to a request naming another phone, and counts unnamed resends apart', async () => {
    const { reference, phone } = await apply();
    expect((await resend(reference, '+966559990002')).status).toBe(202);
    expect(confirmationCodesSentTo(t.runtime, phone)).toHaveLength(1);
    for (let resent = 0; resent < 3; resent += 1) expect((await resend(reference)).status).toBe(202);
    expect((await resend(reference)).status).toBe(429);
    // The applicant's own resends, naming their phone, are untouched.
    expect((await resend(reference, phone)).status).toBe(202);
    expect(confirmationCodesSentTo(t.runtime, phone)).toHaveLength(5);
    expect((await confirm(reference, latestCode(phone), phone)).status).toBe(200);
  });

  it('is confirmed by the reference sent from the phone itself, which no limit on codes can hold back', async () => {
    const { reference, phone, ticketId } = await apply();
    // From another phone the reference proves nothing.
    await textFrom('+966559990004', reference, 'confirm-by-message-1');
    expect(await stepOf(reference)).toBe('phone_unconfirmed');
    await textFrom(
      phone,
      `تأكيد ${reference.replace(/\d/g, (digit) => '٠١٢٣٤٥٦٧٨٩'[Number(digit)] ?? digit)}`,
      'confirm-by-message-2',
    );
    expect(await stepOf(reference)).toBe('intake');
    const thread = await t.runtime.deps.store.getTicketWithThread(ticketId);
    expect(thread?.events.filter((event) => event.data?.action === 'confirm_phone')).toHaveLength(1);
    expect(thread?.events.find((event) => event.data?.action === 'confirm_phone')?.data).toMatchObject({
      proof: 'message',
    });
    // The message itself is the case's, as every later one from the phone.
    expect(
      thread?.messages.some((message) => message.channel === 'sms' && message.direction === 'inbound'),
    ).toBe(true);
  });

  it('keeps an unconfirmed application out of verification, which staff see as such', async () => {
    const { reference, ticketId } = await apply();
    const opened = await t.send('GET', `/api/tickets/${ticketId}`, t.agent);
    expect(opened.status).toBe(200);
    expect(opened.body.ticket).toMatchObject({ supportCase: { step: 'phone_unconfirmed' } });
    const verified = await t.send('POST', `/api/tickets/${ticketId}/case/record_verification`, t.agent, {
      checklist: { identityMatches: true, documentsPresent: true, dataConsistent: true },
    });
    expect(verified.status).toBeGreaterThanOrEqual(400);
    expect(await stepOf(reference)).toBe('phone_unconfirmed');
  });
});
