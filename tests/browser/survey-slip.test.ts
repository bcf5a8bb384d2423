import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { staffPage } from '../support/browser-session.ts';
import { signIn } from '../support/runtime.ts';
import { logWalkIn } from '../support/walk-in.ts';
import { artifactFolder, useBrowserRuntime } from './support.ts';

const SHOTS = artifactFolder('inbox18b');
const suite = useBrowserRuntime();

/** Where the first `+` of an element's text and the character after it are drawn, left to right on screen. */
const plusAndNext = (element: Locator) =>
  element.evaluate((root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const at = text.indexOf('+');
      if (at < 0) continue;
      const left = (from: number) => {
        const range = document.createRange();
        range.setStart(node, from);
        range.setEnd(node, from + 1);
        return range.getBoundingClientRect().left;
      };
      return { plus: left(at), next: left(at + 1) };
    }
    return undefined;
  });

describe('the walk-in survey slip page', () => {
  it('shows the short link, its QR code and the phone as written (+ first), on a phone and on a desk', async () => {
    const token = await signIn(suite.runtime, 'agent@sanad.local');
    const logged = await logWalkIn(suite.runtime, token, {
      idempotencyKey: 'slip-page-1',
      phone: '0554448401',
      text: 'سؤال عن السلال',
    });
    expect(logged.status).toBe(201);
    for (const language of ['ar', 'en']) {
      const page = await staffPage(suite, 'agent@sanad.local', {}, { language });
      for (const viewport of [
        { width: 390, height: 844 },
        { width: 1280, height: 800 },
      ]) {
        await page.setViewportSize(viewport);
        await page.goto(`${suite.runtime.url}/#/slips/${logged.body.ticketId}`);
        await page.locator('article.slip .qr svg').waitFor();
        const link = await page.locator('article.slip .link').innerText();
        expect(link).toMatch(/\/s\/[0-9a-z]{10}$/);
        const texted = page.locator('article.slip .texted');
        expect(await texted.innerText()).toContain('+966554448401');
        // The phone and the reference are their own isolated elements, not only invisible isolate characters.
        expect(await texted.locator('bdi[dir=ltr]').innerText()).toBe('+966554448401');
        expect(await page.locator('article.slip bdi[dir=ltr]', { hasText: /^SND-/ }).count()).toBe(1);
        // Drawn as written in either direction of the page: the + sign left of the digits, never after them.
        const drawn = await plusAndNext(texted);
        expect(drawn, language).toBeDefined();
        expect(drawn?.plus, `${language} ${viewport.width}`).toBeLessThan(drawn?.next ?? 0);
        await page.screenshot({ path: `${SHOTS}/slip-${language}-${viewport.width}x${viewport.height}.png` });
      }
      await page.context().close();
    }
  }, 120_000);
});
