import { beforeAll, describe, expect, it } from 'vitest';
import { postJson, signIn } from '../support/runtime.ts';
import { applyOnTheForm } from '../support/support-request.ts';
import { artifactFolder, openTicketByReference, screenshot, signInAs, useBrowserRuntime } from './support.ts';

const SHOTS = artifactFolder('field19');
const suite = useBrowserRuntime();
let reference: string;

/** A case taken to registration through the API: the browser starts where deliveries begin. */
beforeAll(async () => {
  const { runtime } = suite;
  const application = await applyOnTheForm(runtime, { name: 'أم سعد', phone: '0554448201' });
  reference = application.reference;
  const token = {
    agent: await signIn(runtime, 'agent@sanad.local'),
    committee: await signIn(runtime, 'committee@sanad.local'),
  };
  const step = (action: string, body: unknown, who: keyof typeof token) =>
    postJson(`${runtime.url}/api/tickets/${application.id}/case/${action}`, body, {
      authorization: `Bearer ${token[who]}`,
    });
  await step(
    'record_verification',
    { checklist: { identityMatches: true, documentsPresent: true, dataConsistent: true } },
    'agent',
  );
  await step('send_to_committee', {}, 'agent');
  await step(
    'decide',
    { outcome: 'approved', reason: 'أسرة مستحقة', service: 'سلة غذائية شهرية' },
    'committee',
  );
  const registered = await step('register', { household: { members: 4, monthlyIncome: 1500 } }, 'agent');
  expect(registered.status).toBe(200);
}, 120_000);

describe('deliveries in the case panel', () => {
  it('plans three monthly deliveries and records the first with what was handed over', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signInAs(page, suite.runtime.url, 'agent@sanad.local');
    await openTicketByReference(page, reference);
    const panel = page.locator('section.deliveries');
    await panel.getByRole('button', { name: 'تخطيط تسليم' }).click();
    await panel.getByLabel('شهرياً').check();
    await panel.locator('input[name=months]').fill('3');
    await panel.locator('input[name=firstOn]').fill('2027-01-15');
    await panel.locator('input[name=plannedItem]').fill('سلة غذائية');
    await panel.getByRole('button', { name: 'حفظ الخطة' }).click();
    await expect.poll(() => panel.locator('li').count(), { timeout: 10_000 }).toBe(3);
    // Due days as the inbox writes dates, in the page's digits with the Hijri beside them; no ISO day.
    const second = await panel.locator('li').nth(1).innerText();
    expect(second).toMatch(/١٥\u200f?\/٠٢\u200f?\/٢٠٢٧ \(٨ رمضان ١٤٤٨ هـ\)/);
    expect(await panel.innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // The plan's event in the timeline: Arabic's plural of three (دفعات), its first day the same way.
    const plannedEvent = page.locator('.timeline').getByText(/^خُططت/);
    expect(await plannedEvent.innerText()).toMatch(
      /^خُططت ٣ دفعات من «سلة غذائية» تبدأ ١٥\u200f?\/٠١\u200f?\/٢٠٢٧ \(.+ هـ\)$/,
    );

    await panel.locator('li').first().locator('input[name=item]').fill('سلة غذائية وتمر');
    await panel.locator('li').first().getByRole('button', { name: 'تسجيل التسليم' }).click();
    await expect
      .poll(() => panel.locator('li').first().innerText(), { timeout: 10_000 })
      .toContain('سُلّم: سلة غذائية وتمر');
    await screenshot(page, 'deliveries-ar');
    await page.locator('section.deliveries').screenshot({ path: `${SHOTS}/deliveries-ar-1280x800.png` });
    const texts = suite.runtime.outbox
      .list('sms')
      .filter((entry) => entry.to === '+966554448201')
      .map((entry) => JSON.parse(entry.payload).text as string);
    expect(texts.some((text) => text.includes('«سلة غذائية وتمر»'))).toBe(true);
    await context.close();

    // Told "سُلّم لكم", the beneficiary's status page shows the service under way, one of three and when.
    const beneficiary = await suite.browser.newPage({ viewport: { width: 390, height: 844 } });
    await beneficiary.goto(`${suite.runtime.url}/public/status`);
    await beneficiary.getByLabel('رقم الطلب').fill(reference);
    await beneficiary.getByLabel('رقم الجوال').fill('0554448201');
    await beneficiary.getByRole('button', { name: 'أرسل رمز التحقق' }).click();
    await beneficiary.getByRole('status').waitFor();
    const sms = suite.runtime.outbox.list('sms').filter((entry) => entry.to === '+966554448201');
    const code = /(\d{6})/.exec(JSON.parse(sms.at(-1)?.payload ?? '{}').text)?.[1] ?? '';
    await beneficiary.getByLabel('رمز التحقق').fill(code);
    await beneficiary.getByRole('button', { name: 'اعرض حالة الطلب' }).click();
    await beneficiary.getByTestId('current-step').waitFor();
    expect(await beneficiary.getByTestId('current-step').innerText()).toBe('تقديم الخدمة جارٍ');
    const service = await beneficiary.locator('.timeline li').last().innerText();
    expect(service).toContain('تقديم الخدمة');
    expect(service).toContain('سُلّمت ١ من ٣');
    expect(service).toContain('هـ');
    expect(service).not.toContain('لم تتم بعد');
    await beneficiary.screenshot({ path: `${SHOTS}/status-delivering-ar-390x844.png`, fullPage: true });
    await beneficiary.close();
  });
});
