import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../infra/local/demo-data.ts';
import { DEFAULT_SOCIETY_PROFILE } from '../../shared/domain/society-profile.ts';
import { postJson, signIn } from '../support/runtime.ts';
import { anApplication } from '../support/support-request.ts';
import { artifactFolder, seriousAccessibilityViolations, useBrowserRuntime } from './support.ts';

const SHOTS = artifactFolder('public23');
const LOGO = `data:image/svg+xml;base64,${btoa(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><circle cx="20" cy="20" r="18" fill="#1d4ed8"/></svg>',
)}`;
const suite = useBrowserRuntime();

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  const admin = await signIn(suite.runtime, 'admin@sanad.local');
  await putJson(`${suite.runtime.url}/api/society-profile`, admin, {
    ...DEFAULT_SOCIETY_PROFILE,
    nameAr: 'جمعية البر الخيرية بحائل',
    nameEn: 'Al-Birr Charitable Society, Hail',
    primaryColour: '#1d4ed8',
    logoUrl: LOGO,
    contact: { phone: '0165330000', whatsapp: '0501234567', email: 'info@birr.example' },
    workingHoursAr: 'الأحد إلى الخميس، 8 ص - 2 م',
    workingHoursEn: 'Sunday to Thursday, 8 am - 2 pm',
  });
  const supervisor = await signIn(suite.runtime, 'supervisor@sanad.local');
  await putJson(`${suite.runtime.url}/api/documents/support-request-form`, supervisor, {
    base64: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'),
  });
  await postJson(
    `${suite.runtime.url}/api/answers`,
    {
      question: 'ما الأوراق المطلوبة لطلب الدعم؟',
      answer: 'صورة الهوية الوطنية، وسجل الأسرة، وآخر تعريف بالراتب إن وجد.',
      questionEn: 'Which papers does a support request need?',
      answerEn: 'The national id, the family record and proof of income if any.',
      keywords: ['الأوراق', 'المستندات'],
      synonyms: ['الوثائق'],
      documents: ['support-request-form'],
    },
    { authorization: `Bearer ${supervisor}` },
  );
}, 120_000);

async function putJson(url: string, token: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

async function phone(width: number, height: number, language: 'ar' | 'en' = 'ar'): Promise<Page> {
  const context = await suite.browser.newContext({
    viewport: { width, height },
    hasTouch: true,
    isMobile: true,
  });
  await context.addInitScript((chosen) => localStorage.setItem('sanad.language', chosen), language);
  return context.newPage();
}

/** What a small phone must never show: sideways scroll, tap targets under 44 px, text under 16 px. */
async function smallPhoneProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) problems.push(`scrolls sideways: ${root.scrollWidth}`);
    const visible = (element: Element) => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
    };
    for (const target of document.querySelectorAll('a, button, input, select, textarea, summary')) {
      if (!visible(target) || (target as HTMLInputElement).type === 'hidden') continue;
      const box = target.getBoundingClientRect();
      // Checkboxes and radios are tapped through their label, which carries the size.
      const tapped = (target as HTMLInputElement).labels?.[0] ?? target;
      const tapBox = tapped.getBoundingClientRect();
      if (Math.max(box.height, tapBox.height) < 44)
        problems.push(
          `small target ${target.tagName} ${target.textContent?.trim().slice(0, 20)}: ${Math.round(box.height)}px`,
        );
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !node.textContent?.trim() || !visible(parent)) continue;
      const size = Number.parseFloat(getComputedStyle(parent).fontSize);
      if (size < 16) problems.push(`small text "${node.textContent.trim().slice(0, 20)}": ${size}px`);
    }
    return problems;
  });
}

const PAGES = ['/public/', '/public/support-requests', '/public/status', '/public/faq', '/public/contact'];
const SIZES = [
  [360, 640],
  [390, 844],
] as const;

describe('the public pages on small phones', () => {
  for (const [width, height] of SIZES) {
    for (const language of ['ar', 'en'] as const) {
      it(`fit ${width}×${height} in ${language}: no sideways scroll, 44 px targets, 16 px text, axe clean`, async () => {
        const page = await phone(width, height, language);
        for (const path of PAGES) {
          await page.goto(`${suite.runtime.url}${path}`);
          await page.locator('h1').first().waitFor();
          await page.evaluate(() => document.fonts.ready);
          expect(await smallPhoneProblems(page), path).toEqual([]);
          expect(await seriousAccessibilityViolations(page), path).toEqual([]);
          const name = path.replaceAll('/', '-').slice(1) || 'public';
          await page.screenshot({
            path: `${SHOTS}/${name}-${language}-${width}x${height}.png`,
            fullPage: true,
          });
        }
        await page.context().close();
      });
    }
  }

  it('render with the shipped Arabic typeface and the society profile’s name', async () => {
    const page = await phone(390, 844);
    await page.goto(`${suite.runtime.url}/public/`);
    await page.locator('h1').first().waitFor();
    await page.evaluate(() => document.fonts.ready);
    expect(await page.locator('h1').evaluate((h1) => getComputedStyle(h1).fontFamily)).toMatch(
      /^"IBM Plex Sans Arabic"/,
    );
    expect(await page.evaluate(() => document.fonts.check('16px "IBM Plex Sans Arabic"', 'سند'))).toBe(true);
    expect(await page.getByTestId('society-name').innerText()).toBe('جمعية البر الخيرية بحائل');
    expect(await page.locator('h1').innerText()).toBe('جمعية البر الخيرية بحائل');
    expect(await page.title()).toContain('جمعية البر الخيرية بحائل');
    await page.context().close();
  });

  it('show the profile’s logo, colour, contacts as tap-to-call and chat links, and working hours, in each language', async () => {
    for (const language of ['ar', 'en'] as const) {
      const page = await phone(390, 844, language);
      await page.goto(`${suite.runtime.url}/public/status`);
      await page.getByTestId('society-contacts').waitFor();
      expect(await page.locator('header img').getAttribute('src')).toBe(LOGO);
      expect(
        await page.locator('header img').evaluate((img) => (img as HTMLImageElement).naturalWidth),
      ).toBeGreaterThan(0);
      expect(await page.evaluate(() => document.documentElement.style.getPropertyValue('--accent'))).toBe(
        '#1d4ed8',
      );
      const contacts = page.getByTestId('society-contacts');
      const links = await contacts
        .locator('a')
        .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
      expect(links).toEqual(['tel:+966165330000', 'https://wa.me/966501234567', 'mailto:info@birr.example']);
      expect(await contacts.innerText()).toContain(
        language === 'ar' ? 'الأحد إلى الخميس، ٨ ص - ٢ م' : 'Sunday to Thursday, 8 am - 2 pm',
      );
      expect(await contacts.innerText()).toContain(language === 'ar' ? 'واتساب' : 'WhatsApp');
      await page.context().close();
    }
  });
});

describe('the status page from the link in the acknowledgement', () => {
  it('opens with the reference filled in and asks only for the code sent to the phone on file', async () => {
    const form = anApplication({ phone: '0553330001' });
    const { body } = await postJson(`${suite.runtime.url}/public/support-requests`, form);
    const reference = body.reference as string;
    const ack = suite.runtime.outbox.list('sms').find((entry) => entry.to === '+966553330001');
    const link = /https?:\/\/\S+\/public\/status\?\S+/.exec(JSON.parse(ack?.payload ?? '{}').text)?.[0] ?? '';
    expect(link).toContain(`r=${reference}`);

    const page = await phone(390, 844);
    // As a phone that took the full stop after the link into it would open it.
    await page.goto(`${link}.`);
    await page.getByText(`طلبكم رقم ${reference}`).waitFor();
    expect(await page.getByLabel('رقم الجوال').count()).toBe(0);
    expect(await page.getByLabel('رقم الطلب').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/status-link-ar-390x844.png`, fullPage: true });
    await page.getByRole('button', { name: 'أرسل رمز التحقق' }).click();
    await page.getByRole('status').waitFor();

    const sms = suite.runtime.outbox.list('sms').filter((entry) => entry.to === '+966553330001');
    const code = /(\d{6})/.exec(JSON.parse(sms.at(-1)?.payload ?? '{}').text)?.[1] ?? '';
    await page.getByLabel('رمز التحقق').fill(code);
    await page.getByRole('button', { name: 'اعرض حالة الطلب' }).click();
    await page.getByTestId('current-step').waitFor();
    expect(await smallPhoneProblems(page)).toEqual([]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/status-shown-ar-390x844.png`, fullPage: true });
    await page.context().close();
  });
});

describe('the status page from a broken link', () => {
  it("asks for the reference and phone, saying why, when the link's reference is mangled", async () => {
    const page = await phone(360, 640);
    await page.goto(`${suite.runtime.url}/public/status?r=XYZ&s=AAAAAAAAAAAAAAAAAAAAAA`);
    await page.getByRole('button', { name: 'أرسل رمز التحقق' }).click();
    await page.getByRole('alert').filter({ hasText: 'الرابط ناقص أو غير صحيح' }).waitFor();
    const referenceField = page.getByLabel('رقم الطلب');
    expect(await referenceField.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('رقم الجوال').count()).toBe(1);
    expect(await smallPhoneProblems(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/status-broken-link-ar-360x640.png`, fullPage: true });
    await page.context().close();
  });
});

describe('the public FAQ', () => {
  it('finds an answer by a word of the question, spelled loosely', async () => {
    const page = await phone(360, 640);
    await page.goto(`${suite.runtime.url}/public/faq`);
    await page.getByLabel('ابحث في الأسئلة').fill('الاوراق');
    await page.getByText('ما الأوراق المطلوبة لطلب الدعم؟').click();
    const form = page.getByRole('link', { name: 'نموذج طلب الدعم' });
    expect(await form.getAttribute('href')).toBe('/public/documents/support-request-form');
    await page.getByText('صورة الهوية الوطنية، وسجل الأسرة').waitFor();
    await page.screenshot({ path: `${SHOTS}/faq-open-ar-360x640.png`, fullPage: true });
    await page.getByLabel('ابحث في الأسئلة').fill('متى موعد الحفل السنوي');
    await page.getByText('لم نجد جواباً لهذا السؤال').waitFor();
    await page.context().close();
  });
});

describe('the answers page in the inbox', () => {
  it('lists the answers with how they helped, and lets a supervisor add one', async () => {
    for (const language of ['ar', 'en'] as const) {
      const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addInitScript((chosen) => localStorage.setItem('sanad.language', chosen), language);
      const page = await context.newPage();
      await page.goto(`${suite.runtime.url}/#/answers`);
      await page.locator('input[name=email]').fill('supervisor@sanad.local');
      await page.locator('input[name=password]').fill(DEMO_PASSWORD);
      await page.locator('form button[type=submit]').click();
      await page.getByText('ما الأوراق المطلوبة لطلب الدعم؟').waitFor();
      if (language === 'ar') {
        await page.getByRole('button', { name: 'إضافة جواب' }).click();
        await page.getByLabel('السؤال', { exact: true }).fill('ما أوقات الدوام في الجمعية؟');
        await page.getByLabel('الجواب', { exact: true }).fill('من الأحد إلى الخميس، من 8 صباحاً حتى 3 عصراً.');
        await page.getByLabel('الجواب بالإنجليزية (اختياري)').fill('Sunday to Thursday, 8 am to 3 pm.');
        await page.getByLabel('الكلمات المفتاحية').fill('الدوام، أوقات');
        // Only an uploaded document can be linked.
        expect(await page.getByRole('checkbox', { name: /اللائحة الأساسية/ }).isDisabled()).toBe(true);
        await page.getByRole('checkbox', { name: /نموذج طلب الدعم/ }).check();
        await page.getByRole('button', { name: 'حفظ' }).click();
        await page.getByText('ما أوقات الدوام في الجمعية؟').waitFor();
        await page.getByText('Sunday to Thursday, 8 am to 3 pm.').waitFor();
        expect(await page.getByRole('link', { name: 'نموذج طلب الدعم' }).count()).toBe(2);
      }
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/answers-page-${language}-1280x800.png` });
      await context.close();
    }
  });
});
