import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shootDesktopAndPhone, signedIn } from '../support/admin-page.ts';
import { artifactFolder, seriousAccessibilityViolations, useBrowserRuntime } from './support.ts';

const suite = useBrowserRuntime({ seedDemoTickets: true });
const SHOTS = artifactFolder('config17');
const shoot = (page: Page, name: string) => shootDesktopAndPhone(page, `${SHOTS}/${name}`);

/** The branches the public support-request form offers, by their names. */
async function formBranches(page: Page): Promise<string[]> {
  await page.goto(`${suite.runtime.url}/public/support-requests`);
  const select = page.locator('select#branch');
  await expect.poll(() => select.locator('option').count()).toBeGreaterThan(1);
  return select.locator('option:not([disabled])').allInnerTexts();
}

describe('the configuration pages', () => {
  it('let an admin add a branch the public form then offers, and archive it off the form', {
    timeout: 120_000,
  }, async () => {
    const { context, page } = await signedIn(suite, 'admin@sanad.local', SHOTS);
    await page.goto(`${suite.runtime.url}/#/admin/branches`);
    const branches = page.locator('section.branches');
    await branches.getByRole('row', { name: /فرع الشمال - حائل/ }).waitFor();

    // Refused first for its id, the reason beside the field.
    await branches.getByLabel('معرّف الفرع').fill('Qassim Branch');
    await branches.getByLabel('الاسم بالعربية').fill('فرع القصيم - بريدة');
    await branches.getByLabel('الاسم بالإنجليزية').fill('Qassim branch - Buraydah');
    await branches.getByLabel('المدينة').fill('بريدة');
    await branches.getByRole('button', { name: 'إضافة الفرع' }).click();
    await expect.poll(() => branches.locator('#branch-id').getAttribute('aria-invalid')).toBe('true');
    expect(await branches.locator('#branch-id-error').innerText()).not.toBe('');
    await branches.getByLabel('معرّف الفرع').fill('qassim');
    await branches.getByRole('button', { name: 'إضافة الفرع' }).click();
    await branches.getByRole('status').filter({ hasText: 'حُفظ الفرع فرع القصيم - بريدة' }).waitFor();
    await branches.getByRole('row', { name: /فرع القصيم - بريدة/ }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shoot(page, 'branches-ar');

    await page.locator('button[lang=en]').click();
    await page.getByRole('heading', { level: 2, name: 'Branches' }).waitFor();
    await branches.getByRole('row', { name: /Qassim branch - Buraydah/ }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shoot(page, 'branches-en');
    await page.locator('button[lang=ar]').click();

    const visitor = await suite.browser.newContext({ viewport: { width: 390, height: 844 } });
    const form = await visitor.newPage();
    expect(await formBranches(form)).toContain('فرع القصيم - بريدة');

    // Archived: it leaves the form, and stays listed (marked) for staff.
    await branches
      .getByRole('row', { name: /فرع القصيم - بريدة/ })
      .getByRole('button')
      .click();
    await branches.getByLabel('أرشفة الفرع').check();
    await branches.getByRole('button', { name: 'حفظ' }).click();
    await branches.getByRole('row', { name: /فرع القصيم - بريدة.*مؤرشف/ }).waitFor();
    await shoot(page, 'branches-archived-ar');
    // A new visitor (the list is cached for a minute in a browser that loaded it).
    const later = await suite.browser.newContext({ viewport: { width: 390, height: 844 } });
    const offered = await formBranches(await later.newPage());
    await later.close();
    expect(offered).not.toContain('فرع القصيم - بريدة');
    expect(offered).toContain('فرع الشمال - حائل');
    await visitor.close();
    await context.close();
  });
});
