import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_TELEGRAM_SECRET } from '../../infra/local/local-secrets.ts';
import { getJson, postJson, signIn } from '../support/runtime.ts';
import { openTicketByReference, screenshot, signInAs, useBrowserRuntime } from './support.ts';

const suite = useBrowserRuntime();
const chat = 700550022;
let reference: string;

beforeAll(async () => {
  const url = suite.runtime.url;
  const telegram = (update: Record<string, unknown>) =>
    postJson(`${url}/webhooks/telegram`, update, {
      'x-telegram-bot-api-secret-token': LOCAL_TELEGRAM_SECRET,
    });
  const person = { id: chat, is_bot: false, first_name: 'ريم', language_code: 'ar' };
  const opened = await telegram({
    update_id: 9_200_001,
    message: {
      message_id: 7,
      from: person,
      chat: { id: chat, first_name: 'ريم', type: 'private' },
      date: 1795610000,
      text: 'هل وصل طلبي؟',
    },
  });
  const bot = { id: 5550001, is_bot: true, first_name: 'جمعية' };
  await telegram({
    update_id: 9_200_002,
    my_chat_member: {
      chat: { id: chat, first_name: 'ريم', type: 'private' },
      from: person,
      date: 1795610100,
      old_chat_member: { user: bot, status: 'member' },
      new_chat_member: { user: bot, status: 'kicked', until_date: 0 },
    },
  });
  await suite.runtime.settled();
  const token = await signIn(suite.runtime, 'supervisor@sanad.local');
  const ticket = await getJson(`${url}/api/tickets/${opened.body.ticketId}`, token);
  reference = String((ticket.body.ticket as { reference: string }).reference);
}, 60_000);

describe('a beneficiary who blocked the Telegram bot, in the ticket view', () => {
  it.each(['ar', 'en'] as const)('shows it on the properties and in the timeline (%s)', async (language) => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript((lang) => localStorage.setItem('sanad.language', lang), language);
    await signInAs(page, suite.runtime.url, 'supervisor@sanad.local');
    await openTicketByReference(page, reference);
    const badge = page.getByTestId('telegram-blocked');
    await badge.waitFor();
    expect(await badge.innerText()).toBe(
      language === 'ar' ? 'حظر حساب الجمعية على تيليجرام' : 'Blocked our Telegram bot',
    );
    await expect
      .poll(() => page.locator('body').innerText())
      .toContain(
        language === 'ar'
          ? 'حظر المستفيد حساب الجمعية على تيليجرام'
          : "The beneficiary blocked the society's Telegram bot",
      );
    await screenshot(page, `telegram-blocked-${language}`);
    await context.close();
  });
});
