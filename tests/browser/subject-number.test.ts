import { mkdir } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES_ON_DESK_AND_PHONE, pageWith, useStaffTokens } from '../support/browser-session.ts';
import { postJson } from '../support/runtime.ts';
import { artifactFolder, useBrowserRuntime } from './support.ts';

const suite = useBrowserRuntime();
const SHOTS = artifactFolder('inbox18');
const tokens = useStaffTokens(suite, ['agent']);

beforeAll(async () => {
  for (const [index, subject] of [
    'أرجو التواصل معي على الرقم 0551234567',
    'طلب مساعدة رقمي 0551234567',
  ].entries())
    await postJson(`${suite.runtime.url}/public/contact`, {
      name: 'أم خالد',
      phone: `05511100${70 + index}`,
      subject,
      message: 'السلام عليكم',
    });
  await suite.runtime.settled();
  await mkdir(SHOTS, { recursive: true });
}, 60_000);

describe('a subject ending in a phone number, in the list', () => {
  it.each(LANGUAGES_ON_DESK_AND_PHONE)(
    'keeps the number whole, left to right, when the line is cut (%s, %i px)',
    async (language, width, height) => {
      const page = await pageWith(
        suite.browser,
        { viewport: { width, height } },
        { idToken: tokens.agent, language },
      );
      await page.goto(suite.runtime.url);
      await page.locator('[role=option]').first().waitFor();
      const numbers = page.locator('[role=option] .subject .whole', { hasText: '0551234567' });
      await expect.poll(() => numbers.count()).toBe(2);
      for (const number of await numbers.all()) {
        expect(await number.innerText()).toBe('0551234567');
        // One left-to-right box: an ellipsis hides it whole or not at all.
        expect(await number.evaluate((element) => getComputedStyle(element).display)).toBe('inline-block');
        expect(await number.evaluate((element) => getComputedStyle(element).direction)).toBe('ltr');
      }
      await page
        .locator('[role=option]')
        .nth(1)
        .screenshot({ path: `${SHOTS}/subject-${language}-${width}.png` });
      await page.context().close();
    },
  );
});
