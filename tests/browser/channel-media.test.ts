import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { samplePdf, samplePng, sampleWav } from '../../infra/local/sample-files.ts';
import { postMetaWebhook, postTelegramUpdate, useProviderStandIn } from '../support/provider-stand-in.ts';
import { blockedByPolicy, ensureWebBuilt, launchChromium, screenshot, signInAs } from './support.ts';

const providers = useProviderStandIn();
let runtime: LocalRuntime;
let browser: Browser;
let page: Page;
let blocked: string[];

const PNG = samplePng();
const PDF = samplePdf('Tenancy contract - Sanad test');
const WAV = sampleWav();
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  ensureWebBuilt();
  runtime = await providers.startRuntime(['whatsapp-access-token', 'telegram-bot-token']);
  const { standIn } = providers;
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
  blocked = blockedByPolicy(page);

  standIn.addWhatsAppMedia('wa-id-photo', { body: PNG, contentType: 'image/jpeg' });
  standIn.addTelegramFile('tg-contract', { body: PDF, contentType: 'application/octet-stream' });
  standIn.addTelegramFile('tg-voice', { body: WAV, contentType: 'audio/ogg' });
  await postMetaWebhook(runtime, 'whatsapp', {
    object: 'whatsapp_business_account',
    entry: [
      {
        changes: [
          {
            value: {
              contacts: [{ profile: { name: 'نوف السبيعي' }, wa_id: '966551230001' }],
              messages: [
                {
                  from: '966551230001',
                  id: 'wamid.BROWSER-IMAGE',
                  timestamp: String(now()),
                  type: 'image',
                  image: { caption: 'صورة الهوية الوطنية', mime_type: 'image/jpeg', id: 'wa-id-photo' },
                  // Passed on from another chat (a relative's): the inbox says so.
                  context: { forwarded: true },
                },
              ],
            },
          },
        ],
      },
    ],
  });
  const telegram = (update: unknown) => postTelegramUpdate(runtime, update);
  const from = { id: 700118001, is_bot: false, first_name: 'هيا', last_name: 'الرشيدي', language_code: 'ar' };
  const chat = { id: 700118001, type: 'private' };
  await telegram({
    update_id: 1,
    message: { message_id: 1, from, chat, date: now() - 120, text: 'رقم هويتي 1012345678' },
  });
  await telegram({
    update_id: 2,
    message: {
      message_id: 2,
      from,
      chat,
      date: now() - 60,
      caption: 'عقد الإيجار',
      document: {
        file_id: 'tg-contract',
        file_unique_id: 'u1',
        file_name: 'عقد-الإيجار.pdf',
        mime_type: 'application/pdf',
      },
    },
  });
  await telegram({
    update_id: 3,
    message: {
      message_id: 3,
      from,
      chat,
      date: now() - 30,
      voice: { file_id: 'tg-voice', file_unique_id: 'u2', duration: 2 },
    },
  });
  await telegram({
    update_id: 4,
    edited_message: {
      message_id: 1,
      from,
      chat,
      date: now() - 120,
      edit_date: now(),
      text: 'رقم هويتي 1012345679',
    },
  });
  // A file sent, then replaced by editing the message.
  standIn.addTelegramFile('tg-lease-old', { body: PNG, contentType: 'image/png' });
  standIn.addTelegramFile('tg-lease-new', { body: PNG, contentType: 'image/png' });
  const lease = (fileId: string, uniqueId: string, name: string) => ({
    file_id: fileId,
    file_unique_id: uniqueId,
    file_name: name,
    mime_type: 'image/png',
  });
  await telegram({
    update_id: 5,
    message: {
      message_id: 5,
      from,
      chat,
      date: now() - 50,
      caption: 'صفحة العقد الأولى',
      document: lease('tg-lease-old', 'u-lease-old', 'عقد-قديم.png'),
    },
  });
  await telegram({
    update_id: 6,
    edited_message: {
      message_id: 5,
      from,
      chat,
      date: now() - 50,
      edit_date: now() - 40,
      caption: 'صفحة العقد الأولى',
      document: lease('tg-lease-new', 'u-lease-new', 'عقد-جديد.png'),
    },
  });
  await runtime.mediaQueue.settled();
  await signInAs(page, runtime.url, 'supervisor@sanad.local');
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

const open = async (name: string) => {
  await page.locator('[role=option]', { hasText: name }).first().click();
  await page.locator('#ticket-subject').waitFor();
};

describe('received files and edits in the inbox', () => {
  it('shows a WhatsApp picture inline, marked forwarded as WhatsApp marked it', async () => {
    await open('نوف');
    expect(await page.locator('[data-direction=inbound] .forwarded').innerText()).toBe('رسالة محوّلة');
    const image = page.locator('.attachment[data-preview=image] img');
    await image.waitFor();
    await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBe(240);
    await image.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'attachment-image');
  });

  it('shows a PDF in a viewer, a voice note as a player, and an edited message with its earlier wording', async () => {
    await open('هيا');
    await page.locator('.attachment[data-preview=pdf] button.view').click();
    const pdf = page.locator('.attachment[data-preview=pdf] object[type="application/pdf"]');
    await pdf.waitFor();
    expect(await pdf.getAttribute('data')).toMatch(/^blob:/);
    await pdf.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    // Chromium's PDF viewer draws the page a moment after the object loads.
    await page.waitForTimeout(4_000);
    await screenshot(page, 'attachment-pdf');
    expect(blocked).toEqual([]);

    const audio = page.locator('.attachment[data-preview=audio] audio');
    await audio.waitFor();
    await expect
      .poll(() => audio.evaluate((element: HTMLAudioElement) => element.duration))
      .toBeCloseTo(1.5, 1);
    await audio.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'attachment-voice');

    const edited = page.locator('[data-direction=inbound]', { hasText: '1012345679' });
    await edited.locator('details.edits summary').click();
    expect(await edited.locator('details.edits').innerText()).toContain('1012345678');
    expect(await edited.locator('details.edits summary').innerText()).toContain('عُدّلت');
    await edited.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'message-edited');

    // A file replaced by an edit: the new one on the message, the one it replaced named in the history.
    const replaced = page.locator('[data-direction=inbound]', { hasText: 'صفحة العقد الأولى' });
    expect(await replaced.locator('.attachments').innerText()).toContain('عقد-جديد.png');
    await replaced.locator('details.edits summary').click();
    expect(await replaced.locator('details.edits .replaced-files').innerText()).toBe(
      'استبدل المستفيد بالتعديل: \u2068عقد-قديم.png\u2069',
    );
    await replaced.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'message-file-replaced');
  });
});
