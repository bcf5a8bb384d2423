import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, signIn } from '../support/runtime.ts';
import { useInboxPage } from './inbox-page.ts';
import { openTicketByReference, screenshot } from './support.ts';

// Every demo contact reached an agent: a supervisor gives two back to the team (before the agent's list
// loads, so no live change reorders it), for the take tests below.
const inbox = useInboxPage(async ({ runtime }) => {
  const supervisor = await signIn(runtime, 'supervisor@sanad.local');
  const send = (path: string, init: RequestInit = {}) =>
    fetch(`${runtime.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${supervisor}`, 'content-type': 'application/json' },
    });
  const open = (await (await send('/api/tickets?queue=beneficiary-relations&status=new,open')).json()) as {
    tickets: { id: string; assigneeId?: string }[];
  };
  for (const ticket of open.tickets.filter((candidate) => candidate.assigneeId).slice(0, 2))
    await send(`/api/tickets/${ticket.id}`, { method: 'PATCH', body: JSON.stringify({ assigneeId: null }) });
});
const { suite, rows, openTicketSubject } = inbox;
let page: Page;
beforeAll(() => {
  page = inbox.page;
});

describe('the staff inbox: reading the list, working a ticket, taking it', () => {
  it('shows the demo tickets in Arabic, right to left, with Arabic-Indic digits', async () => {
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    expect(await rows().count()).toBeGreaterThan(5);
    const first = await rows().first().innerText();
    expect(first).toMatch(/[\u0600-\u06FF]/);
    expect(await page.locator('.list-head .count').innerText()).toMatch(/[٠-٩]/);
    // In RTL the list starts at the right: the row's contact name sits right of its time.
    const name = await rows().first().locator('.contact').boundingBox();
    const time = await rows().first().locator('time').boundingBox();
    expect(name && time && name.x > time.x).toBe(true);
    await screenshot(page, 'inbox-ar');
  });

  it('moves through the list with j and k and opens the selected ticket with Enter', async () => {
    await page.locator('.list-head').click();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const selected = rows().nth(1);
    expect(await selected.getAttribute('aria-selected')).toBe('true');
    const subject = await selected.locator('.subject').innerText();
    await page.keyboard.press('Enter');
    await expect.poll(() => openTicketSubject().innerText()).toBe(subject);
  });

  it('moves through the focused list with the arrow keys, Home and End, as a listbox does', async () => {
    const listbox = page.locator('[role=listbox]');
    await listbox.focus();
    const active = () => listbox.getAttribute('aria-activedescendant');
    await page.keyboard.press('Home');
    expect(await active()).toBe(await rows().first().getAttribute('id'));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    expect(await active()).toBe(await rows().nth(1).getAttribute('id'));
    expect(await rows().nth(1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('End');
    // The last row is brought into sight (the list renders only the rows in sight) and is the active one.
    const lastIsActive = async () => (await active()) === (await rows().last().getAttribute('id'));
    await expect.poll(lastIsActive).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await active()).toBe(await rows().last().getAttribute('id'));
    const subject = await rows().last().locator('.subject').innerText();
    await page.keyboard.press('Enter');
    await expect.poll(() => openTicketSubject().innerText()).toBe(subject);
    await page.keyboard.press('Home');
    // Back at the top, once the rows in sight are the first ones again.
    const firstIsActive = async () => (await active()) === (await rows().first().getAttribute('id'));
    await expect.poll(firstIsActive).toBe(true);
    expect(await listbox.evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('sends a reply on the beneficiary’s channel and the outbox receives it', async () => {
    // An inquiry, not a support case: a case ends only through its steps, and the tests below resolve this one.
    await rows().filter({ hasText: 'تحديث بيانات الأسرة' }).first().click();
    await expect.poll(() => openTicketSubject().innerText()).toBe('تحديث بيانات الأسرة');
    const before = suite.runtime.outbox.list().length;
    await page.keyboard.press('r');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('text');
    await page.keyboard.type('شكرًا لتواصلك، تم استلام طلبك وسنعود إليك قريبًا');
    await page.locator('form.reply input[name=attachments]').setInputFiles({
      name: 'support-request-form.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4 form'),
    });
    await page.locator('form.reply button[type=submit].primary').click();
    await page.locator('form.reply [role=status]').waitFor();
    await expect.poll(() => suite.runtime.outbox.list().length).toBe(before + 1);
    const sentEntry = suite.runtime.outbox.list().at(-1);
    // Email replies are kept as the MIME that would go to SES; other channels as the provider request.
    const sentText =
      sentEntry?.payloadType === 'message/rfc822'
        ? (await simpleParser(sentEntry.payload)).text
        : sentEntry?.payload;
    expect(sentText).toContain('تم استلام طلبك');
    const sent = page.locator('[data-direction=outbound]').first();
    await sent.waitFor();
    expect(await sent.locator('.attachments').innerText()).toContain('support-request-form.pdf');
  });

  it('adds an internal note, shown apart from the conversation with the beneficiary', async () => {
    const outboxBefore = suite.runtime.outbox.list().length;
    await page.locator('form.reply [role=tab]').nth(1).click();
    await page.locator('form.reply textarea').fill('اتصلت بالمستفيدة ولم ترد، سأعاود الاتصال غدًا');
    await page.locator('form.reply button[type=submit].primary').click();
    const note = page.locator('[data-direction=note]');
    await note.waitFor();
    expect(await note.innerText()).toContain('سأعاود الاتصال');
    expect(suite.runtime.outbox.list().length).toBe(outboxBefore);
  });

  it('changes the status and shows the change as an event', async () => {
    await page.locator('select[name=status]').selectOption('pending_beneficiary');
    // The demo's history may hold earlier changes: the newest is this one.
    await expect
      .poll(() => page.locator('[data-event=status_changed]').last().innerText())
      .toContain('بانتظار المستفيد');
    await screenshot(page, 'ticket-ar');
  });

  it('resolves the open ticket with e, and lists the shortcuts with ?', async () => {
    await page.locator('.list-head').click();
    await page.keyboard.press('e');
    await expect.poll(() => page.locator('select[name=status]').inputValue()).toBe('resolved');
    await page.keyboard.press('?');
    const help = page.locator('dialog[open]');
    await help.waitFor();
    expect(await help.innerText()).toContain('حل التذكرة');
    await screenshot(page, 'shortcuts-ar');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
  });

  it('filters by status on the server and by channel in the list', async () => {
    await page.locator('select[name=filter-status]').selectOption('resolved');
    await expect.poll(() => rows().locator('.status-resolved').count()).toBeGreaterThan(0);
    expect(await rows().count()).toBe(await rows().locator('.status-resolved').count());
    await page.locator('select[name=filter-status]').selectOption('');
    await page.locator('select[name=filter-channel]').selectOption('email');
    await expect.poll(async () => (await rows().count()) > 0).toBe(true);
    const labels = await rows()
      .locator('.line:first-child svg')
      .evaluateAll((icons) => icons.map((icon) => icon.getAttribute('aria-label')));
    expect(new Set(labels)).toEqual(new Set(['بريد إلكتروني']));
    await page.locator('select[name=filter-channel]').selectOption('');
  });

  it('assigns the open ticket to me, which moves it from unassigned to my tickets', async () => {
    // From the unassigned view, by its id: live pushes may reorder the list meanwhile.
    await page.locator('nav button').nth(1).click(); // unassigned
    await expect.poll(() => rows().count()).toBeGreaterThan(0);
    const ticketId = await rows().first().getAttribute('data-ticket-id');
    await page.locator(`[data-ticket-id="${ticketId}"]`).click();
    await expect.poll(() => page.locator('select[name=assignee]').inputValue()).toBe('');
    const assignedBefore = await page.locator('[data-event=assigned]').count();
    await page.locator('select[name=assignee]').selectOption('u-agent');
    await expect.poll(() => page.locator('[data-event=assigned]').count()).toBe(assignedBefore + 1);
    await page.locator('nav button').nth(0).click(); // my tickets
    await page.locator(`[data-ticket-id="${ticketId}"]`).waitFor();
    await page.locator('nav button').nth(1).click(); // unassigned
    await expect.poll(() => page.locator(`[data-ticket-id="${ticketId}"]`).count()).toBe(0);
    expect(await rows().locator('.meta').allInnerTexts()).not.toContainEqual(expect.stringContaining('نورة'));
    await page.locator('nav button').nth(3).click(); // all
  });

  it('tells an agent whose take a colleague beat that the colleague took it, in the reader’s language', async () => {
    await page.locator('nav button').nth(1).click(); // unassigned
    await expect.poll(() => rows().count()).toBeGreaterThan(0);
    const ticketId = await rows().first().getAttribute('data-ticket-id');
    await page.locator(`[data-ticket-id="${ticketId}"]`).click();
    const assignee = page.locator('select[name=assignee]');
    await expect.poll(() => assignee.inputValue()).toBe('');
    const colleague = await signIn(suite.runtime, 'supervisor@sanad.local');
    let colleagueTook = 0;
    // The colleague's take lands while this one is on its way.
    await page.route(`**/api/tickets/${ticketId}`, async (route) => {
      if (route.request().method() !== 'PATCH') return route.continue();
      colleagueTook = (
        await fetch(`${suite.runtime.url}/api/tickets/${ticketId}`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${colleague}`, 'content-type': 'application/json' },
          body: JSON.stringify({ assigneeId: 'u-supervisor' }),
        })
      ).status;
      await route.continue();
    });
    await assignee.selectOption('u-agent');
    const status = page.locator('.properties [role=status]');
    await expect.poll(() => status.innerText()).toContain('سبقك زميل إلى هذه التذكرة فأُسندت إليه');
    expect(colleagueTook).toBe(200);
    expect(await status.innerText()).not.toMatch(/مشرف|supervisor/i);
    await page.unroute(`**/api/tickets/${ticketId}`);
    expect(
      (await getJson(`${suite.runtime.url}/api/tickets/${ticketId}`, colleague)).body.ticket,
    ).toMatchObject({
      assigneeId: 'u-supervisor',
    });
    await screenshot(page, 'take-lost-ar');
    await page.locator('nav button').nth(3).click(); // all
  });

  it('takes an unassigned ticket with one click, and says so when a colleague took it first', async () => {
    const take = page.getByRole('button', { name: 'إسنادها إليّ' });
    // Two new web-form tickets in the agent's queue, handed back unassigned, opened from the search box.
    const colleague = await signIn(suite.runtime, 'supervisor@sanad.local');
    const [taken, raced] = await Promise.all(
      ['0553330011', '0553330012'].map(
        async (phone) =>
          (
            await postJson(`${suite.runtime.url}/public/contact`, {
              name: 'هند العتيبي',
              phone,
              subject: 'موعد صرف السلة',
              message: 'متى موعد صرف السلة الغذائية هذا الشهر؟',
            })
          ).body as { ticketId: string; reference: string },
      ),
    );
    if (!taken || !raced) throw new Error('The web form opened no ticket');
    for (const { ticketId } of [taken, raced])
      expect(
        (
          await fetch(`${suite.runtime.url}/api/tickets/${ticketId}`, {
            method: 'PATCH',
            headers: { authorization: `Bearer ${colleague}`, 'content-type': 'application/json' },
            body: JSON.stringify({ assigneeId: null }),
          })
        ).status,
      ).toBe(200);
    await openTicketByReference(page, taken.reference);
    await expect.poll(() => page.locator('select[name=assignee]').inputValue()).toBe('');
    await take.waitFor();
    await screenshot(page, 'take-it-ar');
    await take.click();
    await expect.poll(() => page.locator('select[name=assignee]').inputValue()).toBe('u-agent');
    // Theirs now: nothing left to take.
    await expect.poll(() => take.count()).toBe(0);

    await page.locator('#search').fill('');
    await openTicketByReference(page, raced.reference);
    await take.waitFor();
    await page.route(`**/api/tickets/${raced.ticketId}`, async (route) => {
      if (route.request().method() !== 'PATCH') return route.continue();
      await fetch(`${suite.runtime.url}/api/tickets/${raced.ticketId}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${colleague}`, 'content-type': 'application/json' },
        body: JSON.stringify({ assigneeId: 'u-supervisor' }),
      });
      await route.continue();
    });
    await take.click();
    await expect
      .poll(() => page.locator('.ticket header [role=alert]').innerText())
      .toContain('سبقك زميل إلى هذه التذكرة فأُسندت إليه');
    await expect.poll(() => page.locator('select[name=assignee]').inputValue()).toBe('u-supervisor');
    expect(await take.count()).toBe(0);
    await page.unroute(`**/api/tickets/${raced.ticketId}`);
    await page.getByRole('button', { name: 'مسح البحث' }).click();
    await page.locator('nav button').nth(3).click(); // all
  });
});
