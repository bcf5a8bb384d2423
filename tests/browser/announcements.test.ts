import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  artifactFolder,
  screenshot,
  seriousAccessibilityViolations,
  signInAs,
  useBrowserRuntime,
} from './support.ts';

const suite = useBrowserRuntime({ seedDemoTickets: true });
const SHOTS = artifactFolder('procedure19');

describe('the announcements page', () => {
  it('lets a supervisor announce to the registered families of a segment; agents have no such page', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signInAs(page, suite.runtime.url, 'supervisor@sanad.local');
    await page.getByRole('link', { name: 'الإعلانات' }).click();
    const form = page.locator('section.announcements');
    await form.getByLabel('اسم الإعلان (للموظفين)').fill('توزيع السلال');
    await form.getByLabel('فرع الغربية - جدة').check();
    await form.getByLabel('نص الرسالة').fill('يسر الجمعية دعوتكم لاستلام السلال يوم الأحد من فرع جدة.');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/announcements-ar-desktop.png` });
    await form.getByRole('button', { name: 'إرسال الإعلان' }).click();
    const status = form.locator('[role=status]');
    await status.waitFor();
    // The demo registers one family, of the western branch.
    expect(await status.innerText()).toContain('لـ ١ أسرة');
    // The list of announcements sent shows it with its counts, once the drain has sent it.
    await suite.runtime.drainOutbox();
    await page.reload();
    const row = form.getByRole('row', { name: /توزيع السلال/ });
    await row.waitFor();
    // Families, sent, delivered, failed, not sent, sending, replied: no delivery report has come yet.
    expect(await row.locator('td.count').allInnerTexts()).toEqual(['١', '١', '٠', '٠', '٠', '٠', '٠']);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    const history = form.locator('table');
    await history.scrollIntoViewIfNeeded();
    await screenshot(page, 'announcements-sent-ar');
    await page.screenshot({ path: `${SHOTS}/announcements-ar-desktop-sent.png` });

    await page.setViewportSize({ width: 390, height: 844 });
    await history.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/announcements-ar-phone.png`, fullPage: true });
    // On a phone the language switch is in the top bar's menu.
    await page.locator('header button.menu').click();
    await page.locator('button[lang=en]').click();
    await page.getByRole('heading', { name: 'Announcement to registered beneficiaries' }).waitFor();
    await history.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/announcements-en-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await history.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/announcements-en-desktop.png` });
    await page.locator('button[lang=ar]').click();
    await context.close();

    const agentContext = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const agentPage = await agentContext.newPage();
    await signInAs(agentPage, suite.runtime.url, 'agent@sanad.local');
    expect(await agentPage.getByRole('link', { name: 'الإعلانات' }).count()).toBe(0);
    await agentContext.close();
  }, 120_000);
});
