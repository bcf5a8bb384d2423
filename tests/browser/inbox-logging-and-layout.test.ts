import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { slaBadgeOf } from '../../shared/domain/ticket-row.ts';
import { getJson, postJson } from '../support/runtime.ts';
import { useInboxPage } from './inbox-page.ts';
import { screenshot } from './support.ts';

const inbox = useInboxPage();
const { suite, rows, openTicketSubject } = inbox;
let page: Page;
beforeAll(() => {
  page = inbox.page;
});

describe('the staff inbox: logging contacts, a long list, language and screen size', () => {
  it('logs a letter with its scan as a new ticket, and the scan downloads', async () => {
    await page.locator('header.top button.primary').click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('select[name=channel]').selectOption('letter');
    await dialog.locator('input[name=name]').fill('عبدالرحمن الزهراني');
    await dialog.locator('input[name=phone]').fill('0554440001');
    await dialog.locator('input[name=subject]').fill('خطاب طلب ترميم منزل');
    await dialog.locator('textarea[name=text]').fill('يطلب المستفيد المساعدة في ترميم سقف المنزل');
    await dialog.locator('input[name=scan]').setInputFiles({
      name: 'letter.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4 scan'),
    });
    await screenshot(page, 'log-contact-ar');
    await dialog.locator('button[type=submit]').click();
    await expect.poll(() => openTicketSubject().innerText()).toBe('خطاب طلب ترميم منزل');
    // The words are the beneficiary's; who recorded them is said beside them.
    expect(await page.locator('.message .logged-by').first().innerText()).toBe('سجّلها نورة القحطاني');
    await screenshot(page, 'logged-letter-ar');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.attachments button', { hasText: 'letter.pdf' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('letter.pdf');
  });

  it('says a logged visit went to a ticket outside the agent’s queues, and shows nothing of it', async () => {
    const login = await postJson(`${suite.runtime.url}/auth/local/login`, {
      email: 'supervisor@sanad.local',
      password: 'sanad-demo-2026',
    });
    const supervisor = { authorization: `Bearer ${login.body.idToken}` };
    const phone = '0554440099';
    // She came before, on a ticket of the agent's own queue, now resolved: the agent knows her.
    const earlier = await postJson(
      `${suite.runtime.url}/api/tickets`,
      { channel: 'walk_in', idempotencyKey: 'browser-known-visitor', name: 'زائرة', phone, text: 'استفسار' },
      supervisor,
    );
    const resolved = await fetch(`${suite.runtime.url}/api/tickets/${earlier.body.ticketId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...supervisor },
      body: JSON.stringify({ status: 'resolved' }),
    });
    expect(resolved.status).toBe(200);
    const opened = await postJson(
      `${suite.runtime.url}/api/tickets`,
      { channel: 'walk_in', idempotencyKey: 'browser-hidden-case', name: 'زائرة', phone, text: 'طلب دعم' },
      supervisor,
    );
    // Listed live in the agent's inbox, then moved out of their queues: the row goes, live too.
    const visitor = rows().filter({ hasText: 'زائرة' });
    await expect.poll(() => visitor.count(), { timeout: 10_000 }).toBe(1);
    const moved = await fetch(`${suite.runtime.url}/api/tickets/${opened.body.ticketId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...supervisor },
      body: JSON.stringify({ queueId: 'research-committee' }),
    });
    expect(moved.status).toBe(200);
    await expect.poll(() => visitor.count(), { timeout: 10_000 }).toBe(0);

    await page.locator('header.top button.primary').click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('select[name=channel]').selectOption('walk_in');
    await dialog.locator('input[name=name]').fill('زائرة');
    await dialog.locator('input[name=phone]').fill(phone);
    await dialog.locator('textarea[name=text]').fill('حضرت تسأل عن طلبها');
    await dialog.locator('button[type=submit]').click();
    await expect
      .poll(() => dialog.locator('[role=status]').innerText())
      .toBe('سُجّل التواصل على طلب في طابور لا تعمل فيه، وسيطّلع عليه المختصون به');
    expect(await dialog.locator('button[type=submit]').isDisabled()).toBe(true);
    await screenshot(page, 'log-contact-elsewhere-ar');
    await dialog.locator('button[type=button]', { hasText: 'إغلاق' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('keeps a 10,000-ticket list light: only the rows in sight are in the page', async () => {
    const token = await page.evaluate(() => sessionStorage.getItem('sanad.idToken'));
    const { body: template } = await getJson(`${suite.runtime.url}/api/tickets?limit=1`, token ?? '');
    const big = await inbox.context.newPage();
    // Session storage is per tab: the new tab starts signed in with the same token.
    await big.addInitScript((idToken) => sessionStorage.setItem('sanad.idToken', idToken), token ?? '');
    // The server's pages are replaced by synthetic ones: this measures the list, not dynalite.
    const minutes = (count: number) => new Date(Date.now() + count * 60_000).toISOString();
    // Every third row on a clock that is fine, due soon, or breached, as the SLA engine and the list index set them.
    const firstResponse = (warnAt: number, dueAt: number) => ({
      policyId: 'p',
      clocks: { firstResponse: { startedAt: minutes(-60), warnAt: minutes(warnAt), dueAt: minutes(dueAt) } },
    });
    const clocks = [firstResponse(150, 200), firstResponse(-5, 25), firstResponse(-40, -30)];
    await big.route(
      (url) => url.pathname === '/api/tickets',
      async (route) => {
        const cursor = Number(new URL(route.request().url()).searchParams.get('cursor') ?? 0);
        const tickets = Array.from({ length: 100 }, (_unused, offset) => ({
          ...(template.tickets as Record<string, unknown>[])[0],
          id: `T${String(cursor + offset).padStart(25, '0')}`,
          reference: `SND-2026-${String(cursor + offset).padStart(6, '0')}`,
          slaBadge: slaBadgeOf(clocks[(cursor + offset) % 3]),
        }));
        await route.fulfill({
          json: { tickets, cursor: cursor + 100 < 10_000 ? String(cursor + 100) : undefined },
        });
      },
    );
    await big.goto(suite.runtime.url);
    await big.locator('[role=option]').first().waitFor();
    const badges = () =>
      big.locator('[data-sla]').evaluateAll((found) => found.map((badge) => badge.dataset.sla));
    expect((await badges()).slice(0, 3)).toEqual(['ok', 'warning', 'breached']);
    await screenshot(big, 'sla-badges-ar');
    await big.locator('nav button').nth(2).click(); // breached or at risk
    await expect.poll(async () => new Set(await badges())).toEqual(new Set(['warning', 'breached']));
    await big.locator('nav button').nth(3).click(); // all again
    await expect.poll(async () => (await badges()).includes('ok')).toBe(true);
    const started = Date.now();
    for (let step = 0; step < 120; step++) {
      await big.locator('[role=listbox]').evaluate((list) => {
        list.scrollTop = list.scrollHeight;
      });
      if ((await big.locator('.list-head .count').innerText()).includes('١٠٬٠٠٠')) break;
      await big.waitForTimeout(20);
    }
    expect(await big.locator('.list-head .count').innerText()).toContain('١٠٬٠٠٠');
    expect(await big.locator('[role=option]').count()).toBeLessThan(40);
    console.info(`10,000 tickets paged in and scrolled in ${Date.now() - started} ms`);
    await big.close();
  });

  it('switches to English, left to right', async () => {
    await page.locator('header.top button[lang=en]').click();
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('nav').innerText()).toContain('My tickets');
    await screenshot(page, 'inbox-en');
  });

  it('on a phone an open ticket takes the screen, and Escape brings the list back', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Escape');
    await rows().first().click();
    await openTicketSubject().waitFor();
    expect(await page.locator('section.list').isVisible()).toBe(false);
    // A letter is answered on the contact's phone: the reply box offers the channels it can reach.
    expect(await page.locator('select[name=channel]').inputValue()).toBe('sms');
    await screenshot(page, 'ticket-narrow-en');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Escape');
    await rows().first().waitFor();
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('returns to sign-in when the API stops accepting the token', async () => {
    await page.evaluate(() => sessionStorage.setItem('sanad.idToken', 'expired'));
    await page.locator('nav button').first().click();
    await page.locator('input[name=password]').waitFor({ timeout: 5_000 });
  });
});
