import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openEnglishSection, shootDesktopAndPhone, signedIn } from '../support/admin-page.ts';
import { artifactFolder, seriousAccessibilityViolations, useBrowserRuntime } from './support.ts';

const suite = useBrowserRuntime({ seedDemoTickets: true });
const SHOTS = artifactFolder('admin17b');
const shoot = (page: Page, name: string) => shootDesktopAndPhone(page, `${SHOTS}/${name}`);

describe('the admin pages', () => {
  it('let an admin add a queue and a member who signs in with the one-time password; agents see none of it', async () => {
    const { context, page } = await signedIn(suite, 'admin@sanad.local', SHOTS);
    await page.getByRole('link', { name: 'الإدارة' }).click();
    const sections = page.getByRole('navigation', { name: 'أقسام الإدارة' });

    // A queue, refused first for its identifier, the reason beside the field.
    const queues = page.locator('section.queues');
    await queues.getByRole('heading', { name: 'قائمة جديدة' }).waitFor();
    await queues.getByLabel('المعرّف').fill('Zakat Jeddah');
    await queues.getByLabel('الاسم بالعربية').fill('زكاة جدة');
    await queues.getByLabel('الاسم بالإنجليزية').fill('Zakat Jeddah');
    await queues.getByLabel('الفرع').selectOption({ label: 'فرع الغربية - جدة' });
    await queues.getByLabel('إسناد التذاكر الجديدة تلقائيًا للعضو الأقل انشغالًا').check();
    await queues.getByRole('button', { name: 'إنشاء القائمة' }).click();
    await expect.poll(() => queues.locator('#queue-id').getAttribute('aria-invalid')).toBe('true');
    expect(await queues.locator('#queue-id-error').innerText()).not.toBe('');
    await queues.getByLabel('المعرّف').fill('zakat-jeddah');
    await queues.getByRole('button', { name: 'إنشاء القائمة' }).click();
    await queues.getByRole('status').filter({ hasText: 'أُنشئت قائمة «زكاة جدة»' }).waitFor();
    await queues.getByRole('row', { name: /زكاة جدة/ }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shoot(page, 'queues-ar');

    // A member of staff in that queue; the one-time password is shown once.
    await sections.getByRole('link', { name: 'الموظفون' }).click();
    const staff = page.locator('section.staff');
    await staff.getByLabel('الاسم').fill('ريم السبيعي');
    await staff.getByLabel('البريد الإلكتروني').fill('reem@sanad.local');
    await staff.getByLabel('زكاة جدة').check();
    await staff.getByRole('button', { name: 'إضافة الموظف' }).click();
    const password = await staff.locator('[data-temporary-password]').innerText();
    expect(password.length).toBeGreaterThan(8);
    await staff.getByRole('row', { name: /ريم السبيعي/ }).waitFor();
    // Her deadline warnings by email too, written in English.
    await staff.getByRole('button', { name: 'تعديل ريم السبيعي' }).click();
    await staff.getByLabel('إشعارات البريد').check();
    await staff.getByLabel('لغة الإشعارات').selectOption('en');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shoot(page, 'staff-ar');
    await staff.getByRole('button', { name: 'حفظ', exact: true }).click();
    await expect
      .poll(async () =>
        (await suite.runtime.deps.store.listStaffUsers()).find((user) => user.email === 'reem@sanad.local'),
      )
      .toMatchObject({ emailNotices: true, language: 'en' });

    await sections.getByRole('link', { name: 'سجل التغييرات' }).click();
    const audit = page.locator('section.audit');
    await audit.getByRole('listitem').filter({ hasText: 'زكاة جدة' }).first().waitFor();
    await audit.getByRole('listitem').filter({ hasText: 'ريم السبيعي' }).first().waitFor();
    // Values as staff say them: a switch as yes, roles and queues by their names, never `true` or `["agent"]`.
    const queueEntry = await audit
      .getByRole('listitem')
      .filter({ hasText: 'zakat-jeddah' })
      .last()
      .innerText();
    expect(queueEntry).toMatch(/إسناد التذاكر الجديدة تلقائيًا[^\n]*\n+نعم\n/);
    expect(queueEntry).not.toMatch(/true|false/);
    const memberEntry = await audit
      .getByRole('listitem')
      .filter({ hasText: 'ريم السبيعي' })
      .last()
      .innerText();
    expect(memberEntry).toContain('موظف خدمة');
    expect(memberEntry).toContain('زكاة جدة');
    expect(memberEntry).not.toMatch(/\[|true|false/);
    const noticesEntry = await audit
      .getByRole('listitem')
      .filter({ hasText: 'ريم السبيعي' })
      .first()
      .innerText();
    expect(noticesEntry).toMatch(/إشعارات البريد\n+نعم\n+لغة الإشعارات\n+الإنجليزية/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shoot(page, 'audit-ar');

    await sections.getByRole('link', { name: 'ملف الجمعية' }).click();
    const society = page.locator('section.society');
    await society.getByLabel('رابط الموقع العام').fill('not a link');
    await society.getByRole('button', { name: 'حفظ' }).click();
    await expect.poll(() => society.locator('#society-site').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await shoot(page, 'society-ar');
    // Saved, the change shows in the change log with what it became.
    await society.getByLabel('رابط الموقع العام').fill('https://society.example.sa');
    await society.getByRole('button', { name: 'حفظ' }).click();
    await society.getByRole('status').waitFor();
    await sections.getByRole('link', { name: 'سجل التغييرات' }).click();
    const societyChange = audit
      .getByRole('listitem')
      .filter({ hasText: 'ملف الجمعية' })
      .filter({ hasText: 'https://society.example.sa' });
    await societyChange.waitFor();
    expect(await societyChange.innerText()).toContain('رابط الموقع العام');
    await shoot(page, 'audit-society-ar');
    await sections.getByRole('link', { name: 'ملف الجمعية' }).click();

    // The same pages in English.
    await page.locator('button[lang=en]').click();
    await page.getByRole('heading', { name: 'Society profile' }).waitFor();
    await shoot(page, 'society-en');
    for (const [link, name] of [
      ['Queues', 'queues-en'],
      ['Staff', 'staff-en'],
      ['Change log', 'audit-en'],
    ] as const) {
      await openEnglishSection(page, link);
      await shoot(page, name);
    }
    await page.locator('button[lang=ar]').click();
    await context.close();

    // The new member's first sign-in: the one-time password, then their own.
    const newcomer = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const first = await newcomer.newPage();
    await first.goto(suite.runtime.url);
    await first.locator('input[name=email]').fill('reem@sanad.local');
    await first.locator('input[name=password]').fill(password);
    await first.locator('form button[type=submit]').click();
    await first.getByRole('heading', { name: 'اختر كلمة مرور جديدة' }).waitFor();
    expect(await seriousAccessibilityViolations(first)).toEqual([]);
    await first.getByLabel('كلمة المرور الجديدة', { exact: true }).fill('Reem-Sanad-2026!');
    await first.getByLabel('أعد كتابة كلمة المرور الجديدة').fill('Reem-Sanad-2026!');
    await first.screenshot({ path: `${SHOTS}/new-password-ar-desktop.png` });
    await first.getByRole('button', { name: 'حفظ والدخول' }).click();
    await first.getByRole('search').waitFor();
    expect(await first.getByText('ريم السبيعي').count()).toBeGreaterThan(0);
    expect(await first.getByRole('link', { name: 'الإدارة' }).count()).toBe(0);
    await first.screenshot({ path: `${SHOTS}/newcomer-inbox-ar-desktop.png` });
    await newcomer.close();

    // Supervisors run the teams: the queues' members, and the routing rules to read and try; nothing else.
    const { context: supervisorContext, page: supervisorPage } = await signedIn(
      suite,
      'supervisor@sanad.local',
    );
    await supervisorPage.getByRole('link', { name: 'الإدارة' }).click();
    const supervised = supervisorPage.locator('section.queues');
    await supervised
      .getByRole('row', { name: /زكاة جدة/ })
      .getByRole('button')
      .click();
    expect(await supervised.getByLabel('الاسم بالعربية').isDisabled()).toBe(true);
    // Queue membership, the routing rules (to read and try) and the canned answers are a supervisor's.
    expect(
      await supervisorPage
        .getByRole('navigation', { name: 'أقسام الإدارة' })
        .getByRole('link')
        .allInnerTexts(),
    ).toEqual(['قوائم العمل', 'الردود الجاهزة', 'قواعد التوجيه']);
    await supervised.getByLabel('فهد الغامدي').check();
    await supervised.getByRole('button', { name: 'حفظ' }).click();
    await supervised.getByRole('status').filter({ hasText: 'حُفظت قائمة «زكاة جدة»' }).waitFor();
    await supervisorContext.close();

    const { context: agentContext, page: agentPage } = await signedIn(suite, 'agent@sanad.local');
    expect(await agentPage.getByRole('link', { name: 'الإدارة' }).count()).toBe(0);
    // The address alone does not open them either.
    await agentPage.goto(`${suite.runtime.url}/#/admin/staff`);
    await agentPage.locator('[role=option]').first().waitFor();
    expect(await agentPage.locator('section.staff').count()).toBe(0);
    await agentContext.close();
  }, 180_000);
});
