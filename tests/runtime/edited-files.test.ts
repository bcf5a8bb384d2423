import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { whatsappWebhook } from '../../infra/local/provider-payloads.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import type { Message } from '../../shared/domain/message.ts';
import { postMetaWebhook, postTelegramUpdate, useProviderStandIn } from '../support/provider-stand-in.ts';
import { signIn } from '../support/runtime.ts';

const jpeg = () => Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), randomBytes(20_000)]);
const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(20_000), Buffer.from('\n%%EOF\n')]);

const providers = useProviderStandIn();
let runtime: LocalRuntime;
let token: string;

beforeAll(async () => {
  runtime = await providers.startRuntime(['whatsapp-access-token', 'telegram-bot-token'], {
    mediaRetryDelayMs: 50,
  });
  token = await signIn(runtime, 'supervisor@sanad.local');
});

/** The stored message a provider id names, once the files being fetched have come. */
async function settled(channel: 'telegram' | 'whatsapp', providerMessageId: string): Promise<Message> {
  await runtime.settled();
  const pointer = await runtime.deps.messages.findByProviderId(channel, providerMessageId);
  const message =
    pointer && (await runtime.deps.messages.getMessage(pointer.ticketId, pointer.messageId))?.message;
  if (!pointer || !message) throw new Error(`${providerMessageId} is not stored`);
  return message;
}

async function bytesOf(message: Message, index = 0): Promise<Buffer> {
  const response = await fetch(
    `${runtime.url}/api/tickets/${message.ticketId}/messages/${message.id}/attachments/${index}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

const telegramPhoto = (messageId: number, fileId: string, uniqueId: string, caption: string) => ({
  message_id: messageId,
  from: { id: 700119077, is_bot: false, first_name: 'سلمى', language_code: 'ar' },
  chat: { id: 700119077, type: 'private' },
  date: 1795570500,
  caption,
  photo: [
    { file_id: `${fileId}-small`, file_unique_id: `${uniqueId}-small`, width: 90, height: 90 },
    { file_id: fileId, file_unique_id: uniqueId, width: 1280, height: 960, file_size: 20_010 },
  ],
});

describe('a beneficiary replacing a photo or a file by editing their message', () => {
  it('on Telegram: the new photo is fetched and shown, the old one kept in the history; a caption edit fetches nothing', async () => {
    const wrong = jpeg();
    const right = jpeg();
    providers.standIn.addTelegramFile('tg-wrong-id', { body: wrong, contentType: 'image/jpeg' });
    providers.standIn.addTelegramFile('tg-right-id', { body: right, contentType: 'image/jpeg' });
    await postTelegramUpdate(runtime, {
      update_id: 880001,
      message: telegramPhoto(71, 'tg-wrong-id', 'u-wrong', 'صورة الهوية'),
    });
    const sent = await settled('telegram', '700119077:71');
    expect((await bytesOf(sent)).equals(wrong)).toBe(true);

    const replaced = await postTelegramUpdate(runtime, {
      update_id: 880002,
      edited_message: {
        ...telegramPhoto(71, 'tg-right-id', 'u-right', 'صورة الهوية'),
        edit_date: 1795570600,
      },
    });
    expect(replaced.body).toMatchObject({ outcome: 'edited' });
    const edited = await settled('telegram', '700119077:71');
    expect(edited.attachments).toEqual([
      expect.objectContaining({ state: 'stored', fingerprint: 'u-right' }),
    ]);
    expect((await bytesOf(edited)).equals(right)).toBe(true);
    // The photo it replaced stays, its bytes under their own key.
    const earlier = edited.edits?.[0]?.attachments?.[0];
    expect(earlier).toMatchObject({ state: 'stored', fingerprint: 'u-wrong' });
    expect(earlier?.objectKey).not.toBe(edited.attachments[0]?.objectKey);
    const kept = await runtime.deps.objects.get(earlier?.objectKey ?? '');
    expect(kept && Buffer.from(kept.body).equals(wrong)).toBe(true);

    // Delivered again: nothing more. A caption edit carries the same file under another file_id: no fetch.
    const before = providers.standIn.requests.length;
    expect(
      (
        await postTelegramUpdate(runtime, {
          update_id: 880002,
          edited_message: {
            ...telegramPhoto(71, 'tg-right-id', 'u-right', 'صورة الهوية'),
            edit_date: 1795570600,
          },
        })
      ).body,
    ).toMatchObject({ outcome: 'unchanged' });
    await postTelegramUpdate(runtime, {
      update_id: 880003,
      edited_message: {
        ...telegramPhoto(71, 'tg-right-id-again', 'u-right', 'صورة الهوية الوطنية'),
        edit_date: 1795570700,
      },
    });
    const captioned = await settled('telegram', '700119077:71');
    expect(captioned.text).toBe('صورة الهوية الوطنية');
    expect(captioned.attachments).toEqual(edited.attachments);
    expect(captioned.edits?.at(-1)?.attachments).toBeUndefined();
    expect(providers.standIn.requests.slice(before)).toEqual([]);
  });

  it('on WhatsApp: an edit carrying another document replaces it, the first kept in the history', async () => {
    const wrong = pdf();
    const right = pdf();
    providers.standIn.addWhatsAppMedia('wa-doc-wrong', { body: wrong, contentType: 'application/pdf' });
    providers.standIn.addWhatsAppMedia('wa-doc-right', { body: right, contentType: 'application/pdf' });
    const now = Math.floor(Date.now() / 1000);
    const document = (id: string, sha256: string) => ({
      mime_type: 'application/pdf',
      sha256,
      id,
      filename: 'عقد الإيجار.pdf',
      caption: 'عقد الإيجار',
    });
    const whatsapp = (message: Record<string, unknown>) =>
      postMetaWebhook(
        runtime,
        'whatsapp',
        whatsappWebhook({ waId: '966551239091', name: 'سلمى' }, [message]),
      );
    await whatsapp({
      from: '966551239091',
      id: 'wamid.DOC-1',
      timestamp: String(now - 60),
      type: 'document',
      document: document('wa-doc-wrong', 'sha-wrong'),
    });
    expect((await bytesOf(await settled('whatsapp', 'wamid.DOC-1'))).equals(wrong)).toBe(true);

    const edit = await whatsapp({
      from: '966551239091',
      id: 'wamid.DOC-1-EDIT',
      timestamp: String(now),
      type: 'edit',
      edit: {
        original_message_id: 'wamid.DOC-1',
        message: { type: 'document', document: document('wa-doc-right', 'sha-right') },
      },
    });
    expect(edit.body).toMatchObject({ outcomes: ['edited'] });
    const edited = await settled('whatsapp', 'wamid.DOC-1');
    expect((await bytesOf(edited)).equals(right)).toBe(true);
    expect(edited.edits?.[0]?.attachments).toEqual([expect.objectContaining({ fingerprint: 'sha-wrong' })]);
  });
});
