import { mkdir } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES_ON_DESK_AND_PHONE, pageWith, useStaffTokens } from '../support/browser-session.ts';
import { auth } from '../support/inbox-runtime.ts';
import { getJson, signIn } from '../support/runtime.ts';
import { artifactFolder, seriousAccessibilityViolations, useBrowserRuntime } from './support.ts';

const suite = useBrowserRuntime({ seedDemoTickets: true });
const SHOTS = artifactFolder('admin17');
const tokens = useStaffTokens(suite, ['agent']);

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
}, 60_000);

/** The agent's inbox in `language`, with the browser's own locale Arabic. */
const signedInPage = (language: 'ar' | 'en', width: number, height: number) =>
  pageWith(
    suite.browser,
    { viewport: { width, height }, locale: 'ar-SA' },
    { idToken: tokens.agent, language },
  );

describe('the notification bell in the top bar', () => {
  it.each(LANGUAGES_ON_DESK_AND_PHONE)(
    'shows the unread count and the notices, and marks one read when opened (%s, %i px)',
    async (language, width, height) => {
      const { body } = await getJson(`${suite.runtime.url}/api/notifications`, tokens.agent);
      const unread = body.unread as number;
      expect(unread).toBeGreaterThan(0);
      const page = await signedInPage(language, width, height);
      await page.goto(suite.runtime.url);
      await page.locator('[role=option]').first().waitFor();
      const bell = page.locator('.bell > button');
      await expect.poll(() => bell.locator('.count').count()).toBe(1);
      await bell.click();
      const items = page.locator('#notification-list li');
      await expect.poll(() => items.count()).toBe((body.notifications as unknown[]).length);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/bell-${language}-${width}.png` });

      await page.locator('#notification-list li.unread a').first().click();
      // The ticket opens (on a phone the list gives way to it).
      await page.waitForURL(/#\/tickets\//);
      await expect
        .poll(async () => (await getJson(`${suite.runtime.url}/api/notifications`, tokens.agent)).body.unread)
        .toBe(unread - 1);
      await page.context().close();
    },
  );
});

describe('a new notice', () => {
  it('reaches the bell at once over the live connection, and a change for someone else makes it read nothing', async () => {
    const supervisor = await signIn(suite.runtime, 'supervisor@sanad.local');
    const { body } = await getJson(
      `${suite.runtime.url}/api/tickets?queue=beneficiary-relations&limit=50`,
      supervisor,
    );
    const tickets = (body.tickets as { id: string; assigneeId?: string }[]).filter(
      (candidate) => candidate.assigneeId !== 'u-agent',
    );
    const [ticket, unrelated] = tickets;
    if (!ticket || !unrelated)
      throw new Error('The demo has too few open tickets in beneficiary relations left to assign');
    const page = await signedInPage('en', 1280, 800);
    let reads = 0;
    page.on('request', (request) => {
      if (request.method() === 'GET' && new URL(request.url()).pathname === '/api/notifications') reads += 1;
    });
    const pushed: { type: string; change?: { ticketId: string } }[] = [];
    page.on('websocket', (socket) =>
      socket.on('framereceived', (frame) => pushed.push(JSON.parse(String(frame.payload)))),
    );
    await page.goto(suite.runtime.url);
    await page.locator('[role=option]').first().waitFor();
    const count = page.locator('.bell > button .count');
    await count.waitFor();
    const before = Number(await count.innerText());
    const patch = (ticketId: string, change: unknown) =>
      fetch(`${suite.runtime.url}/api/tickets/${ticketId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', ...auth(supervisor) },
        body: JSON.stringify(change),
      });

    // A change on a ticket of the agent's queue that leaves them no notice: pushed to their inbox, bell untouched.
    const readsBefore = reads;
    expect((await patch(unrelated.id, { tags: ['bell-check'] })).status).toBe(200);
    await expect
      .poll(() =>
        pushed.some(
          (message) => message.type === 'ticketChanged' && message.change?.ticketId === unrelated.id,
        ),
      )
      .toBe(true);
    // Longer than the bell's settling delay (400 ms), after which a read would have started.
    await page.waitForTimeout(1_000);
    expect(reads).toBe(readsBefore);
    expect(pushed.filter((message) => message.type === 'notification')).toEqual([]);

    expect((await patch(ticket.id, { assigneeId: 'u-agent' })).status).toBe(200);
    await expect.poll(async () => Number(await count.innerText()), { timeout: 3_000 }).toBe(before + 1);
    expect(pushed.filter((message) => message.type === 'notification')).toEqual([
      { type: 'notification', ticketId: ticket.id },
    ]);
    // The notice reads in the page's language (English here), though the agent's notice language is Arabic.
    await page.locator('.bell > button').click();
    const notice = page.locator('#notification-list li a').first();
    await expect.poll(() => notice.innerText()).toContain(' assigned you ticket SND-');
    expect(await notice.getAttribute('lang')).toBe('en');
    expect(await notice.getAttribute('dir')).toBe('ltr');
    await page.screenshot({ path: `${SHOTS}/bell-en-assigned.png` });
    await page.context().close();
  }, 120_000);
});

describe('closing the notification list', () => {
  it('closes with Escape (focus back on the bell, the open ticket stays), by tabbing away and by a click elsewhere', async () => {
    const { body } = await getJson(`${suite.runtime.url}/api/tickets?limit=1`, tokens.agent);
    const ticketId = (body.tickets as { id: string }[])[0]?.id ?? '';
    const page = await signedInPage('ar', 1280, 800);
    await page.goto(`${suite.runtime.url}/#/tickets/${ticketId}`);
    await page.locator('#ticket-subject').waitFor();
    const bell = page.locator('.bell > button');
    const list = page.locator('#notification-list');

    await bell.focus();
    await page.keyboard.press('Enter');
    await list.waitFor();
    await page.screenshot({ path: `${SHOTS}/bell-open-ar-1280.png` });
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });
    expect(await bell.getAttribute('aria-expanded')).toBe('false');
    expect(await bell.evaluate((element) => element === document.activeElement)).toBe(true);
    // Escape went to the list, not to the inbox's "close the ticket".
    expect(page.url()).toContain(`#/tickets/${ticketId}`);
    await page.locator('#ticket-subject').waitFor();

    await page.keyboard.press('Enter');
    await list.waitFor();
    await page.keyboard.press('Shift+Tab');
    await list.waitFor({ state: 'detached' });
    expect(await bell.getAttribute('aria-expanded')).toBe('false');

    await bell.click();
    await list.waitFor();
    // A click inside the list, on no control, keeps it open.
    await list.click({ position: { x: 4, y: 4 } });
    expect(await list.isVisible()).toBe(true);
    // The filters, on the other side of the screen from the list.
    await page.locator('aside.side').click({ position: { x: 20, y: 600 } });
    await list.waitFor({ state: 'detached' });
    expect(await bell.getAttribute('aria-expanded')).toBe('false');
    await page.context().close();
  }, 120_000);
});
