import { describe, expect, it } from 'vitest';
import { getJson, postJson, postJsonFrom } from '../support/runtime.ts';
import { useStatusPage } from '../support/status-page.ts';
import { TINY_PNG } from '../support/support-request.ts';

const { t, wait, now, anAppliedRequest, askCode, readStatus, codesSentTo } = useStatusPage();

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('the status page’s one-time code', () => {
  it('is sent by SMS when the reference and phone match, and opens the steps and dates (nothing personal)', async () => {
    const { reference, phone } = await anAppliedRequest();
    const asked = await askCode(reference, phone);
    expect(asked.status).toBe(202);
    const [code] = codesSentTo(phone);
    expect(code).toMatch(/^\d{6}$/);

    const status = await readStatus(reference, phone.replace('+966', '0'), code ?? '');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ reference, type: 'support_request', status: 'new', step: 'intake' });
    expect(typeof status.body.receivedAt).toBe('string');
    const shown = JSON.stringify(status.body);
    expect(shown).not.toContain('1000000008');
    expect(shown).not.toContain('أم عبدالله');
    expect(shown).not.toContain(phone);
  });

  it('accepts the code in Arabic-Indic digits and shows later steps with their dates', async () => {
    const { reference, phone } = await anAppliedRequest();
    const ticket = await t.runtime.deps.store.findTicketByReference(reference);
    const researcher = await postJson(
      `${t.runtime.url}/api/tickets/${ticket?.id}/case/record_verification`,
      { checklist: { identityMatches: true, documentsPresent: true, dataConsistent: true } },
      { authorization: `Bearer ${t.supervisor}` },
    );
    expect(researcher.status).toBe(200);
    await postJson(
      `${t.runtime.url}/api/tickets/${ticket?.id}/case/send_to_committee`,
      {},
      { authorization: `Bearer ${t.supervisor}` },
    );
    await askCode(reference, phone);
    const code = codesSentTo(phone).at(-1) ?? '';
    const arabic = code.replace(/\d/g, (digit) => '٠١٢٣٤٥٦٧٨٩'[Number(digit)] ?? digit);

    const status = await readStatus(reference.toLowerCase(), phone, arabic);
    expect(status.body).toMatchObject({
      step: 'committee_review',
      verifiedAt: new Date(now()).toISOString(),
      sentToCommitteeAt: new Date(now()).toISOString(),
      committeeDueAt: new Date(now() + 14 * 86_400_000).toISOString(),
    });
  });

  it('shows when a withdrawn case ended, never why', async () => {
    const { reference, phone } = await anAppliedRequest();
    const ticket = await t.runtime.deps.store.findTicketByReference(reference);
    const withdrawn = await postJson(
      `${t.runtime.url}/api/tickets/${ticket?.id}/case/withdraw`,
      { reason: 'اتصلت المستفيدة وطلبت سحب الطلب لانتقالها إلى مدينة أخرى' },
      { authorization: `Bearer ${t.supervisor}` },
    );
    expect(withdrawn.status).toBe(200);
    await askCode(reference, phone);
    const status = await readStatus(reference, phone, codesSentTo(phone).at(-1) ?? '');
    expect(status.body).toMatchObject({ step: 'withdrawn', endedAt: new Date(now()).toISOString() });
    expect(JSON.stringify(status.body)).not.toContain('مدينة أخرى');
  });

  it('says what is missing while the case waits for documents, with a new upload link that works', async () => {
    const { reference, phone } = await anAppliedRequest();
    const ticket = await t.runtime.deps.store.findTicketByReference(reference);
    const returned = await postJson(
      `${t.runtime.url}/api/tickets/${ticket?.id}/case/record_verification`,
      {
        checklist: {
          identityMatches: true,
          documentsPresent: false,
          dataConsistent: true,
          missing: 'إثبات الدخل وصورة عقد الإيجار',
        },
        notes: 'ملاحظة داخلية: الراتب المذكور لا يطابق كشف الحساب',
      },
      { authorization: `Bearer ${t.supervisor}` },
    );
    expect(returned.status).toBe(200);
    // Before the code, nothing is said about the request.
    expect(JSON.stringify((await askCode(reference, phone)).body)).not.toContain('إثبات الدخل');
    const status = await readStatus(reference, phone, codesSentTo(phone).at(-1) ?? '');
    expect(status.body).toMatchObject({
      step: 'returned_to_applicant',
      missingDocuments: {
        missing: 'إثبات الدخل وصورة عقد الإيجار',
        uploadLink: expect.stringMatching(/\/public\/applications\/[A-Za-z0-9_-]{43}$/),
        validUntil: new Date(now() + 7 * 86_400_000).toISOString(),
      },
    });
    expect(JSON.stringify(status.body)).not.toContain('ملاحظة داخلية');
    const link = new URL(String((status.body.missingDocuments as { uploadLink: string }).uploadLink));
    expect((await getJson(`${t.runtime.url}${link.pathname}/state`)).body).toMatchObject({
      state: 'open',
      reference,
      missing: 'إثبات الدخل وصورة عقد الإيجار',
    });
    const sent = await postJson(`${t.runtime.url}${link.pathname}`, {
      documents: [
        {
          kind: 'income_proof',
          name: 'راتب.png',
          contentType: 'image/png',
          base64: TINY_PNG.toString('base64'),
        },
      ],
    });
    expect(sent).toMatchObject({ status: 200, body: { files: 1 } });

    // Back in verification, the page offers no link.
    await askCode(reference, phone);
    const after = await readStatus(reference, phone, codesSentTo(phone).at(-1) ?? '');
    expect(after.body).toMatchObject({ step: 'intake' });
    expect(after.body.missingDocuments).toBeUndefined();
  });

  it('answers an unknown reference or a phone that is not the applicant’s exactly the same, and sends nothing', async () => {
    const { reference, phone } = await anAppliedRequest();
    const before = t.runtime.outbox.list('sms').length;
    const matching = await askCode(reference, phone);
    const otherPhone = await askCode(reference, '0550000999');
    const unknown = await askCode('SND-2026-999999', phone);

    expect(otherPhone).toEqual({ status: matching.status, body: matching.body });
    expect(unknown).toEqual({ status: matching.status, body: matching.body });
    expect(t.runtime.outbox.list('sms').length - before).toBe(1);
    expect(t.runtime.outbox.list('sms').filter((entry) => entry.to === '+966550000999')).toHaveLength(0);
  });

  it('says how many attempts are left after a wrong code, and burns the code after five', async () => {
    const { reference, phone } = await anAppliedRequest();
    await askCode(reference, phone);
    const code = codesSentTo(phone).at(-1) ?? '';

    const attemptsLeft: unknown[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await readStatus(reference, phone, wrong(code));
      expect(response.status).toBe(401);
      attemptsLeft.push(response.body.attemptsLeft);
    }
    expect(attemptsLeft).toEqual([4, 3, 2, 1, 0]);
    expect((await readStatus(reference, phone, code)).status).toBe(410);
  });

  it('answers a code tried with another phone as its holder would be answered, and leaves the holder’s attempts alone', async () => {
    const answers = async (reference: string, phone: string, tries: string[]) => {
      const seen = [];
      for (const tried of tries) {
        const { status, body } = await readStatus(reference, phone, tried);
        seen.push({ status, body });
      }
      return seen;
    };
    const theirs = await anAppliedRequest();
    await askCode(theirs.reference, theirs.phone);
    const code = codesSentTo(theirs.phone).at(-1) ?? '';
    // A stranger guessing which phone applied: the code tried with another phone runs down as the holder's would.
    const stranger = await answers(theirs.reference, '0550000999', [code, ...Array(5).fill(wrong(code))]);
    // A reference with no code at all answers word for word the same: no answer tells whether a code was sent.
    expect(await answers('SND-2026-999998', '0550000999', [code, ...Array(5).fill(wrong(code))])).toEqual(
      stranger,
    );
    expect(await readStatus(theirs.reference, theirs.phone, wrong(code))).toMatchObject({
      status: 401,
      body: { attemptsLeft: 4 },
    });
    expect((await readStatus(theirs.reference, theirs.phone, code)).status).toBe(200);
    // Word for word what the holder of another request is answered.
    const other = await anAppliedRequest();
    await askCode(other.reference, other.phone);
    const otherCode = codesSentTo(other.phone).at(-1) ?? '';
    expect(await answers(other.reference, other.phone, Array(6).fill(wrong(otherCode)))).toEqual(stranger);
    expect(stranger.map(({ status }) => status)).toEqual([401, 401, 401, 401, 401, 410]);
  });

  it('answers a stranger who asked a code with a guessed phone as the applicant who asked one, to the expiry', async () => {
    const guessing = async (reference: string, phone: string) => {
      const asked = await askCode(reference, phone);
      const seen: unknown[] = [asked.status];
      for (let attempt = 0; attempt < 2; attempt++) {
        const { status, body } = await readStatus(reference, phone, '000001');
        seen.push(status, body.attemptsLeft ?? body.error);
      }
      return seen;
    };
    const theirs = await anAppliedRequest();
    const guessed = await guessing(theirs.reference, '0550000998');
    const applicant = await anAppliedRequest();
    expect(await guessing(applicant.reference, applicant.phone)).toEqual(guessed);
    expect(guessed).toEqual([202, 401, 4, 401, 3]);
    wait(10 * 60_000 + 1000);
    const late = await readStatus(theirs.reference, '0550000998', '000001');
    expect(late).toEqual(await readStatus(applicant.reference, applicant.phone, '000001'));
    expect(late).toMatchObject({ status: 410, body: { error: 'code_expired' } });
  });

  it('works once only', async () => {
    const { reference, phone } = await anAppliedRequest();
    await askCode(reference, phone);
    const code = codesSentTo(phone).at(-1) ?? '';
    expect((await readStatus(reference, phone, code)).status).toBe(200);
    expect((await readStatus(reference, phone, code)).status).toBe(410);
  });

  it('expires after ten minutes', async () => {
    const { reference, phone } = await anAppliedRequest();
    await askCode(reference, phone);
    const code = codesSentTo(phone).at(-1) ?? '';
    wait(10 * 60_000 + 1000);
    const response = await readStatus(reference, phone, code);
    expect(response).toMatchObject({ status: 410, body: { error: 'code_expired' } });
  });

  it('counts a phone per client address: asks naming it from elsewhere never lock its holder out', async () => {
    const { reference, phone } = await anAppliedRequest();
    for (let index = 0; index < 4; index++)
      await postJsonFrom('127.0.7.1', `${t.runtime.url}/public/status/code`, {
        reference: `SND-2026-99990${index}`,
        phone,
      });
    const own = await postJsonFrom('127.0.7.2', `${t.runtime.url}/public/status/code`, { reference, phone });
    expect(own.status).toBe(202);
    expect(codesSentTo(phone)).toHaveLength(1);
  });

  it('is sent at most three times per phone in fifteen minutes', async () => {
    const { reference, phone } = await anAppliedRequest();
    const statuses: number[] = [];
    for (let index = 0; index < 4; index++) statuses.push((await askCode(reference, phone)).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    expect(codesSentTo(phone)).toHaveLength(3);

    wait(15 * 60_000);
    expect((await askCode(reference, phone)).status).toBe(202);
  });

  it('refuses a malformed reference, phone or code with a reason per field', async () => {
    wait(86_400_000);
    const response = await readStatus('ABC', '123', '12');
    expect(response.status).toBe(400);
    expect((response.body.fields as { field: string; code: string }[]).map((field) => field.code)).toEqual([
      'invalid_reference',
      'invalid_phone',
      'invalid_code',
    ]);
  });
});
