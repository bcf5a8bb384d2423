import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openEnglishSection, shootDesktopAndPhone, signedIn } from '../support/admin-page.ts';
import { artifactFolder, seriousAccessibilityViolations, useBrowserRuntime } from './support.ts';

const suite = useBrowserRuntime({ seedDemoTickets: true });
const SHOTS = artifactFolder('rules17');

/** The page on a desktop and on a phone, the phone once at the page's top and once at `part` when named. */
async function shoot(page: Page, name: string, part?: string) {
  await shootDesktopAndPhone(page, `${SHOTS}/${name}`, async () => {
    await page
      .locator('h2')
      .first()
      .evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: `${SHOTS}/${name}-phone.png` });
    if (!part) return;
    await page
      .locator(part)
      .first()
      .evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: `${SHOTS}/${name}-phone-part.png` });
  });
}

describe('the routing rules, SLA policies and business calendar pages', () => {
  it('let an admin edit, try and save the rules, the policies and the calendar, in Arabic and English', async () => {
    const { context, page } = await signedIn(suite, 'admin@sanad.local', SHOTS);
    await page.getByRole('link', { name: 'الإدارة' }).click();
    const sections = page.getByRole('navigation', { name: 'أقسام الإدارة' });

    // Rules: a new rule in the draft, moved up, tried on a sample and on the latest tickets, then saved.
    await sections.getByRole('link', { name: 'قواعد التوجيه' }).click();
    const rules = page.locator('section.rules');
    await rules.getByText('النسخة المعمول بها').waitFor();
    const rowsBefore = await rules.locator('table').first().locator('tbody tr').count();
    await rules.getByRole('button', { name: 'إضافة إلى المسودة' }).click();
    await expect.poll(() => rules.locator('#rule-name').getAttribute('aria-invalid')).toBe('true');
    await rules.getByLabel('اسم القاعدة').fill('الزكاة');
    await rules.getByLabel('كلمات', { exact: true }).fill('زكاة، الصدقة');
    await rules.locator('#rule-queue').selectOption('social-research');
    await rules.getByLabel('الأولوية').selectOption('high');
    await rules.getByRole('button', { name: 'إضافة إلى المسودة' }).click();
    await rules.getByText('تعديلات غير محفوظة').waitFor();
    const body = rules.locator('table').first().locator('tbody tr');
    expect(await body.count()).toBe(rowsBefore + 1);
    await rules.getByRole('button', { name: 'تقديم «الزكاة»' }).click();
    expect(await body.nth(rowsBefore - 2).innerText()).toContain('الزكاة');

    await rules.getByLabel('نص تجريبي').fill('أريد إخراج الزكاه عن أسرتي');
    await rules.getByRole('button', { name: 'جرّب على النص' }).click();
    await rules
      .getByRole('status')
      .filter({ hasText: 'تنطبق القاعدة «الزكاة»: إلى البحث الاجتماعي' })
      .waitFor();
    await rules.getByRole('button', { name: 'جرّب على آخر ٥٠ تذكرة' }).click();
    await rules.getByRole('status').filter({ hasText: /من/ }).last().waitFor();
    await rules.locator('table.replay').waitFor();
    await rules.getByRole('button', { name: 'حفظ نسخة جديدة' }).click();
    await rules.getByRole('status').filter({ hasText: 'حُفظت القواعد، النسخة' }).waitFor();
    await rules.getByRole('heading', { name: 'النسخ السابقة' }).waitFor();
    // An earlier version comes back into the draft, to be saved as a newer one.
    await rules.getByRole('button', { name: 'استرجاع النسخة ١' }).click();
    await rules.getByRole('status').filter({ hasText: 'نُقلت قواعد النسخة ١ إلى المسودة' }).waitFor();
    expect(await body.count()).toBe(rowsBefore);
    await rules.getByRole('button', { name: 'تجاهل التعديلات' }).click();
    expect(await body.count()).toBe(rowsBefore + 1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shoot(page, 'rules-ar', 'form.try');

    // SLA policies: a refused warning share beside its field, then saved, then deleted.
    await sections.getByRole('link', { name: 'مهل الاستجابة' }).click();
    const sla = page.locator('section.sla');
    await sla.getByRole('row', { name: /عادي/ }).waitFor();
    // An id the rule refuses: the rule shows once, as the field's error, not also as its hint.
    await sla.getByLabel('المعرّف').fill('Complaints!');
    await sla.getByRole('button', { name: 'حفظ' }).click();
    await expect.poll(() => sla.locator('#sla-id').getAttribute('aria-invalid')).toBe('true');
    const idRule = await sla.locator('#sla-id-error').innerText();
    expect(idRule).not.toBe('');
    expect(await sla.getByText(idRule, { exact: true }).count()).toBe(1);
    expect(await sla.locator('#sla-id').getAttribute('aria-describedby')).toBe('sla-id-error');
    await sla.getByLabel('المعرّف').fill('complaints');
    expect(await sla.locator('#sla-id-hint').innerText()).toBe(idRule);
    await sla.getByLabel('الاسم بالعربية').fill('الشكاوى');
    await sla.getByLabel('الاسم بالإنجليزية').fill('Complaints');
    await sla.getByLabel('مهلة أول رد (بالساعات)').fill('2');
    await sla.getByLabel('مهلة الحل (بالساعات)').fill('21');
    await sla.getByLabel('التنبيه عند (٪ من المهلة)').fill('150');
    await sla.getByLabel('شكوى').check();
    await sla.getByRole('button', { name: 'حفظ' }).click();
    await expect.poll(() => sla.locator('#sla-warning').getAttribute('aria-invalid')).toBe('true');
    expect(await sla.locator('#sla-warning-error').innerText()).not.toBe('');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shoot(page, 'sla-refused-ar');
    await sla.getByLabel('التنبيه عند (٪ من المهلة)').fill('75');
    await sla.getByRole('button', { name: 'حفظ' }).click();
    await sla.getByRole('status').filter({ hasText: 'حُفظت سياسة «الشكاوى»' }).waitFor();
    await sla.getByRole('row', { name: /الشكاوى/ }).waitFor();
    await shoot(page, 'sla-ar', 'section.sla form');
    await sla.getByRole('button', { name: 'حذف الشكاوى' }).click();
    await sla.getByRole('status').filter({ hasText: 'حُذفت سياسة «الشكاوى»' }).waitFor();

    // Calendar: Ramadan by Hijri year with its Gregorian dates, a holiday typed in Hijri, a shift refused.
    await sections.getByRole('link', { name: 'تقويم العمل' }).click();
    const calendar = page.locator('section.calendar');
    await calendar.getByRole('group', { name: 'رمضان 1448' }).getByText('2027').waitFor();
    await calendar.getByRole('button', { name: 'إضافة إجازة' }).click();
    const holiday = calendar.getByRole('group', { name: 'إجازة جديدة' });
    await holiday.getByLabel('اسم الإجازة').fill('عيد الفطر 1449');
    const eid = calendar.getByRole('group', { name: 'عيد الفطر 1449' });
    await eid.getByLabel('من', { exact: true }).fill('1449-10-01');
    await eid.getByLabel('إلى', { exact: true }).fill('1449-10-04');
    await eid.getByText(/2028/).waitFor();
    await page.locator('[id="week.0.0.end"]').fill('07:00');
    await calendar.getByRole('button', { name: 'حفظ' }).click();
    await expect.poll(() => page.locator('[id="week.0.0.end"]').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('[id="week.0.0.end-error"]').innerText()).toBe('النهاية قبل البداية');
    await page.locator('[id="week.0.0.end"]').fill('12:00');
    await calendar.getByRole('button', { name: 'حفظ' }).click();
    await calendar.getByRole('status').filter({ hasText: 'حُفظ تقويم العمل' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shoot(page, 'calendar-ar', '.holidays');

    // Every save is in the change log.
    await sections.getByRole('link', { name: 'سجل التغييرات' }).click();
    const audit = page.locator('section.audit');
    for (const setting of ['قواعد التوجيه', 'سياسة مهلة', 'تقويم العمل']) {
      await audit.getByRole('listitem').filter({ hasText: setting }).first().waitFor();
    }
    await audit.getByText('حُذفت').first().waitFor();
    await shoot(page, 'audit-ar');

    // The same pages in English.
    await page.locator('button[lang=en]').click();
    for (const [link, name, part] of [
      ['Routing rules', 'rules-en', 'form.try'],
      ['Response windows', 'sla-en', 'section.sla form'],
      ['Business calendar', 'calendar-en', '.holidays'],
    ] as const) {
      await openEnglishSection(page, link);
      await shoot(page, name, part);
    }
    await page.locator('button[lang=ar]').click();
    await context.close();

    // Supervisors read and try the rules; they change nothing there.
    const { context: supervisorContext, page: supervisorPage } = await signedIn(
      suite,
      'supervisor@sanad.local',
    );
    await supervisorPage.goto(`${suite.runtime.url}/#/admin/rules`);
    const read = supervisorPage.locator('section.rules');
    await read.getByText('النسخة المعمول بها').waitFor();
    expect(await read.getByRole('button', { name: 'حفظ نسخة جديدة' }).count()).toBe(0);
    await read.getByLabel('نص تجريبي').fill('زكاة');
    await read.getByRole('button', { name: 'جرّب على النص' }).click();
    await read.getByRole('status').filter({ hasText: 'تنطبق القاعدة «الزكاة»' }).waitFor();
    await supervisorPage.screenshot({ path: `${SHOTS}/rules-supervisor-ar-desktop.png` });
    await supervisorContext.close();
  }, 240_000);
});
