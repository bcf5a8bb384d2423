import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { postJson } from '../support/runtime.ts';
import { useInboxPage } from './inbox-page.ts';
import { screenshot, seriousAccessibilityViolations, signInAs } from './support.ts';

const inbox = useInboxPage();
const { suite, rows, openTicketSubject } = inbox;
let page: Page;
beforeAll(() => {
  page = inbox.page;
});

describe('the staff inbox: live changes, hostile mail, search', () => {
  it('shows a new web-form ticket without a reload', async () => {
    await page.locator('nav button').nth(3).click(); // all tickets
    const { body } = await postJson(`${suite.runtime.url}/public/contact`, {
      name: 'رقية الحارثي',
      phone: '0553330001',
      subject: 'سؤال عن السلة الغذائية',
      message: 'هل تشمل السلة الغذائية الأسر الجديدة هذا الشهر؟',
    });
    await page.locator(`[data-ticket-id="${body.ticketId}"]`).waitFor({ timeout: 5_000 });
    expect(await rows().first().getAttribute('data-ticket-id')).toBe(body.ticketId);
  });

  it('tells an agent that a colleague is replying on the same ticket', async () => {
    const ticketId = await rows().first().getAttribute('data-ticket-id');
    await rows().first().click();
    await openTicketSubject().waitFor();
    const colleague = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const other = await colleague.newPage();
    await signInAs(other, suite.runtime.url, 'agent2@sanad.local');
    await other.locator(`[data-ticket-id="${ticketId}"]`).click();
    await other.locator('form.reply textarea').fill('جارٍ');
    await page.locator('[data-presence=replying]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-presence=replying]').innerText()).toContain('فهد الغامدي');
    await colleague.close();
  });

  it('renders hostile email HTML, names and notes inert', async () => {
    const hostile = '<img src=x onerror="alert(1)"><svg onload="alert(2)">';
    await ingestContact(suite.runtime.deps, {
      channel: 'email',
      providerMessageId: '<hostile@example.org>',
      identities: [{ kind: 'email', value: 'hostile@example.org' }],
      displayName: `${hostile} مرسل`,
      subject: 'فاتورة مستحقة',
      text: 'انظر المرفق',
      html: `<p>مرحبا</p><script>parent.xss = 1; alert(3)</script><a href="javascript:alert(4)">اضغط هنا</a><img src="https://tracker.example/pixel.gif">${hostile}`,
      attachments: [],
      receivedAt: new Date().toISOString(),
    });
    const row = page.locator('[role=option]', { hasText: 'فاتورة مستحقة' });
    await row.waitFor({ timeout: 5_000 });
    await row.click();
    const frame = page.frameLocator('iframe[title]');
    await frame.locator('a').click({ timeout: 5_000 });
    await page.locator('form.reply [role=tab]').nth(1).click();
    await page.locator('form.reply textarea').fill('<script>alert(5)</script><svg onload=alert(6)>');
    await page.locator('form.reply button[type=submit].primary').click();
    await page.locator('[data-direction=note]').waitFor();

    expect(await page.locator('iframe[title]').getAttribute('sandbox')).not.toContain('allow-scripts');
    expect(await page.locator('.blocked button').count()).toBe(1); // remote image held back
    expect(await page.locator('[data-direction=note] .text').innerText()).toContain('<script>');
    expect(await page.locator('[data-direction=inbound] strong').innerText()).toContain('<img');
    expect(await page.evaluate(() => (window as unknown as { xss?: number }).xss)).toBeUndefined();
    expect(inbox.dialogs).toEqual([]);
    await screenshot(page, 'xss-inert');
  });

  it('has no serious accessibility violations with a ticket open', async () => {
    const summary = (await seriousAccessibilityViolations(page)).map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    );
    expect(summary).toEqual([]);
  });

  it('finds a ticket by reference from the search box', async () => {
    const reference = await rows().nth(3).locator('.reference').innerText();
    await page.locator('.list-head').click();
    await page.keyboard.press('/');
    await page.keyboard.type(reference.toLowerCase());
    await page.keyboard.press('Enter');
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().locator('.reference').innerText()).toBe(reference);
    await page.locator('form.search button').click();
    await expect.poll(() => rows().count()).toBeGreaterThan(1);
  });

  it('says when a search held only words too common to look up, instead of "no tickets"', async () => {
    await page.locator('.list-head').click();
    await page.keyboard.press('/');
    await page.keyboard.type('هذا التي');
    await page.keyboard.press('Enter');
    const empty = page.locator('.list p.empty');
    await expect.poll(() => empty.innerText()).toContain('لم يُبحث بشيء');
    expect(await rows().count()).toBe(0);
    await screenshot(page, 'search-nothing-searchable-ar');
    // A word the index keeps: the usual answer, no hint.
    await page.locator('input[type=search]').fill('عقيق مرجاني');
    await page.keyboard.press('Enter');
    await expect.poll(() => empty.innerText()).toBe('لا توجد تذاكر في هذا العرض');
    await page.locator('form.search button').click();
    await expect.poll(() => rows().count()).toBeGreaterThan(1);
  });
});
