import { describe, expect, it } from 'vitest';
import { postJson, signIn } from '../support/runtime.ts';
import { signInAs, useBrowserRuntime } from './support.ts';

const SHOTS = '/tmp/shots-field19';
const suite = useBrowserRuntime();

describe('the walk-in survey slip page', () => {
  it('shows the survey link and its QR code, on a phone and on a desk', async () => {
    const token = await signIn(suite.runtime, 'agent@sanad.local');
    const logged = await postJson(
      `${suite.runtime.url}/api/tickets`,
      {
        channel: 'walk_in',
        idempotencyKey: 'slip-page-1',
        name: 'زائرة',
        phone: '0554448401',
        text: 'سؤال عن السلال',
      },
      { authorization: `Bearer ${token}` },
    );
    expect(logged.status).toBe(201);
    for (const viewport of [
      { width: 390, height: 844 },
      { width: 1280, height: 800 },
    ]) {
      const context = await suite.browser.newContext({ viewport });
      const page = await context.newPage();
      await signInAs(page, suite.runtime.url, 'agent@sanad.local');
      await page.goto(`${suite.runtime.url}/#/slips/${logged.body.ticketId}`);
      await page.locator('article.slip .qr svg').waitFor();
      const link = await page.locator('article.slip .link').innerText();
      expect(link).toMatch(/\/public\/surveys\//);
      expect(await page.locator('article.slip').innerText()).toContain('+966554448401');
      await page.screenshot({ path: `${SHOTS}/slip-ar-${viewport.width}x${viewport.height}.png` });
      await context.close();
    }
  });
});
