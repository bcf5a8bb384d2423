import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { whatsappWebhook } from '../../infra/local/provider-payloads.ts';
import { STAND_IN_TELEGRAM_TOKEN, STAND_IN_WHATSAPP_TOKEN } from '../../infra/local/provider-stand-in.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import type { Message } from '../../shared/domain/message.ts';
import { postMetaWebhook, postTelegramUpdate, useProviderStandIn } from '../support/provider-stand-in.ts';
import { signIn } from '../support/runtime.ts';

// Real file headers, then noise: what is stored must be exactly what the provider served.
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), randomBytes(40_000)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(120_000), Buffer.from('\n%%EOF\n')]);

const providers = useProviderStandIn();
let runtime: LocalRuntime;
let bare: LocalRuntime;
let token: string;

beforeAll(async () => {
  runtime = await providers.startRuntime(
    ['whatsapp-access-token', 'telegram-bot-token', 'meta-page-access-token'],
    {
      mediaRetryDelayMs: 50,
      mediaMaxBytes: 1_000_000,
    },
  );
  // The same system without provider tokens (a developer's `npm start`).
  bare = await providers.startRuntime([]);
  token = await signIn(runtime, 'supervisor@sanad.local');
});

const whatsapp = (target: LocalRuntime, messages: unknown[]) =>
  postMetaWebhook(
    target,
    'whatsapp',
    whatsappWebhook({ waId: '966551230001', name: 'نوف السبيعي' }, messages),
  );

const whatsappImage = (id: string, mediaId: string) => ({
  from: '966551230001',
  id,
  timestamp: '1795570120',
  type: 'image',
  image: { caption: 'صورة الهوية', mime_type: 'image/jpeg', sha256: 'payload-hash', id: mediaId },
});

const telegramDocument = (chatId: number, messageId: number, fileId: string) => ({
  update_id: 900000 + messageId,
  message: {
    message_id: messageId,
    from: { id: chatId, is_bot: false, first_name: 'هيا', language_code: 'ar' },
    chat: { id: chatId, type: 'private' },
    date: 1795570200,
    caption: 'عقد الإيجار',
    document: {
      file_id: fileId,
      file_unique_id: `u-${fileId}`,
      file_name: 'عقد.pdf',
      mime_type: 'application/pdf',
      file_size: PDF.byteLength,
    },
  },
});

async function thread(target: LocalRuntime, ticketId: string, bearer: string) {
  const response = await fetch(`${target.url}/api/tickets/${ticketId}`, {
    headers: { authorization: `Bearer ${bearer}` },
  });
  return ((await response.json()) as { messages: Message[] }).messages;
}

/** The message's first attachment as staff see it once the runtime's file fetching has finished. */
async function settledAttachment(target: LocalRuntime, ticketId: string, messageId: string, bearer: string) {
  await target.settled();
  const message = (await thread(target, ticketId, bearer)).find((candidate) => candidate.id === messageId);
  const attachment = message?.attachments[0];
  if (!attachment) throw new Error(`No attachment: ${JSON.stringify(message)}`);
  return { message, attachment };
}

async function download(target: LocalRuntime, ticketId: string, messageId: string, bearer: string) {
  const response = await fetch(`${target.url}/api/tickets/${ticketId}/messages/${messageId}/attachments/0`, {
    headers: { authorization: `Bearer ${bearer}` },
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    policy: response.headers.get('content-security-policy'),
    body: Buffer.from(await response.arrayBuffer()),
  };
}

describe('files beneficiaries send, fetched from the providers', () => {
  it('a WhatsApp image and a Telegram document become attachments staff download byte-identical within seconds', async () => {
    providers.standIn.addWhatsAppMedia('1003383421387256', { body: PNG, contentType: 'image/jpeg' });
    providers.standIn.addTelegramFile('BQACAgQAAxkBAAIB-contract', {
      body: PDF,
      contentType: 'application/octet-stream',
    });
    const started = Date.now();

    const wa = await whatsapp(runtime, [whatsappImage('wamid.IMAGE-FETCH-1', '1003383421387256')]);
    expect(wa).toMatchObject({ status: 200, body: { outcomes: ['created'] } });
    const tg = await postTelegramUpdate(
      runtime,
      telegramDocument(700112299, 51, 'BQACAgQAAxkBAAIB-contract'),
    );
    expect(tg).toMatchObject({ status: 200, body: { outcome: 'created' } });

    const waPointer = await runtime.deps.messages.findByProviderId('whatsapp', 'wamid.IMAGE-FETCH-1');
    const tgPointer = await runtime.deps.messages.findByProviderId('telegram', '700112299:51');
    if (!waPointer || !tgPointer) throw new Error('The messages were not stored');

    const image = await settledAttachment(runtime, waPointer.ticketId, waPointer.messageId, token);
    // The provider said JPEG; the bytes are a PNG, and the bytes win.
    expect(image.attachment).toMatchObject({
      state: 'stored',
      contentType: 'image/png',
      size: PNG.byteLength,
    });
    const document = await settledAttachment(runtime, tgPointer.ticketId, tgPointer.messageId, token);
    expect(document.attachment).toMatchObject({
      state: 'stored',
      contentType: 'application/pdf',
      name: 'عقد.pdf',
    });
    expect(document.message?.kind).toBe('document');

    const imageFile = await download(runtime, waPointer.ticketId, waPointer.messageId, token);
    expect(imageFile.status).toBe(200);
    expect(imageFile.type).toBe('image/png');
    expect(imageFile.body.equals(PNG)).toBe(true);
    const pdfFile = await download(runtime, tgPointer.ticketId, tgPointer.messageId, token);
    expect(pdfFile.body.equals(PDF)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);

    // Graph was asked with the access token, both for the media's URL and for the bytes.
    const graphCalls = providers.standIn.requests.filter((request) =>
      request.path.includes('1003383421387256'),
    );
    expect(graphCalls.map((request) => request.authorization)).toEqual([
      `Bearer ${STAND_IN_WHATSAPP_TOKEN}`,
      `Bearer ${STAND_IN_WHATSAPP_TOKEN}`,
    ]);
  });

  it('serves an SVG with a script as bytes to download, never as a page that runs in the inbox', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("/api/tickets")</script></svg>',
    );
    providers.standIn.addTelegramFile('BQACAgQAAxkBAAIB-logo', { body: svg, contentType: 'image/svg+xml' });
    const update = telegramDocument(700112300, 52, 'BQACAgQAAxkBAAIB-logo');
    update.message.document = {
      ...update.message.document,
      file_name: 'شعار.svg',
      mime_type: 'image/svg+xml',
    };
    expect(await postTelegramUpdate(runtime, update)).toMatchObject({ status: 200 });
    const pointer = await runtime.deps.messages.findByProviderId('telegram', '700112300:52');
    if (!pointer) throw new Error('The message was not stored');
    await settledAttachment(runtime, pointer.ticketId, pointer.messageId, token);

    const file = await download(runtime, pointer.ticketId, pointer.messageId, token);
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/octet-stream');
    expect(file.policy).toMatch(/sandbox/);
    expect(file.body.equals(svg)).toBe(true);
  });

  it('retries a provider failure, and records a file over the cap as failed without retrying', async () => {
    providers.standIn.addWhatsAppMedia('retry-me', { body: PNG, contentType: 'image/png' });
    providers.standIn.failNext('/v21.0/retry-me', 2);
    await whatsapp(runtime, [whatsappImage('wamid.IMAGE-RETRY', 'retry-me')]);
    const retried = await runtime.deps.messages.findByProviderId('whatsapp', 'wamid.IMAGE-RETRY');
    if (!retried) throw new Error('not stored');
    const stored = await settledAttachment(runtime, retried.ticketId, retried.messageId, token);
    expect(stored.attachment.state).toBe('stored');

    providers.standIn.addWhatsAppMedia('too-big', { body: randomBytes(1_000_001), contentType: 'video/mp4' });
    await whatsapp(runtime, [whatsappImage('wamid.VIDEO-BIG', 'too-big')]);
    const big = await runtime.deps.messages.findByProviderId('whatsapp', 'wamid.VIDEO-BIG');
    if (!big) throw new Error('not stored');
    const refused = await settledAttachment(runtime, big.ticketId, big.messageId, token);
    expect(refused.attachment).toMatchObject({
      state: 'failed',
      failureReason: expect.stringMatching(/cap/),
    });
    expect(
      providers.standIn.requests.filter((request) => request.path === '/v21.0/media-download/too-big'),
    ).toHaveLength(0);
    // The sender is told on WhatsApp, once, that the file did not arrive and why.
    await runtime.drainOutbox();
    await runtime.drainOutbox();
    const told = runtime.outbox
      .list('whatsapp')
      .filter((entry) => entry.payload.includes('لم نتمكن من استلام'));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ to: '+966551230001', payload: expect.stringContaining('1 ميغابايت') });
  });

  it("tells a Telegram sender whose file is over the Bot API's 20 MB download limit to send it smaller", async () => {
    const huge = Buffer.concat([PDF, randomBytes(20 * 1024 * 1024)]);
    providers.standIn.addTelegramFile('over-20-mb', { body: huge, contentType: 'application/pdf' });
    await postTelegramUpdate(runtime, telegramDocument(700112277, 53, 'over-20-mb'));
    const pointer = await runtime.deps.messages.findByProviderId('telegram', '700112277:53');
    if (!pointer) throw new Error('not stored');
    const refused = await settledAttachment(runtime, pointer.ticketId, pointer.messageId, token);
    expect(refused.attachment).toMatchObject({
      state: 'failed',
      failureReason: expect.stringMatching(/cap/),
    });
    await runtime.drainOutbox();
    await runtime.drainOutbox();
    const told = runtime.outbox
      .list('telegram')
      .filter((entry) => entry.to === '700112277' && entry.payload.includes('لم نتمكن من استلام'));
    expect(told).toHaveLength(1);
  });

  it('dead-letters a file the provider keeps failing, after the last attempt marks it failed', async () => {
    providers.standIn.addTelegramFile('always-down', { body: PDF, contentType: 'application/pdf' });
    providers.standIn.failNext(`/bot${STAND_IN_TELEGRAM_TOKEN}/getFile`, 3);
    await postTelegramUpdate(runtime, telegramDocument(700112299, 52, 'always-down'));
    const pointer = await runtime.deps.messages.findByProviderId('telegram', '700112299:52');
    if (!pointer) throw new Error('not stored');
    const failed = await settledAttachment(runtime, pointer.ticketId, pointer.messageId, token);
    expect(failed.attachment).toMatchObject({
      state: 'failed',
      failureReason: expect.stringMatching(/after retries/),
    });
    expect(runtime.deadLetters.letters.at(-1)).toMatchObject({
      source: 'media-fetch',
      payload: JSON.stringify({ ticketId: pointer.ticketId, messageId: pointer.messageId }),
    });
    expect((await download(runtime, pointer.ticketId, pointer.messageId, token)).status).toBe(409);
  });

  it('without provider tokens, a file stays a reference that says why it was not fetched', async () => {
    providers.standIn.addWhatsAppMedia('no-token-here', { body: PNG, contentType: 'image/png' });
    await whatsapp(bare, [whatsappImage('wamid.IMAGE-BARE', 'no-token-here')]);
    const pointer = await bare.deps.messages.findByProviderId('whatsapp', 'wamid.IMAGE-BARE');
    if (!pointer) throw new Error('not stored');
    const bareToken = await signIn(bare, 'supervisor@sanad.local');
    const kept = await settledAttachment(bare, pointer.ticketId, pointer.messageId, bareToken);
    expect(kept.attachment).toMatchObject({
      state: 'not_fetched_no_token',
      failureReason: 'Not fetched: no provider token',
      source: 'whatsapp-media:no-token-here',
    });
    const refused = await download(bare, pointer.ticketId, pointer.messageId, bareToken);
    expect(refused.status).toBe(409);
  });
});
