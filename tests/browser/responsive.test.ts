import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getJson, signIn } from '../support/runtime.ts';
import { seriousAccessibilityViolations, useBrowserRuntime } from './support.ts';

const suite = useBrowserRuntime({ seedDemoTickets: true });
/** Where the screenshots of each layout are kept for a person to look at. */
const SHOTS = process.env.SANAD_SHOTS;
let agentToken: string;
let ticketId: string;

beforeAll(async () => {
  agentToken = await signIn(suite.runtime, 'agent@sanad.local');
  const { body } = await getJson(`${suite.runtime.url}/api/tickets?limit=5`, agentToken);
  ticketId = (body.tickets as { id: string }[])[0]?.id ?? '';
  if (SHOTS) await mkdir(SHOTS, { recursive: true });
}, 60_000);

async function signedInPage(width: number, height: number, language: 'ar' | 'en' = 'ar'): Promise<Page> {
  const context = await suite.browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  await page.addInitScript(
    ([idToken, chosen]) => {
      sessionStorage.setItem('sanad.idToken', idToken as string);
      localStorage.setItem('sanad.language', chosen as string);
    },
    [agentToken, language],
  );
  return page;
}

const shoot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
};

/** The page scrolls up and down only: nothing is wider than the screen. */
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function inViewport(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).boundingBox();
  const viewport = page.viewportSize();
  return (
    box !== null &&
    viewport !== null &&
    box.x >= 0 &&
    box.y >= 0 &&
    box.x + box.width <= viewport.width &&
    box.y + box.height <= viewport.height
  );
}

/** Controls smaller than 44 × 44 px (WCAG 2.5.5); links inside a sentence and hidden file inputs apart. */
const smallTargets = (page: Page) =>
  page.evaluate(() => {
    const controls = document.querySelectorAll(
      'button:not(.link), a.button, select, input:not([type=hidden]):not([type=file]), [role=tab], label.picker .button',
    );
    return [...controls]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || getComputedStyle(element).visibility === 'hidden')
          return false;
        return Math.round(box.width) < 44 || Math.round(box.height) < 44;
      })
      .map((element) => {
        const box = element.getBoundingClientRect();
        const name =
          element.getAttribute('aria-label') ?? element.getAttribute('name') ?? element.textContent;
        return `${element.tagName.toLowerCase()} "${name?.trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`;
      });
  });

describe('the inbox on a phone', () => {
  for (const width of [360, 390, 414]) {
    it(`has no sideways scroll at ${width} px and keeps an open ticket's reply box on screen`, async () => {
      const page = await signedInPage(width, 844);
      await page.goto(suite.runtime.url);
      await page.locator('[role=option]').first().waitFor();
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await shoot(page, `list-ar-phone-${width}`);

      await page.goto(`${suite.runtime.url}/#/tickets/${ticketId}`);
      await page.locator('#ticket-subject').waitFor();
      await page.locator('form.reply textarea').waitFor();
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      expect(await inViewport(page, 'form.reply textarea')).toBe(true);
      expect(await inViewport(page, 'form.reply button[type=submit].primary')).toBe(true);
      await shoot(page, `ticket-ar-phone-${width}`);
      await page.context().close();
    }, 120_000);
  }

  it('keeps three lines of the reply box and the send button in sight on a 360 × 640 phone, in Arabic and English', async () => {
    for (const language of ['ar', 'en'] as const) {
      const page = await signedInPage(360, 640, language);
      await page.goto(`${suite.runtime.url}/#/tickets/${ticketId}`);
      const textarea = page.locator('form.reply textarea');
      await textarea.waitFor();
      // The top bar stays one row (menu, search, log a contact, bell), leaving the height to the ticket.
      expect((await page.locator('header.top').boundingBox())?.height).toBeLessThan(70);
      const lineHeight = await textarea.evaluate((element) =>
        Number.parseFloat(getComputedStyle(element).lineHeight),
      );
      expect((await textarea.boundingBox())?.height).toBeGreaterThanOrEqual(3 * lineHeight);
      expect(await inViewport(page, 'form.reply textarea')).toBe(true);
      expect(await inViewport(page, 'form.reply button[type=submit].primary')).toBe(true);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await shoot(page, `ticket-${language}-phone-360x640`);
      await page.context().close();
    }
  }, 120_000);

  for (const width of [360, 390]) {
    it(`shows the whole "log a contact" dialog and its fields inside a ${width} px screen`, async () => {
      const page = await signedInPage(width, 640);
      await page.goto(suite.runtime.url);
      await page.locator('[role=option]').first().waitFor();
      await page.locator('header.top button.primary').click();
      const dialog = page.locator('dialog[open]');
      await dialog.waitFor();
      const outside = await dialog.evaluate((element, screenWidth) => {
        const boxOf = (node: Element) => node.getBoundingClientRect();
        const sticking = [
          element,
          ...element.querySelectorAll('input:not([type=file]), select, textarea, button'),
        ]
          .filter((node) => boxOf(node).left < 0 || boxOf(node).right > screenWidth)
          .map(
            (node) =>
              `${node.getAttribute('name') ?? node.tagName} [${boxOf(node).left}, ${boxOf(node).right}]`,
          );
        if (element.scrollWidth > element.clientWidth) sticking.push('the dialog scrolls sideways');
        return sticking;
      }, width);
      expect(outside).toEqual([]);
      await shoot(page, `log-contact-ar-phone-${width}`);
      await page.context().close();
    }, 120_000);
  }

  it('makes every control on the list, the ticket and its details a 44 × 44 px target at 390 px, in Arabic and English', async () => {
    for (const language of ['ar', 'en'] as const) {
      const page = await signedInPage(390, 844, language);
      await page.goto(suite.runtime.url);
      await page.locator('[role=option]').first().waitFor();
      expect(await smallTargets(page)).toEqual([]);
      await page.goto(`${suite.runtime.url}/#/tickets/${ticketId}`);
      await page.locator('form.reply textarea').waitFor();
      expect(await smallTargets(page)).toEqual([]);
      await shoot(page, `ticket-${language}-phone-390-targets`);
      await page.locator('.panes button').nth(1).click();
      await page.locator('.ticket aside').waitFor();
      expect(await smallTargets(page)).toEqual([]);
      await page.context().close();
    }
  }, 120_000);

  it('leaves the top search box room to type (160 px or more) beside "log a contact" at 360 px, in Arabic and English', async () => {
    for (const language of ['ar', 'en'] as const) {
      const page = await signedInPage(360, 640, language);
      await page.goto(suite.runtime.url);
      await page.locator('[role=option]').first().waitFor();
      const search = page.locator('header.top input[type=search]');
      expect((await search.boundingBox())?.width).toBeGreaterThanOrEqual(160);
      // Empty, the box runs in the page's direction, so the hint starts where it is read (Arabic's was cut at
      // its start); what is typed takes its own (a reference runs left to right).
      expect(await search.evaluate((input) => input.matches(':dir(rtl)'))).toBe(language === 'ar');
      await search.fill('SND-2026');
      expect(await search.evaluate((input) => input.matches(':dir(ltr)'))).toBe(true);
      await search.fill('');
      // "Log a contact" is still there, named in words, and a target a thumb can hit.
      const logContact = page.getByRole('button', {
        name: language === 'ar' ? 'تسجيل تواصل' : 'Log a contact',
      });
      expect(await logContact.isVisible()).toBe(true);
      expect(await inViewport(page, 'header.top button.primary')).toBe(true);
      expect(await smallTargets(page)).toEqual([]);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await shoot(page, `top-bar-${language}-phone-360`);
      await page.context().close();
    }
  }, 120_000);

  it('shows a search sent from an open ticket on a 360 × 640 phone, its box keeping the width to type in', async () => {
    const { body } = await getJson(`${suite.runtime.url}/api/tickets?limit=5`, agentToken);
    const other = (body.tickets as { id: string; reference: string }[]).find(
      (ticket) => ticket.id !== ticketId,
    );
    if (!other) throw new Error('The demo has too few tickets');
    for (const language of ['ar', 'en'] as const) {
      const page = await signedInPage(360, 640, language);
      await page.goto(`${suite.runtime.url}/#/tickets/${ticketId}`);
      await page.locator('#ticket-subject').waitFor();
      const search = page.locator('header.top input[type=search]');
      await search.fill(other.reference);
      await search.press('Enter');
      // The list comes back with what was found, in place of the ticket read before.
      await page.locator('#ticket-subject').waitFor({ state: 'detached' });
      await expect.poll(() => page.locator('[role=option]').count()).toBe(1);
      expect(await page.locator(`[data-ticket-id="${other.id}"]`).isVisible()).toBe(true);
      // The clear button appeared beside the box, which still has room for a reference.
      const clear = page.getByRole('button', { name: language === 'ar' ? 'مسح البحث' : 'Clear search' });
      expect(await clear.isVisible()).toBe(true);
      expect((await search.boundingBox())?.width).toBeGreaterThanOrEqual(64);
      expect((await page.locator('header.top').boundingBox())?.height).toBeLessThan(70);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await shoot(page, `search-from-ticket-${language}-phone-360x640`);
      await clear.click();
      await expect.poll(() => page.locator('[role=option]').count()).toBeGreaterThan(1);
      await page.context().close();
    }
  }, 120_000);

  it('stacks list, ticket and properties as views, each with a way back', async () => {
    const page = await signedInPage(390, 844, 'en');
    await page.goto(suite.runtime.url);
    await page.locator(`[data-ticket-id="${ticketId}"]`).click();
    await page.locator('#ticket-subject').waitFor();
    expect(await page.locator('section.list').isVisible()).toBe(false);
    expect(await page.locator('.ticket aside').isVisible()).toBe(false);
    await shoot(page, 'ticket-en-phone');

    await page.getByRole('button', { name: 'Details' }).click();
    expect(await page.locator('.ticket aside').isVisible()).toBe(true);
    expect(await page.locator('form.reply').isVisible()).toBe(false);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await shoot(page, 'properties-en-phone');
    await page.getByRole('button', { name: 'Conversation' }).click();
    expect(await page.locator('form.reply').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Back to the list' }).click();
    await page.locator('#ticket-subject').waitFor({ state: 'detached' });
    expect(await page.locator('section.list').isVisible()).toBe(true);

    // The views and queues live behind the menu button; choosing one closes it.
    await page.getByRole('button', { name: 'Views and filters' }).click();
    await page.locator('.side nav button').nth(1).click();
    expect(await page.locator('.side').isVisible()).toBe(false);
    await page.context().close();
  }, 120_000);
});

describe('the inbox on larger screens', () => {
  it('keeps the open ticket beside the list when a search is sent on a desktop', async () => {
    const page = await signedInPage(1280, 800, 'en');
    await page.goto(`${suite.runtime.url}/#/tickets/${ticketId}`);
    await page.locator('#ticket-subject').waitFor();
    const search = page.locator('header.top input[type=search]');
    await search.fill('SND');
    await search.press('Enter');
    await page.getByRole('button', { name: 'Clear search' }).waitFor();
    expect(await page.locator('#ticket-subject').isVisible()).toBe(true);
    expect(page.url()).toContain(`#/tickets/${ticketId}`);
    await page.context().close();
  }, 60_000);

  it('shows list and ticket side by side on a tablet, with the details one tap away', async () => {
    const page = await signedInPage(900, 1180);
    await page.goto(`${suite.runtime.url}/#/tickets/${ticketId}`);
    await page.locator('#ticket-subject').waitFor();
    expect(await page.locator('section.list').isVisible()).toBe(true);
    expect(await page.locator('.ticket aside').isVisible()).toBe(false);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await inViewport(page, 'form.reply textarea')).toBe(true);
    await shoot(page, 'ticket-ar-tablet');
    await page.context().close();
  }, 120_000);

  it('shows list, conversation and properties at once on a desktop', async () => {
    for (const language of ['ar', 'en'] as const) {
      const page = await signedInPage(1280, 800, language);
      await page.goto(`${suite.runtime.url}/#/tickets/${ticketId}`);
      await page.locator('#ticket-subject').waitFor();
      expect(await page.locator('section.list').isVisible()).toBe(true);
      expect(await page.locator('.ticket aside').isVisible()).toBe(true);
      expect(await inViewport(page, 'form.reply textarea')).toBe(true);
      // Phone-sized targets stay on phones: the desktop's buttons keep their compact height.
      expect(
        (await page.locator('form.reply button[type=submit].primary').boundingBox())?.height,
      ).toBeLessThan(40);
      await shoot(page, `ticket-${language}-desktop`);
      await page.context().close();
    }
  }, 120_000);
});

describe('accessibility of the list and ticket pages', () => {
  for (const [name, width, height] of [
    ['desktop', 1280, 800],
    ['phone', 390, 844],
  ] as const) {
    it(`finds no serious or critical violation on the ${name}`, async () => {
      const page = await signedInPage(width, height);
      await page.goto(suite.runtime.url);
      await page.locator('[role=option]').first().waitFor();
      expect(await violationsOf(page)).toEqual([]);
      await page.goto(`${suite.runtime.url}/#/tickets/${ticketId}`);
      await page.locator('form.reply textarea').waitFor();
      expect(await violationsOf(page)).toEqual([]);
      await page.context().close();
    }, 120_000);
  }
});

const violationsOf = async (page: Page) =>
  (await seriousAccessibilityViolations(page)).map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );

/** Text of references, phones and emails on the page that is not set apart as left-to-right. */
const unisolatedTokens = (page: Page) =>
  page.evaluate(() => {
    const token = /SND-\d{4}-\d+|\+?\d{9,}|[\w.+-]+@[\w.-]+\.\w+/g;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const isolated = node.parentElement?.closest('[dir=ltr], input, textarea, script, style') !== null;
      for (const match of text.matchAll(token)) {
        const before = text[(match.index ?? 0) - 1];
        if (!isolated && before !== '\u2066') found.push(match[0]);
      }
    }
    return found;
  });

describe('left-to-right tokens and digits in Arabic', () => {
  it('isolates every reference, phone and email, and shows Latin digits when chosen', async () => {
    const page = await signedInPage(1280, 800);
    await page.goto(`${suite.runtime.url}/#/tickets/${ticketId}`);
    await page.locator('#ticket-subject').waitFor();
    await page.locator('.ticket aside dd, .ticket aside li').first().waitFor();
    expect(await unisolatedTokens(page)).toEqual([]);

    expect(await page.locator('.list-head .count').innerText()).toMatch(/[٠-٩]/);
    await page.locator('[data-digits-switch]').click();
    await expect.poll(() => page.locator('.list-head .count').innerText()).toMatch(/^[^٠-٩]*\d/);
    await page.reload();
    await page.locator('#ticket-subject').waitFor();
    expect(await page.locator('.list-head .count').innerText()).not.toMatch(/[٠-٩]/);
    await shoot(page, 'ticket-ar-desktop-latin-digits');
    await page.context().close();
  }, 120_000);
});
