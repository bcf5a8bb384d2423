import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { whatsappWebhook } from '../../infra/local/provider-payloads.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { postMetaWebhook, postTelegramUpdate, useProviderStandIn } from '../support/provider-stand-in.ts';
import { postJson, signIn, startTestRuntime } from '../support/runtime.ts';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(30_000)]);
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(5_000)]);

const providers = useProviderStandIn();
let runtime: LocalRuntime;
let token: string;

beforeAll(async () => {
  // Replies go to the providers (here their stand-in), as with SANAD_LIVE_CHANNELS=true.
  runtime = await providers.startRuntime(
    ['whatsapp-access-token', 'whatsapp-phone-number-id', 'telegram-bot-token', 'meta-page-access-token'],
    { liveChannels: true },
  );
  token = await signIn(runtime, 'supervisor@sanad.local');
});

const now = () => Math.floor(Date.now() / 1000);

const reply = (ticketId: string, files: { name: string; contentType: string; body: Buffer }[]) =>
  postJson(
    `${runtime.url}/api/tickets/${ticketId}/messages`,
    {
      kind: 'reply',
      text: 'مرفق ما طلبت',
      attachments: files.map((file) => ({
        name: file.name,
        contentType: file.contentType,
        base64: file.body.toString('base64'),
      })),
    },
    { authorization: `Bearer ${token}` },
  );

/** A reply with these files, and the requests the provider stand-in received for it. */
async function replyWithCalls(ticketId: string, files: Parameters<typeof reply>[1]) {
  const before = providers.standIn.requests.length;
  const answer = await reply(ticketId, files);
  return { answer, calls: providers.standIn.requests.slice(before) };
}

/** A reply with these files that the provider took: the requests the stand-in received for it. */
async function sentReply(ticketId: string, files: Parameters<typeof reply>[1]) {
  const { answer, calls } = await replyWithCalls(ticketId, files);
  expect(answer).toMatchObject({ status: 201, body: { deliveryStatus: 'sent' } });
  return calls;
}

/** The multipart body of a request the stand-in received, whose `field` part must be exactly these bytes. */
async function formWithFile(
  request: { body: Buffer; contentType?: string } | undefined,
  field: string,
  bytes: Buffer,
) {
  if (!request) throw new Error(`No request with a ${field} part`);
  const form = await new Response(new Uint8Array(request.body), {
    headers: { 'content-type': request.contentType ?? '' },
  }).formData();
  const file = form.get(field);
  if (!(file instanceof Blob)) throw new Error(`No ${field} part`);
  expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
  return form;
}

describe('files staff attach to replies', () => {
  it('go to WhatsApp as an upload to /{phone-number-id}/media, then a document message with its id', async () => {
    const created = await postMetaWebhook(
      runtime,
      'whatsapp',
      whatsappWebhook({ waId: '966551237001', name: 'هند' }, [
        {
          from: '966551237001',
          id: 'wamid.OUTFILE-1',
          timestamp: String(now()),
          type: 'text',
          text: { body: 'أرسلوا النموذج' },
        },
      ]),
    );
    const pointer = await runtime.deps.messages.findByProviderId('whatsapp', 'wamid.OUTFILE-1');
    expect(created.status).toBe(200);
    const calls = await sentReply(pointer?.ticketId ?? '', [
      { name: 'نموذج.pdf', contentType: 'application/pdf', body: PDF },
    ]);
    expect(calls.map((call) => call.path)).toEqual([
      '/v21.0/106540352242922/messages',
      '/v21.0/106540352242922/media',
      '/v21.0/106540352242922/messages',
    ]);
    const upload = await formWithFile(calls[1], 'file', PDF);
    expect(upload.get('messaging_product')).toBe('whatsapp');
    expect(upload.get('type')).toBe('application/pdf');
    expect(JSON.parse(calls[2]?.body.toString() ?? '{}')).toMatchObject({
      to: '966551237001',
      type: 'document',
      document: { id: expect.stringMatching(/^uploaded-/), filename: 'نموذج.pdf' },
    });
  });

  it('go to Telegram by sendPhoto and sendDocument (multipart) after the text', async () => {
    const created = await postTelegramUpdate(runtime, {
      update_id: 7001,
      message: {
        message_id: 70,
        from: { id: 700117001, is_bot: false, first_name: 'وعد' },
        chat: { id: 700117001, type: 'private' },
        date: now(),
        text: 'أحتاج صورة الإيصال',
      },
    });
    const calls = await sentReply(created.body.ticketId as string, [
      { name: 'إيصال.png', contentType: 'image/png', body: PNG },
      { name: 'نموذج.pdf', contentType: 'application/pdf', body: PDF },
    ]);
    const methods = calls.map((call) => call.path.split('/').at(-1));
    expect(methods).toEqual(['sendMessage', 'sendPhoto', 'sendDocument']);
    const photo = await formWithFile(calls[1], 'photo', PNG);
    expect(photo.get('chat_id')).toBe('700117001');
    await formWithFile(calls[2], 'document', PDF);
  });

  it('are refused before sending where the channel cannot carry them, with the reason, and nothing is sent', async () => {
    const instagram = await postMetaWebhook(runtime, 'instagram', {
      object: 'instagram',
      entry: [
        {
          messaging: [
            {
              sender: { id: '17841400000000001' },
              timestamp: Date.now(),
              message: { mid: 'ig-out-1', text: 'مرحبا' },
            },
          ],
        },
      ],
    });
    expect(instagram.status).toBe(200);
    const igTicket = await runtime.deps.messages.findByProviderId('instagram', 'ig-out-1');
    const { answer: ig, calls } = await replyWithCalls(igTicket?.ticketId ?? '', [
      { name: 'نموذج.pdf', contentType: 'application/pdf', body: PDF },
    ]);
    expect(ig).toMatchObject({
      status: 409,
      body: { message: expect.stringMatching(/instagram does not take application\/pdf/) },
    });
    expect(calls).toEqual([]);
    const thread = await runtime.deps.store.getTicketWithThread(igTicket?.ticketId ?? '');
    expect(thread?.messages.filter((message) => message.direction === 'outbound')).toEqual([]);
  });
});

describe('files sent by SMS', () => {
  it('go as signed links after the text, which open the file until they expire and are refused when altered', async () => {
    const local = await startTestRuntime();
    try {
      await postJson(`${local.url}/local/sms`, {
        originationNumber: '+966551237003',
        destinationNumber: '+966112345678',
        messageBody: 'أرسلوا لي النموذج',
        inboundMessageId: 'sms-link-1',
      });
      const pointer = await local.deps.messages.findByProviderId('sms', 'sms-link-1');
      const agent = await signIn(local, 'supervisor@sanad.local');
      const answer = await postJson(
        `${local.url}/api/tickets/${pointer?.ticketId}/messages`,
        {
          kind: 'reply',
          text: 'النموذج',
          attachments: [{ name: 'form.pdf', contentType: 'application/pdf', base64: PDF.toString('base64') }],
        },
        { authorization: `Bearer ${agent}` },
      );
      expect(answer).toMatchObject({ status: 201, body: { deliveryStatus: 'sent' } });
      const sms = JSON.parse(local.outbox.list('sms').at(-1)?.payload ?? '{}') as { text: string };
      const [text, link] = sms.text.split('\n');
      expect(text).toBe('النموذج');
      expect(link).toMatch(new RegExp(`^${local.url}/public/files/[\\w-]+\\.[0-9a-z]+\\.[\\w-]{22}$`));
      const opened = await fetch(link ?? '');
      expect(opened.status).toBe(200);
      expect(opened.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(Buffer.from(await opened.arrayBuffer()).equals(PDF)).toBe(true);

      // The same link with its expiry pushed one second later: the signature no longer matches.
      const [key, expiry, signature] = (link ?? '').split('/').at(-1)?.split('.') ?? [];
      const later = (Number.parseInt(expiry ?? '0', 36) + 1).toString(36);
      const forged = `${local.url}/public/files/${key}.${later}.${signature}`;
      expect((await fetch(forged)).status).toBe(404);
      const expired = await local.deps.fileLinks.link('replies/x/y/form.pdf', new Date(Date.now() - 1000));
      expect((await fetch(expired)).status).toBe(410);
    } finally {
      await local.close();
    }
  });
});
