import { describe, expect, it } from 'vitest';
import { smsTextsTo } from '../support/local-sms.ts';
import { getJson, postJson } from '../support/runtime.ts';
import { useStaffRuntime } from '../support/staff-runtime.ts';
import { applyOnTheForm, TINY_PDF, TINY_PNG } from '../support/support-request.ts';

/** The runtime's clock, moved forward by the test to see a link expire. */
let offsetMs = 0;
const t = useStaffRuntime(['agent', 'supervisor'], { clock: { now: () => new Date(Date.now() + offsetMs) } });

const incomplete = {
  identityMatches: true,
  documentsPresent: false,
  dataConsistent: true,
  missing: 'إثبات الدخل',
};

const lastSms = (phone: string) => smsTextsTo(t.runtime, phone).at(-1) ?? '';

/** Applies, is returned for documents, and answers with the upload link from the text the applicant got. */
async function returnedForDocuments(): Promise<{ id: string; phone: string; link: URL; text: string }> {
  const { id, phone } = await applyOnTheForm(t.runtime);
  const returned = await postJson(
    `${t.runtime.url}/api/tickets/${id}/case/record_verification`,
    { checklist: incomplete },
    { authorization: `Bearer ${t.tokens.agent}` },
  );
  expect(returned.body).toMatchObject({
    status: 'pending_beneficiary',
    supportCase: { step: 'returned_to_applicant' },
  });
  const text = lastSms(phone);
  const found = /https?:\/\/\S+\/public\/applications\/\S+/.exec(text)?.[0];
  if (!found) throw new Error(`No upload link in: ${text}`);
  return { id, phone, link: new URL(found), text };
}

const png = {
  kind: 'income_proof',
  name: 'راتب.png',
  contentType: 'image/png',
  base64: TINY_PNG.toString('base64'),
};
const send = (link: URL, documents: unknown[]) => postJson(`${t.runtime.url}${link.pathname}`, { documents });

describe('documents after submission', () => {
  it('returned for documents, the applicant uploads them once through the link in the text and the case is back in verification', async () => {
    const { id, link, text } = await returnedForDocuments();
    // The link stands on its own line, never followed by punctuation.
    const line = text.split('\n').find((candidate) => candidate.includes('/public/applications/'));
    expect(line).toBe(link.href);
    expect(text).toContain('إثبات الدخل');

    const state = await getJson(`${t.runtime.url}${link.pathname}/state`);
    expect(state).toMatchObject({ status: 200, body: { state: 'open', missing: 'إثبات الدخل' } });

    // A file of a forbidden type is refused by its bytes and does not use the link up.
    const renamed = {
      ...png,
      name: 'صورة.png',
      base64: Buffer.from('MZ\x90\x00 not a picture').toString('base64'),
    };
    const refused = await send(link, [renamed]);
    expect(refused.status).toBe(400);
    const plain = await send(link, [{ ...png, name: 'a.txt', contentType: 'text/plain', base64: 'eA==' }]);
    expect(plain.status).toBe(400);
    expect((await send(link, [])).status).toBe(400);
    const empty = await send(link, [{ ...png, base64: '' }]);
    expect(empty).toMatchObject({
      status: 400,
      body: {
        fields: [
          {
            field: 'documents.0.base64',
            code: 'file_empty',
            messageAr: expect.stringContaining('الملف فارغ'),
            messageEn: expect.stringContaining('The file is empty'),
          },
        ],
      },
    });

    const sent = await send(link, [png]);
    expect(sent).toMatchObject({ status: 200, body: { files: 1 } });

    const opened = await getJson(`${t.runtime.url}/api/tickets/${id}`, t.tokens.agent);
    expect(opened.body.ticket).toMatchObject({
      status: 'open',
      supportCase: { step: 'intake', documentsReceivedAt: expect.any(String) },
    });
    expect((opened.body.ticket as { sla?: { pausedAt?: string } }).sla?.pausedAt).toBeUndefined();
    const messages = opened.body.messages as {
      id: string;
      direction: string;
      attachments: { name: string; contentType: string }[];
    }[];
    const uploaded = messages.find((message) => message.attachments.some((file) => file.name === 'راتب.png'));
    expect(uploaded).toMatchObject({ direction: 'inbound', attachments: [{ contentType: 'image/png' }] });
    // What came is said by an event the inbox words in each reader's language, not by a sentence in Arabic.
    expect(uploaded).toMatchObject({ text: '' });
    const events = opened.body.events as { type: string; data: Record<string, unknown> }[];
    expect(events.find((event) => event.type === 'documents_received')?.data).toEqual({
      count: 1,
      kinds: ['income_proof'],
      missing: 'إثبات الدخل',
      messageId: uploaded?.id,
      via: 'upload_link',
    });
    const file = await fetch(`${t.runtime.url}/api/tickets/${id}/messages/${uploaded?.id}/attachments/0`, {
      headers: { authorization: `Bearer ${t.tokens.agent}` },
    });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(TINY_PNG)).toBe(true);

    // The same link again is gone, with the reason in Arabic.
    const again = await send(link, [png]);
    expect(again.status).toBe(410);
    expect(JSON.stringify(again.body)).toContain('استُخدم هذا الرابط');
    expect((await getJson(`${t.runtime.url}${link.pathname}/state`)).body).toMatchObject({ state: 'used' });
  });

  it('keeps and offers a file under its name without the direction controls that disguise a program', async () => {
    const { id, link } = await returnedForDocuments();
    const disguised = {
      kind: 'income_proof',
      name: 'فاتورة\u202Efdp.exe\u2026.pdf',
      contentType: 'application/pdf',
      base64: TINY_PDF.toString('base64'),
    };
    expect((await send(link, [disguised])).status).toBe(200);

    const opened = await getJson(`${t.runtime.url}/api/tickets/${id}`, t.tokens.agent);
    const messages = opened.body.messages as { id: string; attachments: { name: string }[] }[];
    const uploaded = messages.findLast((message) => message.attachments.length > 0);
    expect(uploaded?.attachments.map((file) => file.name)).toEqual(['فاتورةfdp.exe\u2026.pdf']);
    const file = await fetch(`${t.runtime.url}/api/tickets/${id}/messages/${uploaded?.id}/attachments/0`, {
      headers: { authorization: `Bearer ${t.tokens.agent}` },
    });
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('فاتورةfdp.exe\u2026.pdf')}`,
    );
  });

  it('names a PDF sent as a script (.hta, .bat) for what it is, so opening it never runs it', async () => {
    const { id, link } = await returnedForDocuments();
    const disguised = (name: string) => ({
      kind: 'income_proof',
      name,
      contentType: 'application/pdf',
      base64: Buffer.from(
        "%PDF-1.7\r\n<script>new ActiveXObject('WScript.Shell').Run('calc')</script>",
      ).toString('base64'),
    });
    expect((await send(link, [disguised('الهوية.pdf.hta'), disguised('كشف الحساب.bat')])).status).toBe(200);

    const opened = await getJson(`${t.runtime.url}/api/tickets/${id}`, t.tokens.agent);
    const messages = opened.body.messages as { id: string; attachments: { name: string }[] }[];
    const uploaded = messages.findLast((message) => message.attachments.length > 0);
    expect(uploaded?.attachments.map((file) => file.name)).toEqual([
      'الهوية.pdf.hta.pdf',
      'كشف الحساب.bat.pdf',
    ]);
    const file = await fetch(`${t.runtime.url}/api/tickets/${id}/messages/${uploaded?.id}/attachments/0`, {
      headers: { authorization: `Bearer ${t.tokens.agent}` },
    });
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('الهوية.pdf.hta.pdf')}`,
    );
  });

  it('closes the link of an earlier return when staff return the case again, the new link taking its place', async () => {
    const { id, phone, link: first } = await returnedForDocuments();
    // A researcher looks into it, and the case is returned again with a longer list.
    const referred = await postJson(
      `${t.runtime.url}/api/tickets/${id}/case/refer_to_researcher`,
      { reason: 'لم يتضح مصدر الدخل' },
      { authorization: `Bearer ${t.tokens.agent}` },
    );
    expect(referred.body).toMatchObject({ supportCase: { step: 'social_research' } });
    const again = await postJson(
      `${t.runtime.url}/api/tickets/${id}/case/record_verification`,
      { checklist: { ...incomplete, missing: 'إثبات الدخل وصك الإعالة' } },
      { authorization: `Bearer ${t.tokens.supervisor}` },
    );
    expect(again.body).toMatchObject({ supportCase: { step: 'returned_to_applicant' } });
    const found = /https?:\/\/\S+\/public\/applications\/\S+/.exec(lastSms(phone))?.[0];
    if (!found) throw new Error('No new upload link');
    const second = new URL(found);
    expect(second.pathname).not.toBe(first.pathname);

    expect((await getJson(`${t.runtime.url}${first.pathname}/state`)).body).toMatchObject({
      state: 'closed',
    });
    const refused = await send(first, [png]);
    expect(refused.status).toBe(410);
    expect(JSON.stringify(refused.body)).toContain('case_moved_on');
    expect((await getJson(`${t.runtime.url}${second.pathname}/state`)).body).toMatchObject({
      state: 'open',
      missing: 'إثبات الدخل وصك الإعالة',
    });
    expect((await send(second, [png])).status).toBe(200);
  });

  it('answers 410 once the link has expired', async () => {
    const { link } = await returnedForDocuments();
    offsetMs += 8 * 86_400_000;
    try {
      const late = await send(link, [png]);
      expect(late.status).toBe(410);
      expect(JSON.stringify(late.body)).toContain('انتهت صلاحية');
      expect((await getJson(`${t.runtime.url}${link.pathname}/state`)).body).toMatchObject({
        state: 'expired',
      });
    } finally {
      offsetMs = 0;
    }
  });

  it('does not know a link nobody was sent', async () => {
    const unknown = new URL(
      `${t.runtime.url}/public/applications/k6LSBBxVgctpnrC0UBDY4FF9z9FTvYcqvWDYhfiQd50`,
    );
    expect((await send(unknown, [png])).status).toBe(404);
  });
});
