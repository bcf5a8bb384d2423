import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD } from '../../infra/local/demo-data.ts';
import { type LocalRuntime, type LocalRuntimeOptions, WEB_ROOT } from '../../infra/local/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';

export const ARTIFACTS = resolve(import.meta.dirname, '../.artifacts');

/** One test file's screenshots, kept in the checkout for a person to look at (not in a /tmp another run shares). */
export const artifactFolder = (topic: string) => join(ARTIFACTS, topic);

/** The inbox is served from web/dist; a checkout that never built it gets one build. */
export function ensureWebBuilt(): void {
  if (existsSync(join(WEB_ROOT, 'index.html'))) return;
  execFileSync('npm', ['run', 'build:web'], { cwd: resolve(import.meta.dirname, '../..'), stdio: 'ignore' });
}

/**
 * The local runtime and Debian's Chromium for one browser test file: started before its tests (after the inbox
 * is built), closed after them. Read `runtime` and `browser` inside hooks and tests.
 */
export function useBrowserRuntime(options: Partial<LocalRuntimeOptions> = {}): {
  runtime: LocalRuntime;
  browser: Browser;
} {
  const suite = {} as { runtime: LocalRuntime; browser: Browser };
  beforeAll(async () => {
    ensureWebBuilt();
    suite.runtime = await startTestRuntime(options);
    suite.browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.runtime?.close();
  });
  return suite;
}

export async function launchChromium(): Promise<Browser> {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function signInAs(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(baseUrl);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(DEMO_PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.locator('[role=option]').first().waitFor();
}

/** Opens the ticket `reference` from the search box, as staff would. */
export async function openTicketByReference(page: Page, reference: string): Promise<void> {
  await page.locator('.list-head').click();
  await page.keyboard.press('/');
  await page.keyboard.type(reference);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('[role=option]').count()).toBe(1);
  await page.locator('[role=option]').first().click();
  await page.locator('#ticket-subject').waitFor();
}

/** Saves what the page shows under the artifacts; `fullPage` for a page that runs below the first screen. */
export const screenshot = (page: Page, name: string, { fullPage = false } = {}) =>
  page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });

/** How far the page scrolls sideways: what no page may do at any size. */
export const sidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * What the page's Content-Security-Policy blocks from now on, as Chromium reports it on the console (also what
 * a plugin frame, such as the PDF viewer, is refused): the same policy CloudFront sends in AWS.
 */
export function blockedByPolicy(page: Page): string[] {
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
  });
  return blocked;
}

const AXE_SOURCE = readFileSync(
  resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'),
  'utf8',
);

/** Runs axe-core in the page and returns the serious and critical WCAG 2 A/AA violations. */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the debugger rather than as a <script>: the pages' CSP allows no inline script.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(options: object): Promise<{ violations: unknown[] }> } })
      .axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return result.violations;
  });
  return (violations as AxeViolation[]).filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
}

/**
 * The visible text of the page in Latin digits, outside what the reader types (inputs, text areas, choices) and the
 * identifiers set left to right as they are printed in our messages (references, phones, file names: elements with
 * dir="ltr" and tokens isolated by locale.ltr).
 */
export const latinDigitsShown = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('input, textarea, select, [dir=ltr]') || !parent.checkVisibility())
        continue;
      const text = (node.nodeValue ?? '').replace(/\u2066[^\u2069]*\u2069/g, '');
      if (/[0-9]/.test(text)) found.push(text.trim());
    }
    for (const field of document.querySelectorAll<HTMLElement>('[placeholder]'))
      if (/[0-9]/.test(field.getAttribute('placeholder') ?? '')) found.push(field.outerHTML);
    return found;
  });
