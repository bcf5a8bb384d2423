import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createReportAggregatorHandler } from '../../functions/handlers/report-aggregator.ts';
import { riyadhDay } from '../../shared/reports/reported-ticket.ts';
import { hijriMonthStart, presetRange } from '../../web/src/reports/periods.ts';
import { signIn } from '../support/runtime.ts';
import { generateHistories, recordsOf } from '../support/ticket-histories.ts';
import { ARTIFACTS, artifactFolder, latinDigitsShown, useBrowserRuntime } from './support.ts';

const SHOTS = artifactFolder('reports-digits');

const DAY = 86_400_000;

let token: string;

const suite = useBrowserRuntime({ seedDemoTickets: true });

beforeAll(async () => {
  // Two weeks of seeded history, counted by the same aggregator the table stream feeds.
  const start = new Date(Date.now() - 13 * DAY);
  start.setUTCHours(0, 0, 0, 0);
  const aggregate = createReportAggregatorHandler(() => suite.runtime.aggregator);
  await aggregate({ Records: recordsOf(generateHistories(400, 7, start.toISOString(), 14)) });
  await suite.runtime.stream.settled();
  token = await signIn(suite.runtime, 'manager@sanad.local');
}, 60_000);

describe('manager dashboard', () => {
  it('renders two weeks of figures and charts in Arabic, right to left, with Hijri dates beside Gregorian', async () => {
    const page = await suite.browser.newPage({
      viewport: { width: 1280, height: 1400 },
      locale: 'ar-SA',
      deviceScaleFactor: 2,
    });
    await page.addInitScript((idToken) => sessionStorage.setItem('sanad.idToken', idToken), token);
    await page.goto(suite.runtime.url);
    await page.getByRole('link', { name: 'التقارير' }).click();
    await page.getByTestId('created').waitFor();

    const today = riyadhDay(new Date());
    await page.getByLabel('من', { exact: true }).fill(riyadhDay(new Date(Date.now() - 13 * DAY)));
    await page.getByLabel('إلى', { exact: true }).fill(today);
    await page.getByRole('button', { name: 'عرض' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="created"]')?.textContent !== '٣');

    const created = await page.getByTestId('created').textContent();
    expect(created).toMatch(/^[٠-٩٬]+$/);
    expect(await page.getByTestId('period').textContent()).toMatch(/هـ/);
    expect(await page.locator('section.reports').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('canvas').count()).toBe(3);
    expect(await page.getByText('أداء الفريق للتوجيه والتطوير').count()).toBe(1);
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(0);
    // Warnings (80% of a window gone) are their own figure beside the breaches and escalations.
    expect(await page.locator('article', { has: page.getByTestId('sla') }).innerText()).toMatch(
      /تصعيدات: [٠-٩٬]+\s+تنبيهات قبل التجاوز: [٠-٩٬]+/,
    );
    // Volumes and satisfaction by queue, channel and branch, named in Arabic.
    const groups = page.locator('section.groups');
    expect(await groups.locator('caption').allTextContents()).toEqual([
      'حسب القائمة',
      'حسب القناة',
      'حسب الفرع',
    ]);
    expect(await groups.locator('table').nth(1).innerText()).toMatch(/واتساب|الرسائل النصية|نموذج الموقع/);

    await page.screenshot({ path: join(ARTIFACTS, 'reports-dashboard.png'), fullPage: true });
    await page.locator('.charts').screenshot({ path: join(ARTIFACTS, 'reports-charts.png') });
    await page.close();
  });
});

describe('report periods', () => {
  it('opens on the last 7 days, offers this Hijri month, and leaves the inbox filters to the inbox', async () => {
    for (const [language, width, height] of [
      ['ar', 1280, 900],
      ['en', 390, 844],
    ] as const) {
      const page = await suite.browser.newPage({ viewport: { width, height } });
      await page.addInitScript(
        ([idToken, chosen]) => {
          sessionStorage.setItem('sanad.idToken', idToken as string);
          localStorage.setItem('sanad.language', chosen as string);
        },
        [token, language],
      );
      await page.goto(`${suite.runtime.url}/#/reports`);
      await page.getByTestId('created').waitFor();
      const today = riyadhDay(new Date());
      expect(await page.locator('.presets [aria-pressed=true]').count()).toBe(1);
      expect(await page.locator('input[type=date]').first().inputValue()).toBe(
        presetRange('week', today).from,
      );
      expect(await page.locator('.side, select[name^=filter-]').count()).toBe(0);

      await page.locator('.presets button').nth(3).click();
      await expect
        .poll(() => page.locator('input[type=date]').first().inputValue())
        .toBe(hijriMonthStart(today));
      expect(await page.locator('.presets button').nth(3).getAttribute('aria-pressed')).toBe('true');
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
        ),
      ).toBe(true);
      if (process.env.SANAD_SHOTS)
        await page.screenshot({ path: join(process.env.SANAD_SHOTS, `reports-${language}-${width}.png`) });
      await page.close();
    }
  }, 120_000);

  it('names its numbers and dates in Arabic-Indic digits in Arabic, the chosen range beside the native date fields', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 360, height: 640 }, locale: 'en-US' });
    await page.addInitScript((idToken) => sessionStorage.setItem('sanad.idToken', idToken), token);
    await page.goto(`${suite.runtime.url}/#/reports`);
    await page.getByTestId('created').waitFor();
    await page.locator('canvas').first().waitFor();
    // The native field is drawn in the browser's language (here US English, Latin digits); the chosen day is said
    // beside it in Arabic-Indic digits with its Hijri date, before the range is shown.
    const day = riyadhDay(new Date(Date.now() - 13 * DAY));
    await page.getByLabel('من', { exact: true }).fill(day);
    const chosen = page.getByTestId('chosen-from');
    const expected = await page.evaluate((iso) => {
      const at = new Date(`${iso}T00:00:00Z`);
      const options = { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' } as const;
      return `${new Intl.DateTimeFormat('ar-SA-u-ca-gregory-nu-arab', options).format(at)} · ${new Intl.DateTimeFormat('ar-SA-u-ca-islamic-umalqura-nu-arab', options).format(at)}`;
    }, day);
    expect(await chosen.innerText()).toBe(expected);
    expect(await page.getByTestId('chosen-to').innerText()).toMatch(/^[^0-9]+هـ$/);
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'reports-ar-360x640.png') });
    expect(await latinDigitsShown(page)).toEqual([]);
    await page.close();

    // A member of staff who chose Latin digits in Arabic gets them everywhere on the page, labels included.
    const latin = await suite.browser.newPage({ viewport: { width: 360, height: 640 } });
    await latin.addInitScript((idToken) => {
      sessionStorage.setItem('sanad.idToken', idToken);
      localStorage.setItem('sanad.digits', 'latn');
    }, token);
    await latin.goto(`${suite.runtime.url}/#/reports`);
    await latin.getByTestId('created').waitFor();
    const reports = latin.locator('section.reports');
    expect(await reports.innerText()).toContain('المئين 90');
    expect((await reports.innerText()).match(/[^\n]*[٠-٩][^\n]*/g) ?? []).toEqual([]);
    await latin.close();
  });
});
