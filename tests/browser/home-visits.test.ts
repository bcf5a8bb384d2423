import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { staffPage } from '../support/browser-session.ts';
import { applyOnTheForm, TINY_PNG } from '../support/support-request.ts';
import {
  artifactFolder,
  openTicketByReference,
  screenshot,
  seriousAccessibilityViolations,
  useBrowserRuntime,
} from './support.ts';

const SHOTS = artifactFolder('field19');
const suite = useBrowserRuntime();
let ticketId: string;
let reference: string;

beforeAll(async () => {
  ({ id: ticketId, reference } = await applyOnTheForm(suite.runtime, {
    name: 'أم خالد',
    phone: '0554448101',
    description: 'أسرة من سبعة أفراد تحتاج دعماً للإيجار',
  }));
}, 120_000);

function signedIn(
  email: string,
  viewport: { width: number; height: number },
  language: 'ar' | 'en' = 'ar',
  timezoneId = 'Asia/Riyadh',
  digits: 'arab' | 'latn' = 'arab',
): Promise<Page> {
  return staffPage(
    suite,
    email,
    {
      viewport,
      // Staff work in Riyadh: the picker's time is theirs, and the beneficiary is told it in Riyadh time.
      timezoneId,
      geolocation: { latitude: 24.7136, longitude: 46.6753, accuracy: 15 },
      permissions: ['geolocation'],
    },
    { language, digits },
  );
}

const smsTo = (phone: string) =>
  suite.runtime.outbox
    .list('sms')
    .filter((entry) => entry.to === phone)
    .map((entry) => JSON.parse(entry.payload).text as string);

/** Three days ahead at 09:00, as the datetime picker takes it. */
function threeDaysAhead(): string {
  const day = new Date(Date.now() + 3 * 86_400_000);
  return `${day.toISOString().slice(0, 10)}T09:00`;
}

describe('home visits in the inbox', () => {
  it('a branch representative schedules a visit from the case panel; the beneficiary is told and the timeline shows it', async () => {
    const page = await signedIn('agent@sanad.local', { width: 1280, height: 800 });
    await openTicketByReference(page, reference);
    const visits = page.locator('section.visits');
    await visits.getByRole('button', { name: 'جدولة زيارة منزلية' }).click();
    await visits.locator('input[name=scheduledFor]').fill(threeDaysAhead());
    await visits.locator('textarea[name=address]').fill('حي النسيم، شارع ١٢، منزل ٤');
    await visits.locator('input[name=purpose]').fill('دراسة حالة الأسرة');
    await screenshot(page, 'home-visit-schedule-ar');
    await page.screenshot({ path: `${SHOTS}/schedule-ar-1280x800.png` });
    await visits.getByRole('button', { name: 'جدولة الزيارة وإبلاغ المستفيد' }).click();
    await visits.locator('li').first().waitFor();
    expect(await visits.locator('li').first().innerText()).toContain('لم تتم بعد');
    await expect
      .poll(() => smsTo('+966554448101').some((text) => text.includes('دراسة حالة الأسرة')))
      .toBe(true);
    await expect.poll(() => page.locator('.timeline').innerText()).toContain('جُدولت زيارة منزلية');
    await page.screenshot({ path: `${SHOTS}/scheduled-ar-1280x800.png` });
    await page.context().close();
  });

  it('the visit page fits a phone and records findings, a photo and the phone’s location', async () => {
    const visitId = (await suite.runtime.deps.store.getTicket(ticketId))?.supportCase?.homeVisits?.[0]?.id;
    expect(visitId).toBeDefined();
    const address = `${suite.runtime.url}/#/visits/${ticketId}/${visitId}`;

    // English first, at the same size, only to look at it: nothing is recorded.
    const english = await signedIn('agent@sanad.local', { width: 390, height: 844 }, 'en');
    await english.goto(address);
    await english.getByRole('heading', { name: 'Home visit' }).waitFor();
    // The heading shows while the visit is still loading: wait for the visit itself.
    await english.locator('article.visit').getByText('حي النسيم، شارع ١٢، منزل ٤').waitFor();
    await english.screenshot({ path: `${SHOTS}/visit-en-390x844.png`, fullPage: true });
    await english.context().close();

    const page = await signedIn('agent@sanad.local', { width: 390, height: 844 });
    await page.goto(address);
    await page.locator('article.visit').getByText('حي النسيم، شارع ١٢، منزل ٤').waitFor();
    // Whom to call before knocking, as the family's SMS said the visitor would.
    const call = page.locator('article.visit a[href^="tel:"]');
    await call.waitFor();
    expect(await call.getAttribute('href')).toBe('tel:+966554448101');
    expect(await call.innerText()).toBe('0554448101');
    expect((await call.boundingBox())?.height).toBeGreaterThanOrEqual(44);
    const back = page.getByRole('link', { name: 'العودة إلى التذكرة' });
    expect((await back.boundingBox())?.height).toBeGreaterThanOrEqual(44);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page
      .locator('textarea[name=findings]')
      .fill('الأسرة في شقة مستأجرة من غرفتين، والإيجار متأخر شهرين');
    await page.locator('input[name=photos]').setInputFiles({
      name: 'المنزل.png',
      mimeType: 'image/png',
      buffer: TINY_PNG,
    });
    await page.getByRole('button', { name: 'استخدام موقعي الحالي' }).click();
    await expect.poll(() => page.locator('form [role=status]').innerText()).toContain('24.71360');
    await page.screenshot({ path: `${SHOTS}/visit-ar-390x844.png`, fullPage: true });
    await page.getByRole('button', { name: 'تسجيل الزيارة كمكتملة' }).click();
    await expect.poll(() => page.locator('article.visit').innerText()).toContain('سُجلت الزيارة');
    await page.screenshot({ path: `${SHOTS}/visit-done-ar-390x844.png`, fullPage: true });

    const visit = (await suite.runtime.deps.store.getTicket(ticketId))?.supportCase?.homeVisits?.[0];
    expect(visit?.report).toMatchObject({
      findings: 'الأسرة في شقة مستأجرة من غرفتين، والإيجار متأخر شهرين',
      location: { kind: 'gps', latitude: 24.7136, longitude: 46.6753, accuracyMetres: 15 },
      photos: [{ contentType: 'image/png', size: TINY_PNG.length }],
      by: 'u-agent',
    });
    // Back on the ticket the visit is made, and the findings with the photo are a note in the conversation.
    await page.getByRole('link', { name: 'العودة إلى التذكرة' }).click();
    await expect.poll(() => page.locator('.timeline').innerText()).toContain('سُجلت نتائج الزيارة المنزلية');
    await page.context().close();
  });

  it('the visit page shows the visit at Riyadh time on a phone whose clock is set to London', async () => {
    const visitId = (await suite.runtime.deps.store.getTicket(ticketId))?.supportCase?.homeVisits?.[0]?.id;
    const page = await signedIn('agent@sanad.local', { width: 360, height: 640 }, 'ar', 'Europe/London');
    await page.goto(`${suite.runtime.url}/#/visits/${ticketId}/${visitId}`);
    const label = page.locator('article.visit dt', { hasText: 'الموعد' });
    await label.waitFor();
    const when = label.locator('xpath=following-sibling::dd[1]');
    // Scheduled for 09:00 in Riyadh (the picker's clock in the first test): 06:00 in London, which is not shown.
    const shown = await when.innerText();
    expect(shown).toContain('٩:٠٠');
    expect(shown).not.toContain('٦:٠٠');
    expect(shown).toMatch(/\(.*هـ\)/);
    expect(await label.innerText()).toContain('بتوقيت الرياض');
    await page.screenshot({ path: `${SHOTS}/visit-london-ar-360x640.png`, fullPage: true });
    await page.context().close();
  });

  it('the case panel and the timeline show a visit at Riyadh time, and take a picked time as Riyadh’s, in a browser set to New York', async () => {
    const other = await applyOnTheForm(suite.runtime, {
      name: 'أم سالم',
      phone: '0554448102',
      description: 'أسرة من خمسة أفراد تحتاج دعماً للإيجار',
    });
    const page = await signedIn(
      'agent@sanad.local',
      { width: 1280, height: 800 },
      'ar',
      'America/New_York',
      'latn',
    );
    await openTicketByReference(page, other.reference);
    const visits = page.locator('section.visits');
    await visits.getByRole('button', { name: 'جدولة زيارة منزلية' }).click();
    const picked = threeDaysAhead();
    await visits.locator('input[name=scheduledFor]').fill(picked);
    await visits.locator('textarea[name=address]').fill('حي الروضة، شارع ٣، منزل ٧');
    await visits.locator('input[name=purpose]').fill('زيارة للتحقق');
    await visits.getByRole('button', { name: 'جدولة الزيارة وإبلاغ المستفيد' }).click();
    await visits.locator('li').first().waitFor();
    // 09:00 in the picker labelled «بتوقيت الرياض» is 06:00 UTC, not 09:00 in New York (14:00 UTC).
    const stored = (await suite.runtime.deps.store.getTicket(other.id))?.supportCase?.homeVisits?.[0];
    expect(stored?.scheduledFor).toBe(new Date(`${picked}:00+03:00`).toISOString());
    // Shown at 09:00 Riyadh time in the digits this member chose; New York's 01:00 is not shown.
    const listed = await visits.locator('li').first().innerText();
    expect(listed).toContain('9:00');
    expect(listed).not.toContain('1:00');
    expect(listed).not.toMatch(/[٠-٩]/);
    const scheduled = page.locator('.timeline li', { hasText: 'جُدولت زيارة منزلية' });
    await scheduled.waitFor();
    expect(await scheduled.innerText()).toContain('9:00');
    expect(await scheduled.innerText()).not.toContain('1:00');
    await page.screenshot({ path: `${SHOTS}/case-panel-new-york-ar-latn-1280x800.png` });
    await page.context().close();
  });
});
