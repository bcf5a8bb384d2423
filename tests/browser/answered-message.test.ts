import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_TELEGRAM_SECRET } from '../../infra/local/local-secrets.ts';
import { getJson, postJson, signIn } from '../support/runtime.ts';
import { openTicketByReference, screenshot, signInAs, useBrowserRuntime } from './support.ts';

const suite = useBrowserRuntime();
const chat = 700550033;
let reference: string;

beforeAll(async () => {
  const url = suite.runtime.url;
  const person = { id: chat, is_bot: false, first_name: 'نورة', language_code: 'ar' };
  const message = (message_id: number, date: number, fields: Record<string, unknown>) =>
    postJson(
      `${url}/webhooks/telegram`,
      {
        update_id: 9_300_000 + message_id,
        message: {
          message_id,
          from: person,
          chat: { id: chat, first_name: 'نورة', type: 'private' },
          date,
          ...fields,
        },
      },
      { 'x-telegram-bot-api-secret-token': LOCAL_TELEGRAM_SECRET },
    );
  const opened = await message(7, 1795610000, { text: 'متى موعد زيارة الباحثة الاجتماعية؟' });
  await message(8, 1795610060, { text: 'ما زلت أنتظر الزيارة' });
  // An answer to her own question above, and one to a message of an earlier conversation, quoted by Telegram.
  await message(9, 1795610120, {
    text: 'أقصد هذا السؤال',
    reply_to_message: { message_id: 7, chat: { id: chat, type: 'private' }, date: 1795610000, text: 'x' },
  });
  await message(10, 1795610180, {
    text: 'وهذا ما أرسلته لكم سابقًا',
    reply_to_message: {
      message_id: 2,
      chat: { id: chat, type: 'private' },
      date: 1795500000,
      text: 'رقم الصك 4310012345',
    },
  });
  await suite.runtime.settled();
  const token = await signIn(suite.runtime, 'supervisor@sanad.local');
  const ticket = await getJson(`${url}/api/tickets/${opened.body.ticketId}`, token);
  reference = String((ticket.body.ticket as { reference: string }).reference);
}, 60_000);

describe('a chat message that answers an earlier one, in the ticket view', () => {
  it.each(['ar', 'en'] as const)(
    'quotes the message it answers and brings it into view (%s)',
    async (language) => {
      const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.addInitScript((lang) => localStorage.setItem('sanad.language', lang), language);
      await signInAs(page, suite.runtime.url, 'supervisor@sanad.local');
      await openTicketByReference(page, reference);
      const quotes = page.locator('blockquote.answered');
      await expect.poll(() => quotes.count()).toBe(2);
      const [onTicket, earlier] = [quotes.nth(0), quotes.nth(1)];
      expect(await onTicket.innerText()).toBe(
        language === 'ar'
          ? '↩ ردًّا على رسالة نورة\nمتى موعد زيارة الباحثة الاجتماعية؟'
          : '↩ In reply to نورة\nمتى موعد زيارة الباحثة الاجتماعية؟',
      );
      expect(await earlier.innerText()).toBe(
        language === 'ar'
          ? '↩ ردًّا على رسالة سابقة\nرقم الصك 4310012345'
          : '↩ In reply to an earlier message\nرقم الصك 4310012345',
      );
      await onTicket.getByRole('button').click();
      const asked = page.locator('.message.pointed');
      await asked.waitFor();
      expect(await asked.innerText()).toContain('متى موعد زيارة الباحثة الاجتماعية؟');
      await screenshot(page, `answered-message-${language}`);
      await context.close();
    },
  );

  it('lets staff answer one message: its chip in the reply box, then the reply quoting it', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(() => localStorage.setItem('sanad.language', 'ar'));
    await signInAs(page, suite.runtime.url, 'supervisor@sanad.local');
    await openTicketByReference(page, reference);
    const asked = page.locator('.message', { hasText: 'ما زلت أنتظر الزيارة' });
    await asked.getByRole('button', { name: 'الرد على هذه الرسالة' }).click();
    const chip = page.locator('.reply .answering');
    await chip.waitFor();
    expect(await chip.innerText()).toContain('ما زلت أنتظر الزيارة');
    // Taken back, then chosen again.
    await chip.getByRole('button', { name: 'إلغاء الرد على هذه الرسالة' }).click();
    await chip.waitFor({ state: 'detached' });
    await asked.getByRole('button', { name: 'الرد على هذه الرسالة' }).click();
    await page.getByRole('textbox', { name: 'رد على المستفيد' }).fill('ستزورك الباحثة يوم الأحد');
    await screenshot(page, 'answering-chip-ar');
    await page.getByRole('button', { name: 'إرسال الرد', exact: true }).click();
    const sent = page.locator('.message.outbound', { hasText: 'ستزورك الباحثة يوم الأحد' });
    await sent.waitFor();
    expect(await sent.locator('blockquote.answered').innerText()).toBe(
      '↩ ردًّا على رسالة نورة\nما زلت أنتظر الزيارة',
    );
    await expect.poll(() => chip.count()).toBe(0);
    const payload = JSON.parse(suite.runtime.outbox.list('telegram').at(-1)?.payload ?? '{}');
    expect(payload).toMatchObject({ reply_parameters: { message_id: 8 } });
    await screenshot(page, 'answering-a-message-ar');
    await context.close();
  });

  it("gives the answer button and the chip's ✕ a thumb's 44 × 44 px on a phone", async () => {
    const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.addInitScript(() => localStorage.setItem('sanad.language', 'ar'));
    await signInAs(page, suite.runtime.url, 'supervisor@sanad.local');
    await openTicketByReference(page, reference);
    const answer = page.getByRole('button', { name: 'الرد على هذه الرسالة' }).first();
    await answer.click();
    const stop = page.getByRole('button', { name: 'إلغاء الرد على هذه الرسالة' });
    await stop.waitFor();
    for (const control of [answer, stop]) {
      const box = await control.boundingBox();
      expect(box?.width).toBeGreaterThanOrEqual(44);
      expect(box?.height).toBeGreaterThanOrEqual(44);
    }
    await screenshot(page, 'answering-a-message-phone');
    await context.close();
  });
});
