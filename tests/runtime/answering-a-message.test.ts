import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappWebhook } from '../../infra/local/provider-payloads.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import type { Message } from '../../shared/domain/message.ts';
import { postMetaWebhook, postTelegramUpdate } from '../support/provider-stand-in.ts';
import { getJson, postJson, signIn, startTestRuntime } from '../support/runtime.ts';
import { privateTelegramUpdate } from '../support/telegram-updates.ts';

let runtime: LocalRuntime;
let token: string;
beforeAll(async () => {
  runtime = await startTestRuntime();
  token = await signIn(runtime, 'agent@sanad.local');
});
afterAll(async () => {
  await runtime.close();
});

const seconds = () => String(Math.floor(Date.now() / 1000) - 60);
const thread = async (ticketId: string) =>
  (await getJson(`${runtime.url}/api/tickets/${ticketId}`, token)).body.messages as Message[];
const reply = (ticketId: string, body: Record<string, unknown>) =>
  postJson(
    `${runtime.url}/api/tickets/${ticketId}/messages`,
    { kind: 'reply', ...body },
    {
      authorization: `Bearer ${token}`,
    },
  );
const lastPayload = (channel: 'whatsapp' | 'telegram') =>
  JSON.parse(runtime.outbox.list(channel).at(-1)?.payload ?? '{}');

describe('a staff reply that answers one particular message of the beneficiary', () => {
  it('goes to WhatsApp with the context of the message it answers, and shows it on the ticket', async () => {
    const sender = { waId: '966551237001', name: 'منيرة' };
    const text = (id: string, body: string) => ({
      from: sender.waId,
      id,
      timestamp: seconds(),
      type: 'text',
      text: { body },
    });
    const created = await postMetaWebhook(
      runtime,
      'whatsapp',
      whatsappWebhook(sender, [
        text('wamid.Q-1', 'متى موعد الصرف؟'),
        text('wamid.Q-2', 'وهل أحتاج إلى تحديث بياناتي؟'),
      ]),
    );
    expect(created.body.outcomes).toEqual(['created', 'appended']);
    const ticketId = (await runtime.deps.messages.findByProviderId('whatsapp', 'wamid.Q-1'))
      ?.ticketId as string;
    const asked = (await thread(ticketId)).find(
      (message) => message.providerMessageId === 'wamid.Q-1',
    ) as Message;

    const answer = await reply(ticketId, { text: 'يوم الأحد القادم', replyTo: asked.id });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      replyTo: { providerMessageId: 'wamid.Q-1', text: 'متى موعد الصرف؟' },
    });
    expect(lastPayload('whatsapp')).toMatchObject({
      context: { message_id: 'wamid.Q-1' },
      type: 'text',
      text: { body: 'يوم الأحد القادم' },
    });
    // A plain reply answers nothing in particular.
    await reply(ticketId, { text: 'ونعم، يرجى تحديثها' });
    expect(lastPayload('whatsapp')).not.toHaveProperty('context');

    // A message not on the ticket, a note, and a reply on another channel are refused with a reason.
    const note = await postJson(
      `${runtime.url}/api/tickets/${ticketId}/messages`,
      { kind: 'note', text: 'راجعت الملف' },
      { authorization: `Bearer ${token}` },
    );
    const template = { name: 'case_update', language: 'ar', parameters: ['SND-2026-000001', 'تم'] };
    const withTemplate = await reply(ticketId, { text: 'x', replyTo: asked.id, template });
    expect(withTemplate.status).toBe(400);
    expect(JSON.stringify(withTemplate.body)).toContain('replyTo');
    for (const replyTo of ['01ZZZZZZZZZZZZZZZZZZZZZZZZ', note.body.id as string]) {
      const refused = await reply(ticketId, { text: 'x', replyTo });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('replyTo');
    }
  });

  it('goes to Telegram with reply parameters naming the message in that chat', async () => {
    const chat = 700551001;
    const haya = { chat, firstName: 'هيا' };
    const update = await postTelegramUpdate(
      runtime,
      privateTelegramUpdate(8_100_001, 41, haya, { date: Number(seconds()), text: 'هل وصلت أوراقي؟' }),
    );
    const ticketId = update.body.ticketId as string;
    const asked = (await thread(ticketId))[0] as Message;
    const answer = await reply(ticketId, { text: 'نعم، وصلت كاملة', replyTo: asked.id });
    expect(answer.status).toBe(201);
    expect(lastPayload('telegram')).toEqual({
      chat_id: String(chat),
      text: 'نعم، وصلت كاملة',
      reply_parameters: { message_id: 41, allow_sending_without_reply: true },
    });
    // Her answer to our reply names it as Telegram numbers it, `<chat>:<message id>`, and finds it.
    const sentId = answer.body.providerMessageId as string;
    expect(sentId).toMatch(new RegExp(`^${chat}:\\d+$`));
    await postTelegramUpdate(
      runtime,
      privateTelegramUpdate(8_100_002, 43, haya, {
        date: Number(seconds()),
        text: 'شكرًا',
        reply_to_message: {
          message_id: Number(sentId.split(':')[1]),
          chat: { id: chat, type: 'private' },
          date: Number(seconds()),
          text: 'نعم، وصلت كاملة',
        },
      }),
    );
    const thanks = (await thread(ticketId)).find((message) => message.providerMessageId === `${chat}:43`);
    expect(thanks?.replyTo?.providerMessageId).toBe(sentId);
  });
});
