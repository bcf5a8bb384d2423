import { describe, expect, it } from 'vitest';
import { isActive } from '../../shared/domain/ticket.ts';
import { shootDesktopAndPhone, signedIn } from '../support/admin-page.ts';
import { artifactFolder, openTicketByReference, useBrowserRuntime } from './support.ts';

const suite = useBrowserRuntime({ seedDemoTickets: true });
const SHOTS = artifactFolder('disable-staff');

/** The open tickets a member holds (in one queue, when given). */
async function heldBy(userId: string, queueId?: string): Promise<number> {
  const { tickets } = await suite.runtime.deps.inbox.listAssigned(userId, 100);
  return tickets.filter((ticket) => isActive(ticket.status) && (!queueId || ticket.queueId === queueId))
    .length;
}

/** The admin on the staff page, one member's form open. */
async function editingMember(name: string) {
  const { context, page } = await signedIn(suite, 'admin@sanad.local', SHOTS);
  await page.goto(`${suite.runtime.url}/#/admin/staff`);
  const staff = page.locator('section.staff');
  await staff.getByRole('button', { name: `تعديل ${name}` }).click();
  return { context, page, staff };
}

describe('disabling a member of staff on the staff page', () => {
  it('tells the admin how many open tickets went back to their queues, and none stays with the member', async () => {
    const held = await heldBy('u-agent2');
    expect(held).toBeGreaterThan(2);
    const { context, page, staff } = await editingMember('فهد الغامدي');
    await staff.getByLabel('تعطيل الحساب').check();
    await staff.getByRole('button', { name: 'حفظ', exact: true }).click();
    const said = staff.getByRole('status').filter({ hasText: 'عُطّل حساب فهد الغامدي' });
    await said.waitFor();
    expect(await said.innerText()).toContain(`وأُعيدت ${held.toLocaleString('ar-SA')} تذاكر مفتوحة`);
    expect(await heldBy('u-agent2')).toBe(0);
    await staff
      .getByRole('row', { name: /فهد الغامدي/ })
      .getByText('معطّل')
      .waitFor();
    await shootDesktopAndPhone(page, `${SHOTS}/staff-disabled-ar`);
    await context.close();
  });

  it('leaves the disabled member out of the assignee list a supervisor picks from', async () => {
    const { tickets } = await suite.runtime.deps.inbox.listAssigned('u-agent', 100);
    const open = tickets.find(
      (ticket) => isActive(ticket.status) && ticket.queueId === 'beneficiary-relations',
    );
    expect(open).toBeDefined();
    const { context, page } = await signedIn(suite, 'supervisor@sanad.local', SHOTS);
    await openTicketByReference(page, open?.reference ?? '');
    const choices = page.locator('select[name=assignee] option');
    await expect
      .poll(async () => choices.evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)))
      .toContain('u-agent');
    expect(
      await choices.evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)),
    ).not.toContain('u-agent2');
    await context.close();
  });

  it('says how many open tickets went back when the admin takes a member out of a queue', async () => {
    const held = await heldBy('u-agent', 'beneficiary-relations');
    expect(held).toBeGreaterThan(2);
    const { context, page, staff } = await editingMember('نورة القحطاني');
    await staff.getByRole('group', { name: 'القوائم' }).getByLabel('علاقات المستفيدين').uncheck();
    await staff.getByRole('button', { name: 'حفظ', exact: true }).click();
    const said = staff.getByRole('status').filter({ hasText: 'حُفظت بيانات نورة القحطاني' });
    await said.waitFor();
    expect(await said.innerText()).toContain(`وأُعيدت إلى قوائمها ${held.toLocaleString('ar-SA')} `);
    expect(await heldBy('u-agent', 'beneficiary-relations')).toBe(0);
    await shootDesktopAndPhone(page, `${SHOTS}/staff-moved-ar`);
    await context.close();
  });
});
