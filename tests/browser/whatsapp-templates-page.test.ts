import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signedIn } from '../support/admin-page.ts';
import { artifactFolder, seriousAccessibilityViolations, useBrowserRuntime } from './support.ts';

const suite = useBrowserRuntime({ seedDemoTickets: true });
const SHOTS = artifactFolder('admin17');

/** The list, then the form, each on a desktop and a phone. */
async function shoot(page: Page, name: string) {
  for (const [size, width, height] of [
    ['desktop', 1280, 800],
    ['phone', 390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    // Nothing wider than a phone: the table scrolls inside its own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.locator('#whatsapp-title').scrollIntoViewIfNeeded();
    await page.locator('#whatsapp-title').evaluate((title) => title.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: `${SHOTS}/${name}-list-${size}.png` });
    await page.locator('section.whatsapp form').evaluate((form) => form.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: `${SHOTS}/${name}-form-${size}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('the WhatsApp templates page', () => {
  it('lets an admin add a template with described parameters, see its preview, record its approval and find it in the audit', {
    timeout: 120_000,
  }, async () => {
    const { context, page } = await signedIn(suite, 'admin@sanad.local', SHOTS);
    await page.goto(`${suite.runtime.url}/#/admin`);
    await page.getByRole('link', { name: 'قوالب واتساب' }).click();
    const section = page.locator('section.whatsapp');
    // The templates a fresh install starts with.
    await section.getByRole('row', { name: /follow_up/ }).waitFor();
    expect(await section.getByRole('row', { name: /announcement/ }).innerText()).toContain('قيد المراجعة');

    // A name Meta would refuse, and a body with a gap: each reason beside its field, in Arabic.
    await section.getByLabel('اسم القالب').fill('Visit Reminder');
    await section.getByLabel('نص القالب').fill('مرحباً {{1}}، موعد زيارة الباحث لطلبكم {{2}} غداً.');
    await section.getByRole('button', { name: 'إضافة القالب' }).click();
    await expect.poll(() => section.locator('#whatsapp-name').getAttribute('aria-invalid')).toBe('true');
    expect(await section.locator('#whatsapp-name-error').innerText()).not.toBe('');
    await section.getByLabel('اسم القالب').fill('visit_reminder');
    await section.getByLabel('نص القالب').fill('مرحباً {{1}}، موعد زيارة الباحث لطلبكم {{3}} غداً.');
    // One row per parameter the body names, each to describe.
    expect(await section.locator('.parameter').count()).toBe(3);
    for (const [index, ar, en] of [
      [0, 'اسم المستفيد', 'Beneficiary name'],
      [1, 'غير مستخدم', 'Unused'],
      [2, 'رقم الطلب', 'Reference'],
    ] as const) {
      await section.locator(`#whatsapp-parameter-${index}-ar`).fill(ar);
      await section.locator(`#whatsapp-parameter-${index}-en`).fill(en);
    }
    await section.getByRole('button', { name: 'إضافة القالب' }).click();
    await expect.poll(() => section.locator('#whatsapp-body').getAttribute('aria-invalid')).toBe('true');
    expect(await section.locator('#whatsapp-body-error').innerText()).toContain('مرقمة بالترتيب');

    await section.getByLabel('نص القالب').fill('مرحباً {{1}}، موعد زيارة الباحث لطلبكم {{2}} غداً.');
    expect(await section.locator('.parameter').count()).toBe(2);
    await section.locator('#whatsapp-parameter-1-ar').fill('رقم الطلب');
    await section.locator('#whatsapp-parameter-1-en').fill('Reference');
    await section.locator('#whatsapp-parameter-0-from').selectOption('contactName');
    await section.locator('#whatsapp-parameter-1-from').selectOption('reference');
    expect(await section.locator('.preview .bubble').innerText()).toBe(
      'مرحباً [اسم المستفيد]، موعد زيارة الباحث لطلبكم [رقم الطلب] غداً.',
    );
    await section.getByRole('button', { name: 'إضافة القالب' }).click();
    await section.getByRole('status').filter({ hasText: 'حُفظ القالب visit_reminder' }).waitFor();
    const row = section.getByRole('row', { name: /visit_reminder/ });
    expect(await row.innerText()).toContain('قيد المراجعة');

    // Meta approved it: the admin records so.
    await section.getByLabel('حالة الاعتماد').selectOption('approved');
    await section.getByRole('button', { name: 'حفظ', exact: true }).click();
    await expect.poll(() => row.innerText()).toContain('معتمد');
    const stored = (await suite.runtime.deps.config.listWhatsAppTemplates()).find(
      (template) => template.name === 'visit_reminder',
    );
    expect(stored).toMatchObject({
      language: 'ar',
      approval: 'approved',
      parameters: [
        { ar: 'اسم المستفيد', en: 'Beneficiary name', from: 'contactName' },
        { ar: 'رقم الطلب', en: 'Reference', from: 'reference' },
      ],
    });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shoot(page, 'whatsapp-ar');

    await page.locator('button[lang=en]').click();
    await page.getByRole('heading', { level: 2, name: 'WhatsApp templates' }).waitFor();
    await section.getByRole('heading', { name: 'Edit visit_reminder' }).waitFor();
    expect(await row.innerText()).toContain('Approved');
    expect(await section.locator('.preview .bubble').innerText()).toBe(
      'مرحباً [Beneficiary name]، موعد زيارة الباحث لطلبكم [Reference] غداً.',
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shoot(page, 'whatsapp-en');
    // The form head's button leaves the template edited for a new one.
    await section.getByRole('button', { name: 'New template' }).click();
    await section.getByRole('heading', { name: 'New template' }).waitFor();
    expect(await section.getByRole('button', { name: 'New template' }).count()).toBe(0);

    // The audit names the kind of setting changed.
    await page.getByRole('link', { name: 'Change log' }).click();
    await page.locator('section.audit').getByText('WhatsApp template · visit_reminder').first().waitFor();

    await page.getByRole('link', { name: 'WhatsApp templates' }).click();
    await section.getByRole('button', { name: 'Delete visit_reminder (ar)' }).click();
    await section.getByRole('status').filter({ hasText: 'Template visit_reminder deleted' }).waitFor();
    expect(await section.getByRole('row', { name: /visit_reminder/ }).count()).toBe(0);
    await page.locator('button[lang=ar]').click();
    await context.close();
  });
});
