import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_TELEGRAM_SECRET } from '../../../infra/local/local-secrets.ts';
import {
  type ProviderStandIn,
  STAND_IN_TELEGRAM_TOKEN,
  startProviderStandIn,
} from '../../../infra/local/provider-stand-in.ts';
import type { Message } from '../../../shared/domain/message.ts';
import { killableNpmStart } from '../../support/npm-start.ts';
import { privateTelegramUpdate } from '../../support/telegram-updates.ts';

// A photo of an identity card: real JPEG header, then bytes that must arrive exactly.
const PHOTO = Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), Buffer.alloc(30_000, 7)]);

let standIn: ProviderStandIn;
beforeAll(async () => {
  standIn = await startProviderStandIn();
});
afterAll(async () => {
  await standIn.close();
});

const server = killableNpmStart('sanad-kill-media-', () => ({
  TELEGRAM_BOT_TOKEN: STAND_IN_TELEGRAM_TOKEN,
  TELEGRAM_API_URL: standIn.telegramApiUrl,
}));

describe('npm start killed with -9 while a beneficiary’s photo is being fetched', () => {
  it('fetches it after the restart: Telegram will not send the update again', async () => {
    await server.start();
    standIn.addTelegramFile('id-card-photo', { body: PHOTO, contentType: 'image/jpeg' });
    // The provider fails the first attempts: the fetch is waiting to retry when the process dies.
    standIn.failNext(`/bot${STAND_IN_TELEGRAM_TOKEN}/getFile`, 2);
    const munira = { chat: 881_000_001, firstName: 'منيرة' };
    const photo = {
      file_id: 'id-card-photo',
      file_unique_id: 'u1',
      width: 800,
      height: 500,
      file_size: PHOTO.length,
    };
    const update = privateTelegramUpdate(881_000_001, 3, munira, { caption: 'صورة الهوية', photo: [photo] });
    const answered = await fetch(`http://127.0.0.1:${server.port}/webhooks/telegram`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-telegram-bot-api-secret-token': LOCAL_TELEGRAM_SECRET,
      },
      body: JSON.stringify(update),
    });
    expect(answered.status).toBe(200);
    const { ticketId } = (await answered.json()) as { ticketId: string };
    await expect.poll(() => standIn.requests.filter((r) => r.path.endsWith('/getFile')).length).toBe(1);
    // The job is kept on disk until it is done, as SQS keeps a message until it is deleted.
    expect(
      (await readdir(join(server.dataDir, 'media-fetch'))).filter((name) => name.endsWith('.json')),
    ).toHaveLength(1);
    await server.kill().exited;

    await server.start();
    const token = await server.signIn('supervisor@sanad.local');
    const received = async () => {
      const response = await fetch(`http://127.0.0.1:${server.port}/api/tickets/${ticketId}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const { messages } = (await response.json()) as { messages: Message[] };
      return messages.find((message) => message.direction === 'inbound');
    };
    await expect
      .poll(async () => (await received())?.attachments[0]?.state, { timeout: 15_000 })
      .toBe('stored');
    const message = await received();
    expect(message?.attachments[0]).toMatchObject({ contentType: 'image/jpeg', size: PHOTO.length });
    const file = await fetch(
      `http://127.0.0.1:${server.port}/api/tickets/${ticketId}/messages/${message?.id}/attachments/0`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(Buffer.from(await file.arrayBuffer()).equals(PHOTO)).toBe(true);
    await expect
      .poll(async () =>
        (await readdir(join(server.dataDir, 'media-fetch'))).filter((name) => name.endsWith('.json')),
      )
      .toEqual([]);
  }, 120_000);
});
