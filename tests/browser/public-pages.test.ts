import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { pageWith, staffPage } from '../support/browser-session.ts';
import { beneficiaryLinks, lastTextTo } from '../support/public-links.ts';
import { TINY_PDF } from '../support/support-request.ts';
import {
  ARTIFACTS,
  artifactFolder,
  screenshot,
  seriousAccessibilityViolations,
  sidewaysScroll,
  useBrowserRuntime,
} from './support.ts';

let page: Page;
const SHOTS = artifactFolder('beneficiary23');
const SIZES = [
  [390, 844],
  [1280, 800],
] as const;
const identityScan = join(ARTIFACTS, 'هوية.pdf');

const suite = useBrowserRuntime();

beforeAll(async () => {
  page = await pageWith(suite.browser, { viewport: { width: 1024, height: 900 } });
  await writeFile(identityScan, TINY_PDF);
  await mkdir(SHOTS, { recursive: true });
}, 120_000);

let reference = '';
const OTP_SHOTS = artifactFolder('otp');

/**
 * The code step after submission, at 390×844: a wrong code is refused aloud in Arabic (an alert), then the code
 * from the SMS confirms the phone and the request counts as received.
 */
async function confirmPhoneOnPhoneSize(): Promise<void> {
  await mkdir(OTP_SHOTS, { recursive: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('heading', { name: 'أكّد رقم جوالك' }).waitFor();
  const code =
    /رمز تأكيد رقم جوالكم لطلب الدعم: (\d{6})/.exec(lastTextTo(suite.runtime, '+966553334444'))?.[1] ?? '';
  expect(code).toMatch(/^\d{6}$/);
  expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await page.screenshot({ path: `${OTP_SHOTS}/code-step-ar-390x844.png`, fullPage: true });

  await page.getByLabel('رمز التأكيد').fill(String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
  await page.getByRole('button', { name: 'تأكيد الرقم' }).click();
  await page.getByRole('alert').filter({ hasText: 'الرمز غير صحيح' }).waitFor();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await page.screenshot({ path: `${OTP_SHOTS}/code-wrong-ar-390x844.png`, fullPage: true });

  await page.getByRole('button', { name: 'التبديل إلى الإنجليزية' }).click();
  await page.getByRole('heading', { name: 'Confirm your mobile number' }).waitFor();
  expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${OTP_SHOTS}/code-wrong-en-390x844.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: `${OTP_SHOTS}/code-step-en-1280x800.png`, fullPage: true });
  await page.getByRole('button', { name: 'Switch to Arabic' }).click();
  await page.screenshot({ path: `${OTP_SHOTS}/code-step-ar-1280x800.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });

  await page.getByLabel('رمز التأكيد').fill(code);
  await page.getByRole('button', { name: 'تأكيد الرقم' }).click();
  await page.getByTestId('reference').waitFor();
  await page.setViewportSize({ width: 1024, height: 900 });
}

describe('the public support-request form, in Arabic', () => {
  it('opens right to left in Arabic with labelled fields and no serious accessibility violations', async () => {
    await page.goto(`${suite.runtime.url}/public/support-requests`);
    await page.getByRole('heading', { name: 'طلب دعم' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    // Digits are typed left to right, but the field still sits on the reading side of the Arabic form.
    const alignment = (selector: string) =>
      page.locator(selector).evaluate((input) => getComputedStyle(input).textAlign);
    expect(await alignment('#nationalId')).toBe('right');
    expect(await alignment('#phone')).toBe('right');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'public-form-ar');
  });

  it('shows the refusals beside their fields in Arabic', async () => {
    await page.getByLabel('الاسم الكامل').fill('أم عبدالله القحطاني');
    await page.getByLabel('رقم الهوية الوطنية أو الإقامة').fill('١٠٠٠٠٠٠٠٠٩');
    await page.getByRole('button', { name: 'إرسال الطلب' }).click();
    await page.locator('#nationalId-error').waitFor();
    expect(await page.locator('#nationalId-error').innerText()).toContain('يبدو أن أحد الأرقام غير صحيح');
    expect(await page.locator('#declaration-error').innerText()).toContain('الإقرار');
    expect(await page.getByRole('alert').innerText()).toContain('يرجى تصحيح');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'public-form-errors-ar');
  });

  it('takes the application in Arabic-Indic digits with a document and gives the reference', async () => {
    await page.getByLabel('رقم الهوية الوطنية أو الإقامة').fill('١٠٠٠٠٠٠٠٠٨');
    await page.getByLabel('رقم الجوال').fill('٠٥٥٣٣٣٤٤٤٤');
    await page.getByLabel('المدينة / الفرع').selectOption({ label: 'فرع الشمال - حائل' });
    await page.getByLabel('عدد أفراد الأسرة').fill('٦');
    await page.getByLabel('الدخل الشهري للأسرة (ريال)').fill('٢٥٠٠');
    await page.getByLabel('نوع الطلب').selectOption({ label: 'دعم مشروع إنتاجي' });
    await page
      .getByLabel('وصف الطلب')
      .fill('أرغب في دعم مشروع خياطة منزلي لإعالة أسرتي المكونة من ستة أفراد.');
    await page.locator('input[name=document-identity]').setInputFiles(identityScan);
    await page.getByLabel('أقر بما سبق وأوافق عليه').check();
    await screenshot(page, 'public-form-filled-ar');
    await page.getByRole('button', { name: 'إرسال الطلب' }).click();
    await confirmPhoneOnPhoneSize();

    const shown = page.getByTestId('reference');
    await shown.waitFor();
    reference = await shown.innerText();
    expect(reference).toMatch(/^SND-\d{4}-\d{6}$/);
    const ticket = await suite.runtime.deps.store.findTicketByReference(reference);
    expect(ticket).toMatchObject({ type: 'support_request', branch: 'north' });
    expect(ticket?.supportCase?.application?.documents).toEqual([
      { kind: 'identity', name: 'هوية.pdf', attachmentIndex: 0 },
    ]);
    expect(await page.getByText('خلال أسبوعين').count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'public-form-done-ar');
  });

  it('shows the confirmation on a phone and a desktop, in Arabic and English, without sideways scroll', async () => {
    for (const language of ['ar', 'en'] as const) {
      if (language === 'en') await page.getByRole('button', { name: 'التبديل إلى الإنجليزية' }).click();
      for (const [width, height] of SIZES) {
        await page.setViewportSize({ width, height });
        await page.getByTestId('reference').waitFor();
        expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
        expect(await seriousAccessibilityViolations(page)).toEqual([]);
        await page.screenshot({
          path: `${SHOTS}/confirmation-${language}-${width}x${height}.png`,
          fullPage: true,
        });
      }
    }
    await page.getByRole('button', { name: 'Switch to Arabic' }).click();
    await page.setViewportSize({ width: 1024, height: 900 });
  });
});

describe('the public status page, in Arabic', () => {
  it('sends a code by SMS and shows the request’s step with its dates', async () => {
    await page.getByRole('link', { name: 'متابعة حالة الطلب' }).click();
    await page.getByRole('heading', { name: 'متابعة حالة طلب' }).waitFor();
    await page.getByLabel('رقم الطلب').fill(reference);
    await page.getByLabel('رقم الجوال').fill('0553334444');
    await page.getByRole('button', { name: 'أرسل رمز التحقق' }).click();
    await page.getByRole('status').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'public-status-code-ar');

    const code = /(\d{6})/.exec(lastTextTo(suite.runtime, '+966553334444'))?.[1] ?? '';
    expect(code).toMatch(/^\d{6}$/);
    await page.getByLabel('رمز التحقق').fill(code);
    await page.getByRole('button', { name: 'اعرض حالة الطلب' }).click();

    await page.getByTestId('current-step').waitFor();
    expect(await page.getByTestId('current-step').innerText()).toBe('قيد الاستلام والتحقق');
    const received = await page.locator('.timeline li').first().innerText();
    expect(received).toContain('استلام الطلب');
    expect(received).toMatch(/[٠-٩]/);
    expect(received).toContain('هـ');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'public-status-ar');
  });

  it('reads in English too', async () => {
    await page.getByRole('button', { name: 'التبديل إلى الإنجليزية' }).click();
    await page.getByRole('heading', { name: 'Request status' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(await page.getByTestId('current-step').innerText()).toBe('Received, being checked');
    await screenshot(page, 'public-status-en');
    await page.goto(`${suite.runtime.url}/public/support-requests`);
    await page.getByRole('heading', { name: 'Support request' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'public-form-en');
  });
});

describe('the same form for staff, at a walk-in', () => {
  it('shows staff the application beside the ticket, and records a walk-in from the form when signed in', async () => {
    const staff = await staffPage(suite, 'supervisor@sanad.local', {
      viewport: { width: 1440, height: 900 },
    });
    await staff.locator('nav button').nth(3).click(); // all tickets
    const ticket = await suite.runtime.deps.store.findTicketByReference(reference);
    await staff.locator(`[data-ticket-id="${ticket?.id}"]`).click();
    const summary = staff.locator('section.application');
    await summary.waitFor();
    expect(await summary.innerText()).toContain('دعم مشروع إنتاجي');
    expect(await summary.innerText()).toContain('فرع الشمال - حائل');
    expect(await summary.innerText()).toContain('إلكترونياً من العنوان');
    // The declaration's version is said to be one, not left as a bare date-like token.
    expect(await summary.innerText()).toMatch(/نص الإقرار: نسخة \S+/);
    await screenshot(staff, 'inbox-application-ar');

    await staff.goto(`${suite.runtime.url}/public/support-requests`);
    await staff.locator('.staff-note').waitFor();
    await staff.getByLabel('الاسم الكامل').fill('أبو فهد الشمري');
    await staff.getByLabel('رقم الهوية الوطنية أو الإقامة').fill('2000000006');
    await staff.getByLabel('رقم الجوال').fill('0553335555');
    await staff.getByLabel('المدينة / الفرع').selectOption('riyadh');
    await staff.getByLabel('عدد أفراد الأسرة').fill('3');
    await staff.getByLabel('الدخل الشهري للأسرة (ريال)').fill('0');
    await staff.getByLabel('نوع الطلب').selectOption('in_kind_aid');
    await staff.getByLabel('وصف الطلب').fill('حضر إلى الفرع يطلب سلة غذائية لأسرته.');
    await staff.getByLabel('أقر بما سبق وأوافق عليه').check();
    await staff.getByRole('button', { name: 'إرسال الطلب' }).click();
    const shown = staff.getByTestId('reference');
    await shown.waitFor();
    const walkIn = await suite.runtime.deps.store.findTicketByReference(await shown.innerText());
    expect(walkIn).toMatchObject({
      channel: 'walk_in',
      supportCase: { application: { declaration: { recordedBy: 'u-supervisor' } } },
    });
  });
});

describe('every public page on a phone and a desktop', () => {
  it('fit 390×844 and 1280×800 in Arabic and English: no sideways scroll, no serious axe violations', async () => {
    const { survey, upload } = await beneficiaryLinks(suite.runtime);
    const pages = {
      home: '/public/',
      'support-requests': '/public/support-requests',
      status: '/public/status',
      faq: '/public/faq',
      survey,
      upload,
    };
    for (const language of ['ar', 'en'] as const) {
      for (const [width, height] of SIZES) {
        const visitor = await pageWith(suite.browser, { viewport: { width, height } }, { language });
        for (const [name, path] of Object.entries(pages)) {
          await visitor.goto(`${suite.runtime.url}${path}`);
          await visitor.locator('h1').first().waitFor();
          await visitor.getByTestId('society-name').filter({ hasText: /\S/ }).waitFor();
          await visitor.evaluate(() => document.fonts.ready);
          expect(await sidewaysScroll(visitor), `${name} ${language} ${width}`).toBeLessThanOrEqual(0);
          expect(await seriousAccessibilityViolations(visitor), `${name} ${language} ${width}`).toEqual([]);
          await visitor.screenshot({
            path: `${SHOTS}/${name}-${language}-${width}x${height}.png`,
            fullPage: true,
          });
        }
        await visitor.context().close();
      }
    }
  }, 300_000);
});
