import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { seriousAccessibilityViolations, signInAs } from '../browser/support.ts';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/**
 * A member of staff (`email`) signed in, in a browser context of their own on a desktop-sized page; with `shots`,
 * the folder the test's screenshots go to is made first.
 */
export async function signedIn(
  suite: { runtime: LocalRuntime; browser: Browser },
  email: string,
  shots?: string,
): Promise<{ context: BrowserContext; page: Page }> {
  if (shots) mkdirSync(shots, { recursive: true });
  const context = await suite.browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  await signInAs(page, suite.runtime.url, email);
  return { context, page };
}

/** Opens the admin section whose link in the English navigation is `link`, its title shown, and checks it with axe. */
export async function openEnglishSection(page: Page, link: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Administration sections' })
    .getByRole('link', { name: link })
    .click();
  await page.getByRole('heading', { level: 2, name: link }).waitFor();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

/**
 * The page as shot at `path` on a desktop, then on a phone, where nothing may be wider than the screen (tables
 * scroll inside their own box): all of it, unless `onPhone` shoots it otherwise.
 */
export async function shootDesktopAndPhone(
  page: Page,
  path: string,
  onPhone: () => Promise<unknown> = () => page.screenshot({ path: `${path}-phone.png`, fullPage: true }),
): Promise<void> {
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: `${path}-desktop.png` });
  await page.setViewportSize(PHONE);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await onPhone();
  await page.setViewportSize(DESKTOP);
}
