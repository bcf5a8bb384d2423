import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { postJson, startTestRuntime } from '../support/runtime.ts';
import {
  ensureWebBuilt,
  launchChromium,
  screenshot,
  seriousAccessibilityViolations,
  signInAs,
} from './support.ts';

let runtime: LocalRuntime;
let browser: Browser;
let reference: string;

beforeAll(async () => {
  ensureWebBuilt();
  runtime = await startTestRuntime({ seedDemoTickets: true });
  browser = await launchChromium();
  const created = await postJson(`${runtime.url}/public/contact`, {
    name: 'أم فيصل',
    phone: '0554447001',
    subject: 'طلب دعم لمشروع خياطة',
    message: 'أرجو دعمي بماكينة خياطة لأعمل من المنزل',
    type: 'support_request',
  });
  reference = created.body.reference as string;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
});

async function openCaseAs(email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signInAs(page, runtime.url, email);
  await page.locator('.list-head').click();
  await page.keyboard.press('/');
  await page.keyboard.type(reference);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('[role=option]').count()).toBe(1);
  await page.locator('[role=option]').first().click();
  await page.locator('section.case').waitFor();
  return page;
}

const lastSmsTo = (phone: string) =>
  JSON.parse(
    runtime.outbox
      .list('sms')
      .filter((entry) => entry.to === phone)
      .at(-1)?.payload ?? '{}',
  ).text;

describe('the support-request case in the inbox', () => {
  it('a researcher verifies and sends to the committee; only the committee sees the decision step', async () => {
    const researcher = await openCaseAs('researcher@sanad.local');
    const panel = researcher.locator('section.case');
    expect(await panel.locator('.step').innerText()).toBe('استُلم الطلب وينتظر التحقق');
    expect(await panel.getByRole('button', { name: 'تسجيل قرار اللجنة' }).count()).toBe(0);

    await panel.getByRole('button', { name: 'تسجيل التحقق' }).click();
    await panel.getByLabel('الهوية مطابقة').check();
    await panel.getByLabel('البيانات متسقة').check();
    await panel.locator('textarea[name=missing]').fill('صورة من إثبات الدخل');
    await panel.getByRole('button', { name: 'تأكيد الخطوة' }).click();
    await expect.poll(() => panel.locator('.step').getAttribute('data-step')).toBe('returned_to_applicant');
    expect(lastSmsTo('+966554447001')).toContain('صورة من إثبات الدخل');

    await panel.getByRole('button', { name: 'تسجيل التحقق' }).click();
    for (const label of ['الهوية مطابقة', 'المستندات مكتملة', 'البيانات متسقة'])
      await panel.getByLabel(label).check();
    await panel.getByRole('button', { name: 'تأكيد الخطوة' }).click();
    await expect.poll(() => panel.locator('.step').getAttribute('data-step')).toBe('verified');

    await panel.getByRole('button', { name: 'عرض على اللجنة' }).click();
    await panel.getByRole('button', { name: 'تأكيد الخطوة' }).click();
    await expect.poll(() => panel.locator('.step').getAttribute('data-step')).toBe('committee_review');
    expect(await panel.locator('dd.due').innerText()).toMatch(/متبقٍ ١٤ يوم/);
    await screenshot(researcher, 'case-panel-researcher-ar');
    await researcher.context().close();

    const committee = await openCaseAs('committee@sanad.local');
    const decision = committee.locator('section.case');
    await decision.getByRole('button', { name: 'تسجيل قرار اللجنة' }).click();
    await decision.locator('textarea[name=reason]').fill('الأسرة مستحقة والمشروع مناسب');
    await decision.locator('input[name=service]').fill('ماكينة خياطة');
    expect(await seriousAccessibilityViolations(committee)).toEqual([]);
    await screenshot(committee, 'case-panel-committee-ar');
    await decision.getByRole('button', { name: 'تأكيد الخطوة' }).click();
    await expect.poll(() => decision.locator('.step').getAttribute('data-step')).toBe('approved');
    expect(lastSmsTo('+966554447001')).toContain('ماكينة خياطة');
    // The decided case is back with beneficiary relations, outside the committee's queues.
    await committee.context().close();
  });

  it('a supervisor rewords an automatic message on the message-texts page; an invalid placeholder is refused', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await signInAs(page, runtime.url, 'supervisor@sanad.local');
    await page.getByRole('button', { name: 'نصوص الرسائل' }).click();
    const registered = page.locator('article[data-template=case_registered]');
    await registered.locator('textarea').fill('مبارك، سُجّلتم مستفيدين لدى الجمعية (طلب {reference}) {reason}');
    await registered.getByRole('button', { name: 'حفظ النص' }).click();
    await expect.poll(() => registered.locator('[role=status]').innerText()).toContain('{reason}');
    await registered.locator('textarea').fill('مبارك، سُجّلتم مستفيدين لدى الجمعية (طلب {reference}).');
    await registered.getByRole('button', { name: 'حفظ النص' }).click();
    await expect
      .poll(() => registered.locator('[role=status]').innerText())
      .toBe('حُفظ النص، وستستخدمه الرسائل القادمة');
    expect(await registered.innerText()).toContain('أعاد صياغتها');
    const templates = await runtime.deps.config.listRewordedTemplates();
    expect(templates.find((template) => template.id === 'case_registered')?.text).toBe(
      'مبارك، سُجّلتم مستفيدين لدى الجمعية (طلب {reference}).',
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'message-templates-ar');
    await context.close();
  });
});
