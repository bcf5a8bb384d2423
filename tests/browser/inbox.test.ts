import { simpleParser } from 'mailparser';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { slaBadgeOf } from '../../shared/domain/ticket-row.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { getJson, postJson, signIn } from '../support/runtime.ts';
import {
  openTicketByReference,
  screenshot,
  seriousAccessibilityViolations,
  signInAs,
  useBrowserRuntime,
} from './support.ts';

let context: BrowserContext;
let page: Page;
const dialogs: string[] = [];

const suite = useBrowserRuntime({ seedDemoTickets: true });

beforeAll(async () => {
  context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  // Every demo contact reached an agent: a supervisor gives two back to the team (before the agent's list
  // loads, so no live change reorders it), for the take tests below.
  const supervisor = await signIn(suite.runtime, 'supervisor@sanad.local');
  const send = (path: string, init: RequestInit = {}) =>
    fetch(`${suite.runtime.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${supervisor}`, 'content-type': 'application/json' },
    });
  const open = (await (await send('/api/tickets?queue=beneficiary-relations&status=new,open')).json()) as {
    tickets: { id: string; assigneeId?: string }[];
  };
  for (const ticket of open.tickets.filter((candidate) => candidate.assigneeId).slice(0, 2))
    await send(`/api/tickets/${ticket.id}`, { method: 'PATCH', body: JSON.stringify({ assigneeId: null }) });
  await signInAs(page, suite.runtime.url, 'agent@sanad.local');
}, 120_000);

const rows = () => page.locator('[role=option]');
const openTicketSubject = () => page.locator('#ticket-subject');

describe('the staff inbox', () => {
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

  it('shows a new web-form ticket without a reload', async () => {
    await page.locator('nav button').nth(3).click(); // all tickets
    const { body } = await postJson(`${suite.runtime.url}/public/contact`, {
      name: 'رقية الحارثي',
      phone: '0553330001',
      subject: 'سؤال عن السلة الغذائية',
      message: 'هل تشمل السلة الغذائية الأسر الجديدة هذا الشهر؟',
    });
    await page.locator(`[data-ticket-id="${body.ticketId}"]`).waitFor({ timeout: 5_000 });
    expect(await rows().first().getAttribute('data-ticket-id')).toBe(body.ticketId);
  });

  it('tells an agent that a colleague is replying on the same ticket', async () => {
    const ticketId = await rows().first().getAttribute('data-ticket-id');
    await rows().first().click();
    await openTicketSubject().waitFor();
    const colleague = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const other = await colleague.newPage();
    await signInAs(other, suite.runtime.url, 'agent2@sanad.local');
    await other.locator(`[data-ticket-id="${ticketId}"]`).click();
    await other.locator('form.reply textarea').fill('جارٍ');
    await page.locator('[data-presence=replying]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-presence=replying]').innerText()).toContain('فهد الغامدي');
    await colleague.close();
  });

  it('renders hostile email HTML, names and notes inert', async () => {
    const hostile = '<img src=x onerror="alert(1)"><svg onload="alert(2)">';
    await ingestContact(suite.runtime.deps, {
      channel: 'email',
      providerMessageId: '<hostile@example.org>',
      identities: [{ kind: 'email', value: 'hostile@example.org' }],
      displayName: `${hostile} مرسل`,
      subject: 'فاتورة مستحقة',
      text: 'انظر المرفق',
      html: `<p>مرحبا</p><script>parent.xss = 1; alert(3)</script><a href="javascript:alert(4)">اضغط هنا</a><img src="https://tracker.example/pixel.gif">${hostile}`,
      attachments: [],
      receivedAt: new Date().toISOString(),
    });
    const row = page.locator('[role=option]', { hasText: 'فاتورة مستحقة' });
    await row.waitFor({ timeout: 5_000 });
    await row.click();
    const frame = page.frameLocator('iframe[title]');
    await frame.locator('a').click({ timeout: 5_000 });
    await page.locator('form.reply [role=tab]').nth(1).click();
    await page.locator('form.reply textarea').fill('<script>alert(5)</script><svg onload=alert(6)>');
    await page.locator('form.reply button[type=submit].primary').click();
    await page.locator('[data-direction=note]').waitFor();

    expect(await page.locator('iframe[title]').getAttribute('sandbox')).not.toContain('allow-scripts');
    expect(await page.locator('.blocked button').count()).toBe(1); // remote image held back
    expect(await page.locator('[data-direction=note] .text').innerText()).toContain('<script>');
    expect(await page.locator('[data-direction=inbound] strong').innerText()).toContain('<img');
    expect(await page.evaluate(() => (window as unknown as { xss?: number }).xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await screenshot(page, 'xss-inert');
  });

  it('has no serious accessibility violations with a ticket open', async () => {
    const summary = (await seriousAccessibilityViolations(page)).map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    );
    expect(summary).toEqual([]);
  });

  it('finds a ticket by reference from the search box', async () => {
    const reference = await rows().nth(3).locator('.reference').innerText();
    await page.locator('.list-head').click();
    await page.keyboard.press('/');
    await page.keyboard.type(reference.toLowerCase());
    await page.keyboard.press('Enter');
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().locator('.reference').innerText()).toBe(reference);
    await page.locator('form.search button').click();
    await expect.poll(() => rows().count()).toBeGreaterThan(1);
  });

  it('says when a search held only words too common to look up, instead of "no tickets"', async () => {
    await page.locator('.list-head').click();
    await page.keyboard.press('/');
    await page.keyboard.type('هذا التي');
    await page.keyboard.press('Enter');
    const empty = page.locator('.list p.empty');
    await expect.poll(() => empty.innerText()).toContain('لم يُبحث بشيء');
    expect(await rows().count()).toBe(0);
    await screenshot(page, 'search-nothing-searchable-ar');
    // A word the index keeps: the usual answer, no hint.
    await page.locator('input[type=search]').fill('عقيق مرجاني');
    await page.keyboard.press('Enter');
    await expect.poll(() => empty.innerText()).toBe('لا توجد تذاكر في هذا العرض');
    await page.locator('form.search button').click();
    await expect.poll(() => rows().count()).toBeGreaterThan(1);
  });

  it('logs a letter with its scan as a new ticket, and the scan downloads', async () => {
    await page.locator('header.top button.primary').click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('select[name=channel]').selectOption('letter');
    await dialog.locator('input[name=name]').fill('عبدالرحمن الزهراني');
    await dialog.locator('input[name=phone]').fill('0554440001');
    await dialog.locator('input[name=subject]').fill('خطاب طلب ترميم منزل');
    await dialog.locator('textarea[name=text]').fill('يطلب المستفيد المساعدة في ترميم سقف المنزل');
    await dialog.locator('input[name=scan]').setInputFiles({
      name: 'letter.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4 scan'),
    });
    await screenshot(page, 'log-contact-ar');
    await dialog.locator('button[type=submit]').click();
    await expect.poll(() => openTicketSubject().innerText()).toBe('خطاب طلب ترميم منزل');
    // The words are the beneficiary's; who recorded them is said beside them.
    expect(await page.locator('.message .logged-by').first().innerText()).toBe('سجّلها نورة القحطاني');
    await screenshot(page, 'logged-letter-ar');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.attachments button', { hasText: 'letter.pdf' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('letter.pdf');
  });

  it('says a logged visit went to a ticket outside the agent’s queues, and shows nothing of it', async () => {
    const login = await postJson(`${suite.runtime.url}/auth/local/login`, {
      email: 'supervisor@sanad.local',
      password: 'sanad-demo-2026',
    });
    const supervisor = { authorization: `Bearer ${login.body.idToken}` };
    const phone = '0554440099';
    // She came before, on a ticket of the agent's own queue, now resolved: the agent knows her.
    const earlier = await postJson(
      `${suite.runtime.url}/api/tickets`,
      { channel: 'walk_in', idempotencyKey: 'browser-known-visitor', name: 'زائرة', phone, text: 'استفسار' },
      supervisor,
    );
    const resolved = await fetch(`${suite.runtime.url}/api/tickets/${earlier.body.ticketId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...supervisor },
      body: JSON.stringify({ status: 'resolved' }),
    });
    expect(resolved.status).toBe(200);
    const opened = await postJson(
      `${suite.runtime.url}/api/tickets`,
      { channel: 'walk_in', idempotencyKey: 'browser-hidden-case', name: 'زائرة', phone, text: 'طلب دعم' },
      supervisor,
    );
    // Listed live in the agent's inbox, then moved out of their queues: the row goes, live too.
    const visitor = rows().filter({ hasText: 'زائرة' });
    await expect.poll(() => visitor.count(), { timeout: 10_000 }).toBe(1);
    const moved = await fetch(`${suite.runtime.url}/api/tickets/${opened.body.ticketId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...supervisor },
      body: JSON.stringify({ queueId: 'research-committee' }),
    });
    expect(moved.status).toBe(200);
    await expect.poll(() => visitor.count(), { timeout: 10_000 }).toBe(0);

    await page.locator('header.top button.primary').click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('select[name=channel]').selectOption('walk_in');
    await dialog.locator('input[name=name]').fill('زائرة');
    await dialog.locator('input[name=phone]').fill(phone);
    await dialog.locator('textarea[name=text]').fill('حضرت تسأل عن طلبها');
    await dialog.locator('button[type=submit]').click();
    await expect
      .poll(() => dialog.locator('[role=status]').innerText())
      .toBe('سُجّل التواصل على طلب في طابور لا تعمل فيه، وسيطّلع عليه المختصون به');
    expect(await dialog.locator('button[type=submit]').isDisabled()).toBe(true);
    await screenshot(page, 'log-contact-elsewhere-ar');
    await dialog.locator('button[type=button]', { hasText: 'إغلاق' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('keeps a 10,000-ticket list light: only the rows in sight are in the page', async () => {
    const token = await page.evaluate(() => sessionStorage.getItem('sanad.idToken'));
    const { body: template } = await getJson(`${suite.runtime.url}/api/tickets?limit=1`, token ?? '');
    const big = await context.newPage();
    // Session storage is per tab: the new tab starts signed in with the same token.
    await big.addInitScript((idToken) => sessionStorage.setItem('sanad.idToken', idToken), token ?? '');
    // The server's pages are replaced by synthetic ones: this measures the list, not dynalite.
    const minutes = (count: number) => new Date(Date.now() + count * 60_000).toISOString();
    // Every third row on a clock that is fine, due soon, or breached, as the SLA engine and the list index set them.
    const firstResponse = (warnAt: number, dueAt: number) => ({
      policyId: 'p',
      clocks: { firstResponse: { startedAt: minutes(-60), warnAt: minutes(warnAt), dueAt: minutes(dueAt) } },
    });
    const clocks = [firstResponse(150, 200), firstResponse(-5, 25), firstResponse(-40, -30)];
    await big.route(
      (url) => url.pathname === '/api/tickets',
      async (route) => {
        const cursor = Number(new URL(route.request().url()).searchParams.get('cursor') ?? 0);
        const tickets = Array.from({ length: 100 }, (_unused, offset) => ({
          ...(template.tickets as Record<string, unknown>[])[0],
          id: `T${String(cursor + offset).padStart(25, '0')}`,
          reference: `SND-2026-${String(cursor + offset).padStart(6, '0')}`,
          slaBadge: slaBadgeOf(clocks[(cursor + offset) % 3]),
        }));
        await route.fulfill({
          json: { tickets, cursor: cursor + 100 < 10_000 ? String(cursor + 100) : undefined },
        });
      },
    );
    await big.goto(suite.runtime.url);
    await big.locator('[role=option]').first().waitFor();
    const badges = () =>
      big.locator('[data-sla]').evaluateAll((found) => found.map((badge) => badge.dataset.sla));
    expect((await badges()).slice(0, 3)).toEqual(['ok', 'warning', 'breached']);
    await screenshot(big, 'sla-badges-ar');
    await big.locator('nav button').nth(2).click(); // breached or at risk
    await expect.poll(async () => new Set(await badges())).toEqual(new Set(['warning', 'breached']));
    await big.locator('nav button').nth(3).click(); // all again
    await expect.poll(async () => (await badges()).includes('ok')).toBe(true);
    const started = Date.now();
    for (let step = 0; step < 120; step++) {
      await big.locator('[role=listbox]').evaluate((list) => {
        list.scrollTop = list.scrollHeight;
      });
      if ((await big.locator('.list-head .count').innerText()).includes('١٠٬٠٠٠')) break;
      await big.waitForTimeout(20);
    }
    expect(await big.locator('.list-head .count').innerText()).toContain('١٠٬٠٠٠');
    expect(await big.locator('[role=option]').count()).toBeLessThan(40);
    console.info(`10,000 tickets paged in and scrolled in ${Date.now() - started} ms`);
    await big.close();
  });

  it('switches to English, left to right', async () => {
    await page.locator('header.top button[lang=en]').click();
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('nav').innerText()).toContain('My tickets');
    await screenshot(page, 'inbox-en');
  });

  it('on a phone an open ticket takes the screen, and Escape brings the list back', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Escape');
    await rows().first().click();
    await openTicketSubject().waitFor();
    expect(await page.locator('section.list').isVisible()).toBe(false);
    // A letter is answered on the contact's phone: the reply box offers the channels it can reach.
    expect(await page.locator('select[name=channel]').inputValue()).toBe('sms');
    await screenshot(page, 'ticket-narrow-en');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Escape');
    await rows().first().waitFor();
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('returns to sign-in when the API stops accepting the token', async () => {
    await page.evaluate(() => sessionStorage.setItem('sanad.idToken', 'expired'));
    await page.locator('nav button').first().click();
    await page.locator('input[name=password]').waitFor({ timeout: 5_000 });
  });
});
