import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getJson, signIn } from '../support/runtime.ts';
import { artifactFolder, signInAs, useBrowserRuntime } from './support.ts';

const suite = useBrowserRuntime({ seedDemoTickets: true });
const SHOTS = artifactFolder('macros');

async function shoot(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: `${SHOTS}/${name}-desktop.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/${name}-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

interface Listed {
  id: string;
  subject: string;
  type: string;
  status: string;
  channel: string;
  assigneeId?: string;
}

describe('macros', () => {
  it('an admin adds one in Arabic and an agent applies it on a ticket in one step', {
    timeout: 120_000,
  }, async () => {
    mkdirSync(SHOTS, { recursive: true });
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const admin = await context.newPage();
    await signInAs(admin, suite.runtime.url, 'admin@sanad.local');
    await admin.goto(`${suite.runtime.url}/#/admin/macros`);
    const macros = admin.locator('section.macros');
    await macros.getByRole('row', { name: /طلب استكمال المستندات/ }).waitFor();
    await macros.getByLabel('المعرّف').fill('await-committee');
    await macros.getByLabel('الاسم بالعربية').fill('إحالة داخلية');
    await macros.getByLabel('الرد الجاهز').selectOption('greeting');
    await macros.getByLabel('الحالة الجديدة').selectOption('pending_internal');
    await macros.getByLabel('وسوم تضاف').fill('إحالة، متابعة');
    await macros.getByRole('button', { name: 'إضافة الإجراء' }).click();
    await macros.getByRole('status').filter({ hasText: 'حُفظ الإجراء إحالة داخلية' }).waitFor();
    await macros.getByRole('row', { name: /إحالة داخلية/ }).waitFor();
    await shoot(admin, 'admin-macros-ar');
    await admin.locator('button[lang=en]').click();
    await macros.getByRole('heading', { name: 'Macros' }).waitFor();
    await shoot(admin, 'admin-macros-en');
    await context.close();

    // An open, non-WhatsApp ticket of the agent's, picked by its subject.
    const token = await signIn(suite.runtime, 'agent@sanad.local');
    const tickets = (await getJson(`${suite.runtime.url}/api/tickets?limit=50`, token)).body
      .tickets as Listed[];
    const ticket = tickets.find(
      (candidate) =>
        candidate.subject === 'تحديث بيانات الأسرة' &&
        candidate.channel !== 'whatsapp' &&
        candidate.type !== 'support_request' &&
        !['closed', 'resolved'].includes(candidate.status),
    );
    if (!ticket) throw new Error('no open demo ticket named تحديث بيانات الأسرة');

    const agentContext = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await agentContext.newPage();
    await signInAs(page, suite.runtime.url, 'agent@sanad.local');
    await page.goto(`${suite.runtime.url}/#/tickets/${ticket.id}`);
    await page.locator('form.reply textarea').waitFor();
    await page.getByLabel('تطبيق إجراء جاهز').selectOption({ label: 'إحالة داخلية' });
    await page.getByText('طُبّق الإجراء إحالة داخلية').waitFor();
    expect(await page.locator('form.reply textarea').inputValue()).toContain('السلام عليكم');
    const after = await getJson(`${suite.runtime.url}/api/tickets/${ticket.id}`, token);
    expect(after.body.ticket).toMatchObject({
      status: 'pending_internal',
      tags: expect.arrayContaining(['إحالة', 'متابعة']),
    });
    await shoot(page, 'ticket-macro-ar');
    await agentContext.close();
  });
});
