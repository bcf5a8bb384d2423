import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { beneficiaryLinks } from '../support/public-links.ts';
import { confirmationCodesSentTo, TINY_PDF } from '../support/support-request.ts';
import { artifactFolder, latinDigitsShown, useBrowserRuntime } from './support.ts';

const SHOTS = artifactFolder('public-digits');
const suite = useBrowserRuntime();
let links: { survey: string; upload: string };

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  links = await beneficiaryLinks(suite.runtime);
}, 120_000);

/** Everything shown in Arabic-Indic digits (for the English pages, which stay Latin). */
const arabicDigitsShown = (page: Page) =>
  page.evaluate(() => (document.body.innerText.match(/[^\n]*[٠-٩][^\n]*/g) ?? []).map((line) => line.trim()));

/** Each state of each Arabic public page a beneficiary sees, on a 360×640 phone set to London time. */
async function arabicPhone(): Promise<Page> {
  const context = await suite.browser.newContext({
    viewport: { width: 360, height: 640 },
    timezoneId: 'Europe/London',
  });
  await context.addInitScript(() => localStorage.setItem('sanad.language', 'ar'));
  return context.newPage();
}

describe('numbers on the Arabic public pages', () => {
  it('are Arabic-Indic in every text of every page and state; references and phones stay as printed', async () => {
    const page = await arabicPhone();
    const shown: Record<string, string[]> = {};
    const look = async (name: string) => {
      await page.evaluate(() => document.fonts.ready);
      shown[name] = await latinDigitsShown(page);
      await page.screenshot({ path: `${SHOTS}/${name}-ar-360x640.png`, fullPage: true });
    };
    const url = suite.runtime.url;

    await page.goto(`${url}/public/`);
    await page.getByTestId('society-name').filter({ hasText: /\S/ }).waitFor();
    await look('home');

    await page.goto(`${url}/public/support-requests`);
    await page.getByRole('heading', { name: 'طلب دعم' }).waitFor();
    await page.getByLabel('المدينة / الفرع').locator('option').nth(1).waitFor({ state: 'attached' });
    await look('form');
    const idHint = await page.locator('#nationalId-hint').innerText();

    await page.getByLabel('الاسم الكامل').fill('أم عبدالله القحطاني');
    await page.getByLabel('رقم الهوية الوطنية أو الإقامة').fill('12345');
    await page.getByLabel('رقم الجوال').fill('0512');
    await page.getByLabel('عدد أفراد الأسرة').fill('99');
    await page.getByRole('button', { name: 'إرسال الطلب' }).click();
    await page.locator('#householdMembers-error').waitFor();
    await look('form-refused');

    await page.getByLabel('رقم الهوية الوطنية أو الإقامة').fill('١٠٠٠٠٠٠٠٠٨');
    await page.getByLabel('رقم الجوال').fill('٠٥٥٣٣٣٦٦٦٦');
    await page.getByLabel('المدينة / الفرع').selectOption({ index: 1 });
    await page.getByLabel('عدد أفراد الأسرة').fill('٦');
    await page.getByLabel('الدخل الشهري للأسرة (ريال)').fill('0');
    await page.getByLabel('نوع الطلب').selectOption({ index: 1 });
    await page.getByLabel('وصف الطلب').fill('أسرة من ستة أفراد تحتاج دعماً للإيجار.');
    await page
      .locator('input[name=document-identity]')
      .setInputFiles({ name: 'هوية.pdf', mimeType: 'application/pdf', buffer: TINY_PDF });
    await page.getByLabel('أقر بما سبق وأوافق عليه').check();
    await page.getByRole('button', { name: 'إرسال الطلب' }).click();
    await page.getByRole('heading', { name: 'أكّد رقم جوالك' }).waitFor();
    await look('phone-code');

    const code = confirmationCodesSentTo(suite.runtime, '+966553336666').at(-1) ?? '';
    await page.getByLabel('رمز التأكيد').fill(String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
    await page.getByRole('button', { name: 'تأكيد الرقم' }).click();
    await page.getByRole('alert').filter({ hasText: 'الرمز غير صحيح' }).waitFor();
    await look('phone-code-wrong');
    await page.getByLabel('رمز التأكيد').fill(code);
    await page.getByRole('button', { name: 'تأكيد الرقم' }).click();
    await page.getByTestId('reference').waitFor();
    const reference = await page.getByTestId('reference').innerText();
    await look('form-done');

    await page.goto(`${url}/public/status`);
    await page.getByLabel('رقم الطلب').fill(reference);
    await page.getByLabel('رقم الجوال').fill('0553336666');
    await page.getByRole('button', { name: 'أرسل رمز التحقق' }).click();
    await page.getByLabel('رمز التحقق').waitFor();
    await look('status-code-sent');
    const sms = suite.runtime.outbox.list('sms').filter((entry) => entry.to === '+966553336666');
    const statusCode = /(\d{6})/.exec(JSON.parse(sms.at(-1)?.payload ?? '{}').text)?.[1] ?? '';
    await page.getByLabel('رمز التحقق').fill(String((Number(statusCode) + 1) % 1_000_000).padStart(6, '0'));
    await page.getByRole('button', { name: 'اعرض حالة الطلب' }).click();
    await page.getByRole('alert').waitFor();
    await look('status-code-wrong');
    await page.getByLabel('رمز التحقق').fill(statusCode);
    await page.getByRole('button', { name: 'اعرض حالة الطلب' }).click();
    await page.getByTestId('current-step').waitFor();
    await look('status-timeline');
    // The dates are on the society's clock (Riyadh), not the phone's (London), as our texts give them.
    const received = page.locator('.timeline time').first();
    const onClock = (timeZone: string) =>
      received.evaluate(
        (time, zone) =>
          new Intl.DateTimeFormat('ar-SA-u-ca-gregory-nu-arab', {
            dateStyle: 'medium',
            timeStyle: 'short',
            timeZone: zone,
          }).format(new Date(time.getAttribute('datetime') ?? '')),
        timeZone,
      );
    expect(await received.innerText()).toBe(await onClock('Asia/Riyadh'));
    expect(await onClock('Asia/Riyadh')).not.toBe(await onClock('Europe/London'));

    await page.goto(`${url}/public/faq`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await look('faq');

    await page.goto(`${url}${links.survey}`);
    await page.getByRole('button', { name: 'إرسال التقييم' }).click();
    await page.getByRole('alert').waitFor();
    await look('survey');

    await page.goto(`${url}${links.upload}`);
    await page.getByRole('button', { name: 'إرسال المستندات' }).waitFor();
    await look('upload');
    const { validUntil } = (await (await fetch(`${url}${links.upload}/state`)).json()) as {
      validUntil: string;
    };
    const riyadhDay = await page.evaluate(
      (iso) =>
        new Intl.DateTimeFormat('ar-SA-u-ca-gregory-nu-arab', {
          dateStyle: 'medium',
          timeStyle: 'short',
          timeZone: 'Asia/Riyadh',
        }).format(new Date(iso)),
      validUntil,
    );
    expect(await page.getByText('الرابط صالح حتى').innerText()).toContain(riyadhDay);

    expect(Object.entries(shown).filter(([, texts]) => texts.length > 0)).toEqual([]);
    // Not a scan of nothing: every page and state was read, and the limits are in Arabic-Indic digits.
    expect(Object.keys(shown)).toHaveLength(12);
    expect(idHint).toContain('١٠');
    await page.context().close();
  }, 120_000);

  it('stay Latin in English', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 360, height: 640 } });
    await context.addInitScript(() => localStorage.setItem('sanad.language', 'en'));
    const page = await context.newPage();
    await page.goto(`${suite.runtime.url}/public/support-requests`);
    await page.getByRole('heading', { name: 'Support request' }).waitFor();
    expect(await arabicDigitsShown(page)).toEqual([]);
    expect(await page.locator('#nationalId-hint').innerText()).toContain('10');
    await page.goto(`${suite.runtime.url}${links.upload}`);
    await page.getByRole('button', { name: 'Send the documents' }).waitFor();
    expect(await arabicDigitsShown(page)).toEqual([]);
    await context.close();
  });
});
