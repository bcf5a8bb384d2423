import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, signIn } from '../support/runtime.ts';
import { screenshot, useBrowserRuntime } from './support.ts';

const suite = useBrowserRuntime({ seedDemoTickets: true });
let agentToken: string;
let colleagueToken: string;
/** Open tickets both agents work on (beneficiary relations), none of them a support case. */
let shared: { id: string; reference: string; type: string; status: string; channel: string }[];

beforeAll(async () => {
  agentToken = await signIn(suite.runtime, 'agent@sanad.local');
  colleagueToken = await signIn(suite.runtime, 'agent2@sanad.local');
  const ids = async (token: string) =>
    ((await getJson(`${suite.runtime.url}/api/tickets?limit=50`, token)).body.tickets as {
      id: string;
      reference: string;
      type: string;
      status: string;
      channel: string;
    }[]) ?? [];
  const theirs = new Set((await ids(colleagueToken)).map((ticket) => ticket.id));
  shared = (await ids(agentToken)).filter(
    // A closed ticket (the demo's history closes some) takes no reply, nor does WhatsApp days after the last
    // message (a template then): these tests type free text.
    (ticket) =>
      theirs.has(ticket.id) &&
      ticket.type !== 'support_request' &&
      ticket.status !== 'closed' &&
      ticket.channel !== 'whatsapp',
  );
  if (shared.length < 3) throw new Error('The demo data has too few tickets both agents see');
}, 60_000);

async function signedInPage(token: string, width = 1280): Promise<Page> {
  const context = await suite.browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript((idToken) => sessionStorage.setItem('sanad.idToken', idToken), token);
  return page;
}

async function openTicket(page: Page, ticketId: string) {
  await page.goto(`${suite.runtime.url}/#/tickets/${ticketId}`);
  await page.locator('#ticket-subject').waitFor();
  await page.locator('form.reply textarea').waitFor();
}

/** A ticket whose beneficiary has a phone, so a reply may go by SMS. */
async function ticketReachableBySms(): Promise<string> {
  for (const { id } of shared) {
    const { body } = await getJson(`${suite.runtime.url}/api/tickets/${id}`, agentToken);
    const contactId = (body.ticket as { contactId: string }).contactId;
    const panel = await getJson(`${suite.runtime.url}/api/contacts/${contactId}`, agentToken);
    const identities = (panel.body.contact as { identities: { kind: string }[] }).identities;
    if (identities.some((identity) => identity.kind === 'phone')) return id;
  }
  throw new Error('No demo beneficiary has a phone');
}

const box = (page: Page) => page.locator('form.reply textarea');

describe('the reply box', () => {
  it('keeps a draft per ticket through switching tickets and a reload, and forgets it once sent', async () => {
    const [first, second] = shared;
    if (!first || !second) throw new Error('two tickets needed');
    const page = await signedInPage(agentToken);
    await openTicket(page, first.id);
    await box(page).fill('مسودة رد لم تُرسل بعد');
    await page.locator('form.reply [role=tab]').nth(1).click();
    await box(page).fill('ملاحظة لم تُحفظ بعد');

    await page.locator(`[data-ticket-id="${second.id}"]`).click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/tickets/${second.id}`);
    // The address changes a moment before the view does: wait for the second ticket itself.
    await page.locator('article.ticket header .reference', { hasText: second.reference }).waitFor();
    await box(page).waitFor();
    expect(await box(page).inputValue()).toBe('');

    await page.locator(`[data-ticket-id="${first.id}"]`).click();
    await expect.poll(() => box(page).inputValue()).toBe('مسودة رد لم تُرسل بعد');
    await page.reload();
    await expect.poll(() => box(page).inputValue()).toBe('مسودة رد لم تُرسل بعد');
    await page.locator('form.reply [role=tab]').nth(1).click();
    expect(await box(page).inputValue()).toBe('ملاحظة لم تُحفظ بعد');

    await page.locator('form.reply button[type=submit].primary').click();
    await page.locator('[data-direction=note]', { hasText: 'ملاحظة لم تُحفظ بعد' }).waitFor();
    await page.reload();
    await page.locator('form.reply [role=tab]').nth(1).click();
    expect(await box(page).inputValue()).toBe('');
    await page.locator('form.reply [role=tab]').nth(0).click();
    expect(await box(page).inputValue()).toBe('مسودة رد لم تُرسل بعد');
    await page.context().close();
  }, 120_000);

  it('counts SMS parts as Arabic (UCS-2) or Latin (GSM-7) text is written', async () => {
    const page = await signedInPage(agentToken);
    await openTicket(page, await ticketReachableBySms());
    await page.locator('form.reply select[name=channel]').selectOption('sms');
    await box(page).fill('Your request is received');
    expect(await page.locator('[data-sms-segments]').innerText()).toContain('GSM-7');
    expect(await page.locator('[data-sms-segments]').getAttribute('data-sms-segments')).toBe('1');
    await box(page).fill('ا'.repeat(70));
    expect(await page.locator('[data-sms-segments]').getAttribute('data-sms-segments')).toBe('1');
    await box(page).fill('ا'.repeat(71));
    expect(await page.locator('[data-sms-segments]').getAttribute('data-sms-segments')).toBe('2');
    expect(await page.locator('[data-sms-segments]').innerText()).toContain('UCS-2');
    expect(await page.locator('[data-sms-segments]').innerText()).toContain('رسالتان');
    await box(page).fill('');
    await page.context().close();
  }, 120_000);

  it('sends the reply with Enter on the focused send button', async () => {
    const ticket = shared[1];
    if (!ticket) throw new Error('a second ticket needed');
    const page = await signedInPage(agentToken);
    await openTicket(page, ticket.id);
    const before = suite.runtime.outbox.list().length;
    await box(page).fill('وصلتنا رسالتك وسنرد عليك اليوم');
    const send = page.locator('form.reply button[type=submit].primary');
    // Enabled once the contact panel has said where a reply can go; a disabled button takes no focus.
    await expect.poll(() => send.isEnabled()).toBe(true);
    await send.focus();
    expect(await send.evaluate((button) => button === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.locator('[data-direction=outbound]', { hasText: 'وصلتنا رسالتك' }).waitFor();
    await expect.poll(() => suite.runtime.outbox.list().length).toBeGreaterThan(before);
    expect(await box(page).inputValue()).toBe('');
    await page.context().close();
  }, 120_000);

  it('sends a reply whose answer was lost again with the same Idempotency-Key: one reply, sent once', async () => {
    const ticket = shared[1];
    if (!ticket) throw new Error('a second ticket needed');
    const page = await signedInPage(agentToken);
    await openTicket(page, ticket.id);
    const text = 'سجلنا طلبكم وسنتواصل معكم غدًا';
    // Whatever the channel, each send is one entry of the local outbox.
    const before = suite.runtime.outbox.list().length;
    const sends = () => suite.runtime.outbox.list().length - before;
    // The server takes the reply (it is recorded and sent), and its answer is lost on the way back.
    const { keys, send } = await sendLosingTheAnswer(page, text);
    expect(sends()).toBe(1);

    // The member sends it again: the same key, so the server answers with the reply it made.
    await send.click();
    await expect.poll(() => box(page).inputValue()).toBe('');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(sends()).toBe(1);
    await expect.poll(() => page.locator('[data-direction=outbound]', { hasText: text }).count()).toBe(1);
    const { body } = await getJson(`${suite.runtime.url}/api/tickets/${ticket.id}`, agentToken);
    expect((body.messages as { text: string }[]).filter((message) => message.text === text)).toHaveLength(1);

    // The next reply composed is another reply, with a key of its own.
    await box(page).fill('ونشكركم على صبركم');
    await send.click();
    await expect.poll(() => keys.length).toBe(3);
    expect(keys[2]).not.toBe(keys[0]);
    await page.context().close();
  }, 120_000);

  it('adds a note whose answer was lost again with the same Idempotency-Key: one note', async () => {
    const ticket = shared[1];
    if (!ticket) throw new Error('a second ticket needed');
    const page = await signedInPage(agentToken);
    await openTicket(page, ticket.id);
    await page.locator('form.reply [role=tab]').nth(1).click();
    const text = 'اتصلت بالمستفيد وسيحضر يوم الأحد';
    const notesWith = async (words: string) =>
      (
        (await getJson(`${suite.runtime.url}/api/tickets/${ticket.id}`, agentToken)).body.messages as {
          direction: string;
          text: string;
        }[]
      ).filter((message) => message.direction === 'note' && message.text === words);
    // The server records the note, and its answer is lost on the way back.
    const { keys, send } = await sendLosingTheAnswer(page, text);
    expect(await notesWith(text)).toHaveLength(1);

    // Added again: the same key, so the server answers with the note it made.
    await send.click();
    await expect.poll(() => box(page).inputValue()).toBe('');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(await notesWith(text)).toHaveLength(1);
    await expect.poll(() => page.locator('[data-direction=note]', { hasText: text }).count()).toBe(1);

    // The same words noted again later are another note, with a key of its own.
    await box(page).fill(text);
    await send.click();
    await expect.poll(() => keys.length).toBe(3);
    expect(keys[2]).not.toBe(keys[0]);
    await expect.poll(async () => (await notesWith(text)).length).toBe(2);
    await page.context().close();
  }, 120_000);

  it('sends a reply with a dropped file and resolves the ticket in one step', async () => {
    const ticket = shared[2];
    if (!ticket) throw new Error('a third ticket needed');
    const page = await signedInPage(agentToken);
    await openTicket(page, ticket.id);
    const before = suite.runtime.outbox.list().length;
    await box(page).fill('تم صرف المساعدة، ونسعد بخدمتكم دائمًا');
    // A file dropped on the reply box is attached as if picked; a type the API refuses is left out.
    const dropped = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['%PDF-1.4 receipt'], 'receipt.pdf', { type: 'application/pdf' }));
      transfer.items.add(new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' }));
      return transfer;
    });
    await page.dispatchEvent('form.reply', 'dragover', { dataTransfer: dropped });
    await page.dispatchEvent('form.reply', 'drop', { dataTransfer: dropped });
    expect(await page.locator('form.reply .names').innerText()).toBe('receipt.pdf');
    await page.locator('form.reply button[name=resolve]').click();
    const sent = page.locator('[data-direction=outbound]', { hasText: 'تم صرف المساعدة' });
    await sent.waitFor();
    expect(await sent.innerText()).toContain('receipt.pdf');
    await expect
      .poll(async () => (await getJson(`${suite.runtime.url}/api/tickets/${ticket.id}`, agentToken)).body)
      .toMatchObject({ ticket: { status: 'resolved' } });
    expect(suite.runtime.outbox.list().length).toBeGreaterThan(before);
    await expect.poll(() => page.locator('form.reply button[name=resolve]').count()).toBe(0);
    await page.context().close();
  }, 120_000);
});

describe('presence', () => {
  it('shows who is already on a ticket the moment a colleague opens it', async () => {
    const ticket = shared[3] ?? shared[0];
    if (!ticket) throw new Error('a ticket needed');
    const first = await signedInPage(agentToken);
    await openTicket(first, ticket.id);
    const second = await signedInPage(colleagueToken);
    await openTicket(second, ticket.id);
    // Well inside the 30 s repeat: the first inbox answers the arrival at once.
    await second.locator('[data-presence=viewing]').waitFor({ timeout: 5_000 });
    expect(await second.locator('[data-presence=viewing]').innerText()).toContain('نورة القحطاني');
    await first.locator('[data-presence=viewing]').waitFor({ timeout: 5_000 });
    await first.context().close();
    await second.context().close();
  }, 120_000);
});

describe('searching from the inbox', () => {
  it('finds a ticket by a word of its message and marks the word in the list and the conversation', async () => {
    const { body: created } = await postJson(`${suite.runtime.url}/public/contact`, {
      name: 'نوال الحربي',
      phone: '0551110030',
      subject: 'طلب مساندة',
      message: 'نحتاج مساعدةً في إصلاح المكيّف قبل الصيف',
    });
    await suite.runtime.settled();
    const page = await signedInPage(agentToken);
    await page.goto(suite.runtime.url);
    await page.locator('[role=option]').first().waitFor();
    await page.locator('input[name=q]').fill('المكيف');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[role=option]').count()).toBe(1);
    const row = page.locator(`[data-ticket-id="${created.ticketId}"]`);
    expect(await row.locator('mark').innerText()).toBe('المكيّف');
    await row.click();
    await page.locator('[data-direction=inbound] mark').waitFor();
    expect(await page.locator('[data-direction=inbound] mark').innerText()).toBe('المكيّف');
    await page.context().close();
  }, 120_000);

  it('shows a reference inside Arabic text whole, left to right, on one line, and a link in the same order', async () => {
    const { body: created } = await postJson(`${suite.runtime.url}/public/contact`, {
      name: 'هيفاء العنزي',
      phone: '0551110031',
      subject: 'استفسار',
      message: 'أرسلت الطلب SND-2026-000044 ولم يصلني رد، وهذا الرابط https://example.org/a/b?c=d-e للاطلاع',
    });
    await suite.runtime.settled();
    // A narrow window, so the bubble's lines break near the reference.
    const page = await signedInPage(agentToken, 900);
    await openTicket(page, String(created.ticketId));
    const text = page.locator('[data-direction=inbound] p.text').first();
    expect(await text.getAttribute('dir')).toBe('rtl');
    const reference = text.locator('bdi[dir=ltr]', { hasText: 'SND-2026-000044' });
    expect(await reference.innerText()).toBe('SND-2026-000044');
    // Whole: one line box, however the sentence around it wraps.
    expect(await reference.evaluate((element) => element.getClientRects().length)).toBe(1);
    expect(await text.locator('bdi[dir=ltr]', { hasText: 'https://' }).innerText()).toBe(
      'https://example.org/a/b?c=d-e',
    );
    // A link or an English phrase may wrap; only a short token is kept whole.
    expect(await text.locator('bdi.whole').allInnerTexts()).toEqual(['SND-2026-000044']);
    await page.context().close();
  }, 120_000);

  it('keeps a reference and a link whole and in order while a search marks words inside them', async () => {
    const link = 'http://127.0.0.1:40213/public/status?r=SND-2026-000045&s=tu3owp';
    const { body: created } = await postJson(`${suite.runtime.url}/public/contact`, {
      name: 'منال الشهري',
      phone: '0551110032',
      subject: 'متابعة طلب',
      message: `رقم طلبي SND-2026-000045 وهذا رابط الحالة ${link} شكراً`,
    });
    await suite.runtime.settled();
    const page = await signedInPage(agentToken);
    await page.goto(suite.runtime.url);
    await page.locator('[role=option]').first().waitFor();
    // A word of the link and a number of the reference, found through the word index.
    await page.locator('input[name=q]').fill('tu3owp 000045');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[role=option]').count()).toBe(1);
    await page.locator(`[data-ticket-id="${created.ticketId}"]`).click();
    const text = page.locator('[data-direction=inbound] p.text').first();
    await text.locator('mark').first().waitFor();
    expect(await text.locator('mark').allInnerTexts()).toEqual(['000045', '000045', 'tu3owp']);
    // Each run is one left-to-right island with its marks inside, not one island per marked word.
    expect(await text.locator('bdi[dir=ltr]').allInnerTexts()).toEqual(['SND-2026-000045', link]);
    // Laid out in reading order: the link's start is left of its end on its first line.
    const order = await text
      .locator('bdi[dir=ltr]')
      .nth(1)
      .evaluate((element) => {
        const range = document.createRange();
        const where = (word: string) => {
          const node = [...element.childNodes].find((child) => child.textContent?.includes(word));
          if (!node) return Number.NaN;
          const textNode = node.nodeType === Node.TEXT_NODE ? node : node.firstChild;
          const at = textNode?.textContent?.indexOf(word) ?? -1;
          if (!textNode || at < 0) return Number.NaN;
          range.setStart(textNode, at);
          range.setEnd(textNode, at + word.length);
          return range.getBoundingClientRect().left;
        };
        return { http: where('http'), port: where('40213') };
      });
    expect(order.http).toBeLessThan(order.port);
    await screenshot(page, 'search-marks-inside-link');
    await page.context().close();
  }, 120_000);

  it('keeps an opened search result in the list, with its new state, after staff change it', async () => {
    const { body: created } = await postJson(`${suite.runtime.url}/public/contact`, {
      name: 'هند الزهراني',
      phone: '0551110031',
      subject: 'طلب مساندة',
      message: 'نحتاج ثلاجة للمنزل',
    });
    await suite.runtime.settled();
    const page = await signedInPage(agentToken);
    await page.goto(suite.runtime.url);
    await page.locator('[role=option]').first().waitFor();
    await page.locator('input[name=q]').fill('ثلاجة');
    await page.keyboard.press('Enter');
    // The results, not the view the search replaces (it holds the new ticket too) while they are on their way.
    await expect.poll(() => page.locator('section.list .list-head .muted').count()).toBe(0);
    const row = page.locator(`[data-ticket-id="${created.ticketId}"]`);
    await row.waitFor();
    const results = await page.locator('[role=option]').count();
    await row.click();
    await page.locator('#ticket-subject').waitFor();

    await page.locator('input[name=tags]').fill('أجهزة');
    await page.getByRole('button', { name: 'حفظ الوسوم' }).click();
    await page.locator('select[name=priority]').selectOption('urgent');
    // Both changes come back over the live connection; the result stays, showing the new priority.
    await row.locator('.priority-urgent').waitFor();
    expect(await page.locator('[role=option]').count()).toBe(results);
    await page.context().close();
  }, 120_000);
});

describe('search results beyond one page', () => {
  it('shows the first page of matches and fetches the rest with "load more"', async () => {
    // One more than a search page (25) and one: the second page is short, so it is the last.
    for (let index = 0; index < 27; index++)
      await postJson(`${suite.runtime.url}/public/contact`, {
        name: `رهف العتيبي ${index}`,
        phone: `05511120${String(index).padStart(2, '0')}`,
        subject: 'طلب مساندة',
        message: 'نحتاج سخّانة ماء للشتاء',
      });
    await suite.runtime.settled();
    const page = await signedInPage(agentToken);
    await page.goto(suite.runtime.url);
    await page.locator('[role=option]').first().waitFor();
    await page.locator('input[name=q]').fill('سخانه');
    await page.keyboard.press('Enter');
    const count = page.locator('.list-head .count');
    // The inbox writes Arabic-Indic digits in Arabic.
    await expect.poll(() => count.innerText()).toBe('أكثر من ٢٥ تذكرة');
    await page.getByRole('button', { name: 'تحميل المزيد' }).click();
    await expect.poll(() => count.innerText()).toBe('٢٧ تذكرة');
    expect(await page.getByRole('button', { name: 'تحميل المزيد' }).count()).toBe(0);
    await page.context().close();
  }, 120_000);
});

/**
 * Sends `text` from the composer with the first answer lost on its way back (the server did the work), leaving the
 * failure said and the words kept; every send's Idempotency-Key is listed in `keys`.
 */
async function sendLosingTheAnswer(page: Page, text: string) {
  const keys: string[] = [];
  let first = true;
  await page.route('**/api/tickets/*/messages', async (route) => {
    keys.push(route.request().headers()['idempotency-key'] ?? '');
    if (!first) return route.continue();
    first = false;
    await route.fetch();
    await route.abort('connectionreset');
  });
  await box(page).fill(text);
  const send = page.locator('form.reply button[type=submit].primary');
  await expect.poll(() => send.isEnabled()).toBe(true);
  await send.click();
  await expect.poll(() => page.locator('form.reply [role=status]').innerText()).not.toBe('');
  expect(await box(page).inputValue()).toBe(text);
  return { keys, send };
}
