import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { createTransport } from 'nodemailer';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, screenshot, signInAs, useBrowserRuntime } from './support.ts';

// SES's verdicts, played for one envelope sender: its mail fails DMARC.
const suite = useBrowserRuntime({
  smtpPort: 0,
  authenticateLocalMail: ({ envelopeFrom }) =>
    envelopeFrom === 'bulk@attacker.example'
      ? { spf: 'PASS', dkim: 'FAIL', dmarc: 'FAIL', dmarcPolicy: 'reject' }
      : {},
});
let page: Page;
let images: Server;
let remoteRequests = 0;
let remoteUrl = '';

/** A solid-colour PNG, so the screenshot shows whether the inline image arrived. */
function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3).fill(Buffer.from([r, g, b]))]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

beforeAll(async () => {
  // A stand-in for a sender's image host: it counts who fetched the "remote" image.
  images = createServer((_request, response) => {
    remoteRequests += 1;
    response.writeHead(200, { 'content-type': 'image/png' }).end(png(120, 40, [30, 120, 200]));
  });
  await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
  remoteUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}/banner.png`;

  const smtp = createTransport({
    host: '127.0.0.1',
    port: suite.runtime.smtpPort,
    secure: false,
    ignoreTLS: true,
  });
  await smtp.sendMail({
    from: 'أم سعد <umm.saad@example.com>',
    to: 'support@sanad.local',
    subject: 'صورة الهوية مرفقة',
    text: 'السلام عليكم، أرفقت صورة الهوية.',
    html: `<html><body dir="rtl"><p>السلام عليكم، هذه صورة الهوية:</p><img alt="الهوية" src="cid:id-photo@mail.example"><p>وشعار الجمعية:</p><img alt="شعار" src="${remoteUrl}"></body></html>`,
    attachments: [
      {
        filename: 'id.png',
        content: png(160, 100, [20, 160, 90]),
        contentType: 'image/png',
        cid: 'id-photo@mail.example',
      },
    ],
  });
  await smtp.sendMail({
    envelope: { from: 'bulk@attacker.example', to: ['support@sanad.local'] },
    from: 'أم سعد <umm.saad@example.com>',
    to: 'support@sanad.local',
    subject: 'تحديث رقم الحساب البنكي',
    text: 'أرجو تحويل المساعدة إلى الحساب الجديد SA00 0000 0000.',
  });
  smtp.close();

  const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  await signInAs(page, suite.runtime.url, 'supervisor@sanad.local');
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => images.close(resolve));
});

/**
 * The sandboxed frame paints in its own process, after the page: a shot of the frame itself waits for it to be
 * stable, then the page shot shows it in place.
 */
async function frameScreenshot(name: string) {
  await page.locator('iframe[title]').screenshot({ path: join(ARTIFACTS, `${name}-frame.png`) });
  await screenshot(page, name);
}

describe('an email body in the inbox', () => {
  it('shows the inline cid: image from the attachment store, keeps rtl, and loads remote images only on request', async () => {
    const row = page.locator('[role=option]', { hasText: 'صورة الهوية مرفقة' });
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    const frame = page.frameLocator('iframe[title]');
    const inline = frame.locator('img[data-cid]');
    await expect
      // The image is fetched from the attachment store with the staff token: slow on a loaded machine.
      .poll(() => inline.getAttribute('src'), { timeout: 30_000 })
      .toMatch(/^data:image\/png;base64,/);
    await expect.poll(() => inline.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(160);
    expect(await frame.locator('div[dir=rtl] p').first().innerText()).toContain('السلام عليكم');
    expect(
      await frame
        .locator('p')
        .first()
        .evaluate((element) => getComputedStyle(element).direction),
    ).toBe('rtl');

    // Held back until asked: no request reached the image host, the image has no source.
    expect(remoteRequests).toBe(0);
    expect(await frame.locator('img[data-remote-src]').getAttribute('src')).toBeNull();
    await frameScreenshot('email-body-before-show-images');

    await page.locator('.blocked button').click();
    await expect.poll(() => remoteRequests, { timeout: 10_000 }).toBeGreaterThan(0);
    const remote = frame.locator('img[data-remote-src]');
    await expect.poll(() => remote.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(120);
    expect(await page.locator('.blocked').count()).toBe(0);
    await frameScreenshot('email-body-images-shown');
  });

  it('lists mail that failed DMARC for a supervisor, and it is no ticket', async () => {
    expect(await page.locator('[role=option]', { hasText: 'تحديث رقم الحساب البنكي' }).count()).toBe(0);
    await page.getByRole('link', { name: 'البريد المحجوز' }).click();
    const card = page.locator('.quarantine li', { hasText: 'تحديث رقم الحساب البنكي' });
    await card.waitFor({ timeout: 10_000 });
    expect(await card.innerText()).toContain('umm.saad@example.com');
    expect(await card.innerText()).toContain('DMARC FAIL (p=reject)');
    await screenshot(page, 'email-quarantine');
  });
});
