import { describe, expect, it } from 'vitest';
import { whatsappWebhook } from '../../infra/local/provider-payloads.ts';
import {
  pageWith,
  type StoredChoices,
  staffPageOnTicket,
  useBrowserPage,
  useStaffTokens,
} from '../support/browser-session.ts';
import { postMetaWebhook } from '../support/provider-stand-in.ts';
import { lastTextTo } from '../support/public-links.ts';
import { postJson } from '../support/runtime.ts';
import { applyOnTheForm, TINY_PNG } from '../support/support-request.ts';
import { latinDigitsShown, screenshot, seriousAccessibilityViolations, sidewaysScroll } from './support.ts';

/** The reference of the request whose documents the first test sent. */
let sentReference = '';

// The applicant opens the link from the text on a small phone.
const applicant = useBrowserPage({ viewport: { width: 390, height: 844 } });
const { suite } = applicant;
const tokens = useStaffTokens(suite, ['agent']);

/** An agent records the application's verification with `missing` documents: it goes back to the applicant. */
async function returnForMissing(ticketId: string, missing: string, notes?: string): Promise<void> {
  const checklist = { identityMatches: true, documentsPresent: false, dataConsistent: true, missing };
  const returned = await postJson(
    `${suite.runtime.url}/api/tickets/${ticketId}/case/record_verification`,
    { checklist, notes },
    { authorization: `Bearer ${tokens.agent}` },
  );
  expect(returned.status).toBe(200);
}

/** The ticket's "documents received" line as an agent sees it in `stored`'s language, photographed as `name`. */
async function documentsLine(reference: string, stored: StoredChoices, name: string) {
  const inbox = await staffPageOnTicket(
    suite,
    'agent@sanad.local',
    reference,
    { viewport: { width: 1280, height: 800 } },
    stored,
  );
  const line = inbox.locator('li.event[data-event=documents_received]');
  await line.waitFor();
  await line.scrollIntoViewIfNeeded();
  await screenshot(inbox, name);
  return { text: await line.innerText(), line, inbox };
}

describe('the missing-documents page', () => {
  it('opens from the text in Arabic on a phone, takes a PNG once, and then says the link was used', async () => {
    const { page } = applicant;
    const { id, phone } = await applyOnTheForm(suite.runtime);
    await returnForMissing(id, 'إثبات الدخل وصورة عقد الإيجار');
    const link = /https?:\/\/\S+\/public\/applications\/[A-Za-z0-9_-]{43}/.exec(
      lastTextTo(suite.runtime, phone),
    )?.[0];
    if (!link) throw new Error('no upload link in the text');

    await page.goto(link);
    await page.locator('form').waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('h1').innerText()).toBe('استكمال مستندات الطلب');
    expect(await page.locator('.missing').innerText()).toContain('عقد الإيجار');
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'missing-documents-page', { fullPage: true });

    // A file of a type the society does not take is refused beside its slot, until another is chosen there.
    await page.locator('#document-identity').setInputFiles({
      name: 'هوية.exe',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('MZ not a document'),
    });
    await page.getByRole('button', { name: 'إرسال المستندات' }).click();
    await expect.poll(() => page.locator('#document-identity').getAttribute('aria-invalid')).toBe('true');
    await page.locator('#document-identity').setInputFiles({
      name: 'هوية.png',
      mimeType: 'image/png',
      buffer: TINY_PNG,
    });
    expect(await page.locator('#document-identity').getAttribute('aria-invalid')).not.toBe('true');
    await page.locator('#document-income_proof').setInputFiles({
      name: 'راتب.png',
      mimeType: 'image/png',
      buffer: TINY_PNG,
    });
    // The lease was asked for too, and more than one other paper may be: the last slot takes several files.
    await page.locator('#document-other').setInputFiles([
      { name: 'عقد الإيجار ١.png', mimeType: 'image/png', buffer: TINY_PNG },
      { name: 'عقد الإيجار ٢.png', mimeType: 'image/png', buffer: TINY_PNG },
    ]);
    expect(await page.locator('label.picker .names').last().innerText()).toContain('عقد الإيجار ٢.png');
    await screenshot(page, 'missing-documents-chosen', { fullPage: true });
    await page.getByRole('button', { name: 'إرسال المستندات' }).click();
    await page.locator('[data-state=done]').waitFor();
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'missing-documents-sent', { fullPage: true });

    const ticket = await suite.runtime.deps.store.getTicket(id);
    expect(ticket).toMatchObject({ status: 'open', supportCase: { step: 'intake' } });
    sentReference = ticket?.reference ?? '';
    const thread = await suite.runtime.deps.store.getTicketWithThread(id);
    const names = thread?.messages.flatMap((message) => message.attachments.map((file) => file.name));
    expect(names).toEqual(expect.arrayContaining(['راتب.png', 'عقد الإيجار ١.png', 'عقد الإيجار ٢.png']));

    await page.reload();
    await page.locator('[data-state=used]').waitFor();
    expect(await page.locator('[data-state=used] h2').innerText()).toBe('استُخدم هذا الرابط');
  });

  it('tells staff on the ticket what came, in their language, plurals and digits', async () => {
    expect(sentReference).not.toBe('');
    const said = async (stored: StoredChoices, name: string) => {
      const { text, line, inbox } = await documentsLine(sentReference, stored, name);
      // A long line wraps inside its chip instead of running out of the conversation.
      expect(await line.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(
        0,
      );
      // The files' own message carries no server-written sentence.
      const texts = await inbox.locator('.message p.text').allInnerTexts();
      await inbox.context().close();
      expect(texts.join('\n')).not.toContain('عبر رابط الرفع');
      return text;
    };
    const arabic = await said({ language: 'ar' }, 'documents-received-ar');
    expect(arabic).toContain('وصلت المستندات الناقصة عبر رابط الرفع: ٤ ملفات');
    expect(arabic).toContain('صورة الهوية أو الإقامة وإثبات الدخل ومستند آخر');
    // What staff asked for, in their words, isolated from the sentence around it.
    expect(arabic).toContain('المطلوب: \u2068إثبات الدخل وصورة عقد الإيجار\u2069');
    const latin = await said({ language: 'ar', digits: 'latn' }, 'documents-received-ar-latn');
    expect(latin).toContain('عبر رابط الرفع: 4 ملفات');
    const english = await said({ language: 'en' }, 'documents-received-en');
    expect(english).toContain('Missing documents received through the upload link: 4 files');
    expect(english).toContain('(Copy of the national id or iqama, Proof of income, and Another document)');
    expect(english).toContain('asked for: \u2068إثبات الدخل وصورة عقد الإيجار\u2069');
  });

  it('tells staff when a photo sent on WhatsApp took the waiting case back to verification', async () => {
    const { id, reference, phone } = await applyOnTheForm(suite.runtime);
    await returnForMissing(id, 'صورة عقد الإيجار');
    const waId = phone.slice(1);
    const photo = { from: waId, id: `wamid.lease-${id}`, timestamp: String(Math.floor(Date.now() / 1000)) };
    const image = { caption: 'عقد الإيجار', mime_type: 'image/jpeg', sha256: 'h', id: `media-lease-${id}` };
    const delivered = await postMetaWebhook(
      suite.runtime,
      'whatsapp',
      whatsappWebhook({ waId, name: 'مقدمة الطلب' }, [{ ...photo, type: 'image', image }]),
    );
    expect(delivered.status).toBe(200);
    await suite.runtime.settled();
    const said = async (stored: StoredChoices, name: string) => {
      const { text, inbox } = await documentsLine(reference, stored, name);
      await inbox.context().close();
      return text;
    };
    const arabic = await said({ language: 'ar' }, 'documents-by-whatsapp-ar');
    expect(arabic).toContain('وصلت من المستفيد عبر واتساب وطلبه بانتظار المستندات: ملف واحد');
    expect(arabic).toContain('المطلوب: \u2068صورة عقد الإيجار\u2069');
    const english = await said({ language: 'en' }, 'documents-by-whatsapp-en');
    expect(english).toContain('Files came by WhatsApp while the request waited for documents: one file');
  });

  it('shows one who lost the text what is missing and a new upload link on the status page, after its code', async () => {
    const { id, reference, phone } = await applyOnTheForm(suite.runtime);
    await returnForMissing(id, 'صورة عقد الإيجار', 'ملاحظة داخلية للموظفين فقط');
    const status = await pageWith(
      suite.browser,
      { viewport: { width: 360, height: 640 } },
      { language: 'ar' },
    );
    await status.goto(`${suite.runtime.url}/public/status`);
    await status.getByLabel('رقم الطلب').fill(reference);
    await status.getByLabel('رقم الجوال').fill(`0${phone.slice(4)}`);
    await status.getByRole('button', { name: 'أرسل رمز التحقق' }).click();
    await status.getByLabel('رمز التحقق').waitFor();
    // Nothing about the request before the code.
    expect(await status.getByTestId('missing-documents').count()).toBe(0);
    const code = /رمز الاطلاع على حالة طلبكم: (\d{6})/.exec(lastTextTo(suite.runtime, phone))?.[1] ?? '';
    await status.getByLabel('رمز التحقق').fill(code);
    await status.getByRole('button', { name: 'اعرض حالة الطلب' }).click();
    const needed = status.getByTestId('missing-documents');
    await needed.waitFor();
    expect(await needed.innerText()).toContain('صورة عقد الإيجار');
    expect(await status.locator('body').innerText()).not.toContain('ملاحظة داخلية');
    expect(await latinDigitsShown(status)).toEqual([]);
    expect(await sidewaysScroll(status)).toBeLessThanOrEqual(0);
    expect(await seriousAccessibilityViolations(status)).toEqual([]);
    const upload = needed.getByRole('link', { name: 'ارفعوا المستندات الناقصة' });
    expect((await upload.boundingBox())?.height).toBeGreaterThanOrEqual(44);
    // White on the society's colour, like the page's main buttons.
    expect(await upload.evaluate((link) => getComputedStyle(link).color)).toBe('rgb(255, 255, 255)');
    await screenshot(status, 'status-missing-documents', { fullPage: true });

    await upload.click();
    await status.locator('form').waitFor();
    expect(await status.locator('.missing').innerText()).toContain('صورة عقد الإيجار');
    await status
      .locator('#document-other')
      .setInputFiles({ name: 'عقد.png', mimeType: 'image/png', buffer: TINY_PNG });
    await status.getByRole('button', { name: 'إرسال المستندات' }).click();
    await status.locator('[data-state=done]').waitFor();
    expect(await suite.runtime.deps.store.getTicket(id)).toMatchObject({ supportCase: { step: 'intake' } });
    await status.context().close();
  });
});
