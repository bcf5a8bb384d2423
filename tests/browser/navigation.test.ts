import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, signIn } from '../support/runtime.ts';
import { anApplication } from '../support/support-request.ts';
import { screenshot, useBrowserRuntime } from './support.ts';

const suite = useBrowserRuntime({ seedDemoTickets: true });
let agentToken: string;

beforeAll(async () => {
  agentToken = await signIn(suite.runtime, 'agent@sanad.local');
}, 60_000);

/** A fresh tab of a signed-in member of staff (session storage is per tab). */
async function signedInPage(browser: Browser, token: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 800 }, locale: 'ar-SA' });
  const page = await context.newPage();
  await page.addInitScript((idToken) => sessionStorage.setItem('sanad.idToken', idToken), token);
  return page;
}

async function someTicket(): Promise<{ id: string; subject: string }> {
  const { body } = await getJson(`${suite.runtime.url}/api/tickets?limit=5`, agentToken);
  const ticket = (body.tickets as { id: string; subject: string }[])[2];
  if (!ticket) throw new Error('The demo data has no tickets for the agent');
  return ticket;
}

describe('the inbox at an address', () => {
  it('opens the ticket a link names in a fresh page, and Back returns to the list', async () => {
    const ticket = await someTicket();
    // A phone, where the open ticket takes the screen and Back is how staff return to the list.
    const page = await signedInPage(suite.browser, agentToken, 390);
    await page.goto(`${suite.runtime.url}/#/tickets/${ticket.id}`);
    await expect.poll(() => page.locator('#ticket-subject').innerText()).toBe(ticket.subject);

    // From the list to a ticket and Back: the list is shown again, with no ticket open.
    await page.goto(suite.runtime.url);
    await page.locator('[role=option]').first().waitFor();
    await page.locator(`[data-ticket-id="${ticket.id}"]`).click();
    await page.locator('#ticket-subject').waitFor();
    expect(new URL(page.url()).hash).toBe(`#/tickets/${ticket.id}`);
    expect(await page.locator('section.list').isVisible()).toBe(false);
    await page.goBack();
    await page.locator('#ticket-subject').waitFor({ state: 'detached' });
    expect(await page.locator('section.list').isVisible()).toBe(true);
    await page.context().close();
  });

  it('opens the ticket a link names by its reference, as staff write one, under its own address', async () => {
    const { body } = await getJson(`${suite.runtime.url}/api/tickets?limit=5`, agentToken);
    const ticket = (body.tickets as { id: string; subject: string; reference: string }[])[1];
    if (!ticket) throw new Error('The demo data has no tickets for the agent');
    const page = await signedInPage(suite.browser, agentToken);
    await page.goto(`${suite.runtime.url}/#/tickets/${ticket.reference.toLowerCase()}`);
    await expect.poll(() => page.locator('#ticket-subject').innerText()).toBe(ticket.subject);
    expect(new URL(page.url()).hash).toBe(`#/tickets/${ticket.id}`);
    // A reference the agent may not see (or none) is a ticket not found, as any other.
    await page.goto(`${suite.runtime.url}/#/tickets/SND-2026-999999`);
    await expect.poll(() => page.locator('[role=alert]').count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('lets Enter press a focused button instead of opening the selected ticket, and sends with Ctrl+Enter', async () => {
    const page = await signedInPage(suite.browser, agentToken);
    await page.goto(suite.runtime.url);
    await page.locator('[role=option]').first().waitFor();
    await page.locator('.list-head').click();
    await page.keyboard.press('j');
    await page.getByRole('button', { name: 'الاختصارات' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('dialog[open]').waitFor();
    expect(await page.locator('#ticket-subject').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached' });

    // In the reply box, Ctrl+Enter sends what was written (here a note, so nothing leaves the society).
    await page.locator('[role=option]').first().click();
    await page.locator('#ticket-subject').waitFor();
    await page.locator('form.reply [role=tab]').nth(1).click();
    await page.locator('form.reply textarea').fill('ملاحظة أرسلت من لوحة المفاتيح');
    await page.keyboard.press('Control+Enter');
    await page.locator('[data-direction=note]', { hasText: 'ملاحظة أرسلت من لوحة المفاتيح' }).waitFor();
    await page.context().close();
  });

  it('shows staff the server’s Arabic reason when a reply is refused', async () => {
    const page = await signedInPage(suite.browser, agentToken);
    await page.goto(`${suite.runtime.url}/#/tickets/${(await someTicket()).id}`);
    await page.locator('#ticket-subject').waitFor();
    await page.route('**/api/tickets/*/messages', (route) =>
      route.fulfill({
        status: 409,
        json: {
          error: 'sms_opted_out',
          message: 'The beneficiary texted STOP to this number',
          messageAr: 'طلب المستفيد إيقاف الرسائل النصية إلى هذا الرقم',
        },
      }),
    );
    await page.locator('form.reply textarea').fill('نرجو تزويدنا بصورة الهوية');
    await page.locator('form.reply button[type=submit].primary').click();
    const status = page.locator('form.reply [role=status]');
    await expect.poll(() => status.innerText()).toContain('طلب المستفيد إيقاف الرسائل النصية');
    expect(await status.innerText()).not.toContain('texted STOP');
    await page.context().close();
  });

  it('says in the reader’s language that the server could not be reached, not the browser’s “Failed to fetch”', async () => {
    const page = await signedInPage(suite.browser, agentToken);
    await page.goto(`${suite.runtime.url}/#/tickets/${(await someTicket()).id}`);
    await page.locator('#ticket-subject').waitFor();
    await page.route('**/api/tickets/*/messages', (route) => route.abort('internetdisconnected'));
    await page.locator('form.reply textarea').fill('رد يُرسل أثناء انقطاع الشبكة');
    await page.locator('form.reply button[type=submit].primary').click();
    const status = page.locator('form.reply [role=status]');
    await expect
      .poll(() => status.innerText())
      .toBe('حدث خطأ: تعذّر الوصول إلى الخادم، فتحقق من الاتصال بالإنترنت وأعد المحاولة');
    // What was written stays, to send again once the connection is back.
    expect(await page.locator('form.reply textarea').inputValue()).toBe('رد يُرسل أثناء انقطاع الشبكة');
    await screenshot(page, 'reply-network-failure-ar');
    await page.context().close();
  });

  it('opens the reports at #/reports, and sends to sign-in when the token is refused there', async () => {
    const page = await signedInPage(suite.browser, await signIn(suite.runtime, 'manager@sanad.local'));
    await page.goto(`${suite.runtime.url}/#/reports`);
    await page.getByTestId('created').waitFor();
    await page.evaluate(() => sessionStorage.setItem('sanad.idToken', 'expired'));
    await page.getByRole('button', { name: 'عرض', exact: true }).click();
    await page.locator('input[name=password]').waitFor({ timeout: 5_000 });
    await page.context().close();
  });

  it('keeps a role out of a page it may not open: an agent at #/reports sees the inbox', async () => {
    const page = await signedInPage(suite.browser, agentToken);
    await page.goto(`${suite.runtime.url}/#/reports`);
    await page.locator('[role=option]').first().waitFor();
    expect(await page.locator('section.reports').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'التقارير' }).count()).toBe(0);
    await page.context().close();
  });
});

describe('a refusal on the public support-request form', () => {
  it('shows the server’s Arabic reason on the refused field, not its English summary', async () => {
    const refusal = await postJson(
      `${suite.runtime.url}/public/support-requests`,
      anApplication({ phone: '12345' }),
    );
    expect(refusal.status).toBe(400);
    const phoneReason = (refusal.body.fields as { field: string; messageAr: string }[]).find(
      (field) => field.field === 'phone',
    )?.messageAr;
    expect(phoneReason).toMatch(/[\u0600-\u06FF]/);

    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${suite.runtime.url}/public/support-requests`);
    await page.getByLabel('رقم الجوال').fill('12345');
    await page.getByRole('button', { name: 'إرسال الطلب' }).click();
    await page.locator('#phone-error').waitFor();
    expect(await page.locator('#phone-error').innerText()).toBe(phoneReason);
    expect(await page.locator('#phone').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#phone').getAttribute('aria-describedby')).toContain('phone-error');
    expect(await page.locator('body').innerText()).not.toContain(String(refusal.body.message));
    await screenshot(page, 'public-form-phone-error-ar');

    // A refusal that names no field shows the server's Arabic reason above the button.
    await page.route('**/public/support-requests', (route) =>
      route.fulfill({
        status: 429,
        json: {
          error: 'rate_limited',
          message: 'Too many requests',
          messageAr: 'طلبات كثيرة، حاولوا بعد دقيقة',
        },
      }),
    );
    await page.getByRole('button', { name: 'إرسال الطلب' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toBe('طلبات كثيرة، حاولوا بعد دقيقة');
    await context.close();
  });
});
