import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getJson, signIn } from '../support/runtime.ts';
import { screenshot, useBrowserRuntime } from './support.ts';

const suite = useBrowserRuntime({ seedDemoTickets: true });
let token: string;
let row: Record<string, unknown>;

beforeAll(async () => {
  token = await signIn(suite.runtime, 'agent@sanad.local');
  const { body } = await getJson(`${suite.runtime.url}/api/tickets?limit=1`, token);
  row = (body.tickets as Record<string, unknown>[])[0] ?? {};
}, 60_000);

type PageAnswer = { rows: number; more: boolean; afterMs?: number } | 'fails';

/**
 * The inbox with the server's list pages replaced: `pages[n]` is what the request for cursor n gets (rows found,
 * whether a cursor follows, or a failure), unless `answer` says otherwise for the request's place in order.
 * DynamoDB filters after it reads a page, so a narrowed view's page may hold no row and still have more behind it.
 * Records every request answered and every time the list said "no tickets".
 */
async function inboxWithPages(
  pages: PageAnswer[],
  answer?: (requestNumber: number, cursor: string | null) => PageAnswer | undefined,
) {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page: Page = await context.newPage();
  await page.addInitScript((idToken) => sessionStorage.setItem('sanad.idToken', idToken), token);
  const answered: (string | null)[] = [];
  let requests = 0;
  await page.route(
    (url) => url.pathname === '/api/tickets',
    async (route) => {
      const cursor = new URL(route.request().url()).searchParams.get('cursor');
      const index = cursor === null ? 0 : Number(cursor);
      const wanted = answer?.(++requests, cursor) ?? pages[index] ?? { rows: 0, more: false };
      // Slow enough that a state between two pages would be seen.
      const afterMs = wanted !== 'fails' && wanted.afterMs !== undefined ? wanted.afterMs : 40;
      await new Promise((resolve) => setTimeout(resolve, afterMs));
      answered.push(cursor);
      if (wanted === 'fails') {
        await route.fulfill({ status: 500, json: { message: 'Internal error' } });
        return;
      }
      const tickets = Array.from({ length: wanted.rows }, (_unused, offset) => ({
        ...row,
        id: `T${index}-${offset}`,
        reference: `SND-2026-${String(900_000 + index * 10 + offset)}`,
      }));
      await route.fulfill({ json: { tickets, cursor: wanted.more ? String(index + 1) : undefined } });
    },
  );
  // Every moment the list says it is empty, seen as it happens.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { emptySaid: string[] }).emptySaid = seen;
    new MutationObserver(() => {
      const empty = document.querySelector('section.list .empty');
      if (empty && seen.at(-1) !== empty.textContent) seen.push(empty.textContent ?? '');
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(suite.runtime.url);
  const emptySaid = () => page.evaluate(() => (window as unknown as { emptySaid: string[] }).emptySaid);
  return { page, answered, emptySaid, sent: () => requests };
}

describe('the ticket list over filtered pages', () => {
  it('fetches on past pages with no rows until one has rows, and never says "no tickets" meanwhile', async () => {
    const empty = { rows: 0, more: true };
    const { page, answered, emptySaid } = await inboxWithPages([
      ...Array.from({ length: 8 }, () => empty),
      { rows: 2, more: true },
    ]);
    await expect.poll(() => page.locator('[role=option]').count(), { timeout: 10_000 }).toBe(2);
    expect(answered).toEqual([null, '1', '2', '3', '4', '5', '6', '7', '8']);
    expect(await page.locator('section.list .count').innerText()).toBe('أكثر من تذكرتين');
    expect(await emptySaid()).toEqual([]);
    await screenshot(page, 'list-after-empty-pages-ar');
    await page.context().close();
  });

  it('says "no tickets" once the cursor is gone, and only then', async () => {
    const { page, answered, emptySaid } = await inboxWithPages([
      ...Array.from({ length: 7 }, () => ({ rows: 0, more: true })),
      { rows: 0, more: false },
    ]);
    await page.locator('section.list .empty').waitFor({ timeout: 10_000 });
    expect(answered).toHaveLength(8);
    expect(await emptySaid()).toEqual(['لا توجد تذاكر في هذا العرض']);
    expect(await page.locator('section.list button.more').count()).toBe(0);
    await screenshot(page, 'list-empty-after-pages-ar');
    await page.context().close();
  });

  it('stops at a page that fails, says so and offers to load more, instead of asking again and again', async () => {
    const { page, answered, emptySaid } = await inboxWithPages([{ rows: 0, more: true }, 'fails']);
    await page.locator('section.list [role=alert]').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500);
    expect(answered).toEqual([null, '1']);
    expect(await emptySaid()).toEqual([]);
    // Said in the page's language, and no count of rows not fetched ("more than 0 tickets").
    expect(await page.locator('section.list [role=alert]').innerText()).toContain('حدث خطأ من جهة الخادم');
    expect(await page.locator('section.list .count').count()).toBe(0);
    // The button asks for the same page again.
    expect(await page.locator('section.list button.more').isEnabled()).toBe(true);
    await screenshot(page, 'list-page-failed-ar');
    await page.context().close();
  });

  it('asks nothing for a view left while its next page was on its way, until the new view’s first page is in', async () => {
    const { page, answered, sent } = await inboxWithPages([], (requestNumber) => {
      if (requestNumber === 1) return { rows: 0, more: true };
      // The first view's next page, answered after staff chose another view.
      if (requestNumber === 2) return { rows: 0, more: true, afterMs: 600 };
      // The new view's first page, slower still.
      if (requestNumber === 3) return { rows: 2, more: false, afterMs: 1_500 };
      return { rows: 0, more: true };
    });
    // The first view came back empty with a cursor; its next page is asked for.
    await expect.poll(sent).toBe(2);
    await page.getByRole('button', { name: 'كل التذاكر' }).click();
    await expect.poll(() => page.locator('[role=option]').count(), { timeout: 10_000 }).toBe(2);
    // The old view's cursor was never sent with the new view's query.
    expect(answered).toEqual([null, '1', null]);
    await page.context().close();
  });
});
