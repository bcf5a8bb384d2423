import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifactFolder, seriousAccessibilityViolations, signInAs, useBrowserRuntime } from './support.ts';

const suite = useBrowserRuntime({ seedDemoTickets: true });
const SHOTS = artifactFolder('canned');

async function shoot(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: `${SHOTS}/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  // Nothing wider than a phone: the table scrolls inside its own box.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${SHOTS}/${name}-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('the canned answers page', () => {
  it('lets a supervisor add an answer with a document, edit it and read its earlier version, in Arabic and English', {
    timeout: 120_000,
  }, async () => {
    mkdirSync(SHOTS, { recursive: true });
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signInAs(page, suite.runtime.url, 'supervisor@sanad.local');
    await page.goto(`${suite.runtime.url}/#/admin/canned-answers`);
    const canned = page.locator('section.canned');
    await canned.getByRole('row', { name: /دليل سياسة الدعم/ }).waitFor();

    // Refused first for its id, the reason beside the field.
    await canned.getByLabel('معرّف الرد').fill('Visit Date');
    await canned.getByLabel('العنوان بالعربية').fill('موعد الزيارة');
    await canned.getByLabel('النص بالعربية').fill('سيزوركم الباحث الاجتماعي خلال الأسبوع القادم.');
    await canned.getByLabel('دليل خدمات البحث الاجتماعي').check();
    await canned.getByRole('button', { name: 'إضافة الرد' }).click();
    await expect.poll(() => canned.locator('#canned-id').getAttribute('aria-invalid')).toBe('true');
    expect(await canned.locator('#canned-id-error').innerText()).not.toBe('');
    await canned.getByLabel('معرّف الرد').fill('visit-date');
    await canned.getByRole('button', { name: 'إضافة الرد' }).click();
    await canned.getByRole('status').filter({ hasText: 'حُفظ الرد موعد الزيارة' }).waitFor();
    const row = canned.getByRole('row', { name: /موعد الزيارة/ });
    expect(await row.innerText()).toContain('دليل خدمات البحث الاجتماعي');

    // A second version, in English too; the first is kept and listed.
    await canned.getByLabel('العنوان بالإنجليزية (اختياري)').fill('Visit date');
    await canned
      .getByLabel('النص بالإنجليزية (اختياري)')
      .fill('A social researcher will visit you next week.');
    await canned.getByRole('button', { name: 'حفظ', exact: true }).click();
    await canned.getByRole('heading', { name: 'الإصدارات السابقة' }).waitFor();
    expect(await row.locator('td').nth(1).innerText()).toBe('2');
    expect(await canned.locator('.versions li').innerText()).toContain('خلال الأسبوع القادم');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shoot(page, 'canned-ar');

    await page.locator('button[lang=en]').click();
    await page.getByRole('heading', { level: 2, name: 'Canned answers' }).waitFor();
    await canned.getByRole('row', { name: /Visit date/ }).waitFor();
    await canned.getByRole('heading', { name: 'Earlier versions' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shoot(page, 'canned-en');

    // Someone else saves the answer while this page has it open: the late save is refused, the latest offered.
    const stored = (await suite.runtime.deps.config.listCannedAnswers()).find(
      (answer) => answer.id === 'visit-date',
    );
    if (!stored) throw new Error('visit-date not stored');
    const elsewhere = 'سيزوركم الباحث يوم الاثنين.';
    await suite.runtime.deps.config.putCannedAnswer(
      { ...stored, text: elsewhere, version: stored.version + 1 },
      stored,
    );
    await canned.getByLabel('English text (optional)').fill('A researcher will visit you on Sunday.');
    await canned.getByRole('button', { name: 'Save', exact: true }).click();
    await canned.getByRole('alert').filter({ hasText: 'changed by someone else' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await canned.locator('form').evaluate((form) => form.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: `${SHOTS}/canned-stale-en-desktop.png` });
    await canned.getByRole('button', { name: 'Load the latest version' }).click();
    await expect.poll(() => canned.locator('#canned-text-ar').inputValue()).toBe(elsewhere);
    expect(await canned.getByRole('alert').count()).toBe(0);
    expect(
      await canned
        .getByRole('row', { name: /Visit date/ })
        .locator('td')
        .nth(1)
        .innerText(),
    ).toBe('3');

    // Deleted: gone from the list.
    await canned.getByRole('button', { name: 'Delete Visit date' }).click();
    await canned.getByRole('status').filter({ hasText: 'The answer Visit date was deleted' }).waitFor();
    expect(await canned.getByRole('row', { name: /Visit date/ }).count()).toBe(0);
    await page.locator('button[lang=ar]').click();
    await context.close();
  });
});
