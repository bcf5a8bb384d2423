import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { LOCAL_TELEGRAM_SECRET } from '../../infra/local/local-secrets.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import type { TicketChanged } from '../../shared/domain/ticket-change.ts';
import { postJson, signIn, startTestRuntime } from '../support/runtime.ts';

let runtime: LocalRuntime;
let supervisor: string;
let agent: string;
beforeAll(async () => {
  runtime = await startTestRuntime();
  [supervisor, agent] = await Promise.all([
    signIn(runtime, 'supervisor@sanad.local'),
    signIn(runtime, 'agent@sanad.local'),
  ]);
});
afterAll(async () => {
  await runtime.close();
});

let chats = 0;
/** A fresh Telegram ticket of its own chat. */
async function aTelegramTicket(): Promise<{ ticketId: string; chat: string }> {
  chats += 1;
  const chat = 710_000_000 + chats;
  const created = await postJson(
    `${runtime.url}/webhooks/telegram`,
    {
      update_id: 920_000_000 + chats,
      message: {
        message_id: chats,
        from: { id: chat, is_bot: false, first_name: 'هيا' },
        chat: { id: chat, first_name: 'هيا', type: 'private' },
        date: 1795570000,
        text: 'متى موعد الدورة؟',
      },
    },
    { 'x-telegram-bot-api-secret-token': LOCAL_TELEGRAM_SECRET },
  );
  return { ticketId: created.body.ticketId as string, chat: String(chat) };
}

const reply = (ticketId: string, text: string, key?: string, token = supervisor) =>
  postJson(
    `${runtime.url}/api/tickets/${ticketId}/messages`,
    { kind: 'reply', text },
    { authorization: `Bearer ${token}`, ...(key && { 'idempotency-key': key }) },
  );

const sendsTo = (chat: string) => runtime.outbox.list('telegram').filter((entry) => entry.to === chat);
const repliesOn = async (ticketId: string) =>
  ((await runtime.deps.store.getTicketWithThread(ticketId))?.messages ?? []).filter(
    (message) => message.direction === 'outbound',
  );

describe('a staff reply sent again with its Idempotency-Key', () => {
  it('is answered 200 with the same message, recorded once and sent once', async () => {
    const { ticketId, chat } = await aTelegramTicket();
    const first = await reply(ticketId, 'موعد الدورة يوم الأحد', 'reply-key-0001');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ deliveryStatus: 'sent', text: 'موعد الدورة يوم الأحد' });

    const again = await reply(ticketId, 'موعد الدورة يوم الأحد', 'reply-key-0001');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(sendsTo(chat)).toHaveLength(1);
    expect(await repliesOn(ticketId)).toHaveLength(1);
    const ticket = await runtime.deps.store.getTicket(ticketId);
    expect(ticket).toMatchObject({ status: 'open', firstResponseAt: first.body.createdAt, messageCount: 2 });
  });

  it('sent twice at once is still one message and one send', async () => {
    const { ticketId, chat } = await aTelegramTicket();
    const answers = await Promise.all(
      [1, 2, 3].map(() => reply(ticketId, 'نعم، التسجيل مفتوح', 'reply-key-0002')),
    );
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 201]);
    expect(sendsTo(chat)).toHaveLength(1);
    expect(await repliesOn(ticketId)).toHaveLength(1);
  });

  it('with another text is refused 422 idempotency_key_reused, and nothing more is recorded or sent', async () => {
    const { ticketId, chat } = await aTelegramTicket();
    expect((await reply(ticketId, 'الرد الأول', 'reply-key-0003')).status).toBe(201);
    const other = await reply(ticketId, 'رد آخر', 'reply-key-0003');
    expect(other.status).toBe(422);
    expect(other.body.error).toBe('idempotency_key_reused');
    expect(sendsTo(chat)).toHaveLength(1);
    expect((await repliesOn(ticketId)).map((message) => message.text)).toEqual(['الرد الأول']);
  });

  it("is another member's own reply, and another ticket's, when they use the same key", async () => {
    const { ticketId, chat } = await aTelegramTicket();
    const other = await aTelegramTicket();
    expect((await reply(ticketId, 'أهلاً', 'reply-key-0004')).status).toBe(201);
    expect((await reply(ticketId, 'أهلاً', 'reply-key-0004', agent)).status).toBe(201);
    expect((await reply(other.ticketId, 'أهلاً', 'reply-key-0004')).status).toBe(201);
    expect(sendsTo(chat)).toHaveLength(2);
    expect(sendsTo(other.chat)).toHaveLength(1);
  });

  it('refuses a key that is not letters, digits and . _ : -, before anything is sent', async () => {
    const { ticketId, chat } = await aTelegramTicket();
    const refused = await reply(ticketId, 'أهلاً', 'a key/with spaces');
    expect(refused.status).toBe(400);
    expect(sendsTo(chat)).toHaveLength(0);
  });

  it('without a key, is a new reply each time (as before)', async () => {
    const { ticketId, chat } = await aTelegramTicket();
    expect((await reply(ticketId, 'أهلاً')).status).toBe(201);
    expect((await reply(ticketId, 'أهلاً')).status).toBe(201);
    expect(sendsTo(chat)).toHaveLength(2);
  });
});

const note = (ticketId: string, text: string, key?: string, token = supervisor) =>
  postJson(
    `${runtime.url}/api/tickets/${ticketId}/messages`,
    { kind: 'note', text },
    { authorization: `Bearer ${token}`, ...(key && { 'idempotency-key': key }) },
  );
const notesOn = async (ticketId: string) =>
  ((await runtime.deps.store.getTicketWithThread(ticketId))?.messages ?? []).filter(
    (message) => message.direction === 'note',
  );
/** The live pushes (ticket changes) of one ticket from now on. */
function pushesOf(ticketId: string): TicketChanged[] {
  const changes: TicketChanged[] = [];
  const stop = runtime.bus.subscribe((change) => {
    if (change.ticketId === ticketId) changes.push(change);
  });
  onTestFinished(stop);
  return changes;
}

describe('a staff note sent again with its Idempotency-Key', () => {
  it('is answered 200 with the same note: recorded once, counted once, pushed once', async () => {
    const { ticketId } = await aTelegramTicket();
    const pushes = pushesOf(ticketId);
    const first = await note(ticketId, 'اتصلت بها وستحضر غدًا', 'note-key-0001');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ direction: 'note', text: 'اتصلت بها وستحضر غدًا' });

    const again = await note(ticketId, 'اتصلت بها وستحضر غدًا', 'note-key-0001');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await notesOn(ticketId)).map((message) => message.id)).toEqual([first.body.id]);
    expect(await runtime.deps.store.getTicket(ticketId)).toMatchObject({ messageCount: 2 });
    expect(pushes.map((change) => [change.kind, change.messageIds])).toEqual([['message', [first.body.id]]]);
  });

  it('sent twice at once is still one note', async () => {
    const { ticketId } = await aTelegramTicket();
    const answers = await Promise.all([1, 2, 3].map(() => note(ticketId, 'ملاحظة واحدة', 'note-key-0002')));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(await notesOn(ticketId)).toHaveLength(1);
    expect(await runtime.deps.store.getTicket(ticketId)).toMatchObject({ messageCount: 2 });
  });

  it('with another text is refused 422 idempotency_key_reused, and nothing more is recorded', async () => {
    const { ticketId } = await aTelegramTicket();
    expect((await note(ticketId, 'الملاحظة الأولى', 'note-key-0003')).status).toBe(201);
    const other = await note(ticketId, 'ملاحظة أخرى', 'note-key-0003');
    expect(other.status).toBe(422);
    expect(other.body.error).toBe('idempotency_key_reused');
    expect((await notesOn(ticketId)).map((message) => message.text)).toEqual(['الملاحظة الأولى']);
  });

  it('names one note or one reply: a key a reply used is refused for a note, and one a note used for a reply', async () => {
    const { ticketId, chat } = await aTelegramTicket();
    expect((await reply(ticketId, 'أهلاً', 'shared-key-0001')).status).toBe(201);
    expect((await note(ticketId, 'أهلاً', 'shared-key-0001')).status).toBe(422);
    expect((await note(ticketId, 'للمتابعة', 'shared-key-0002')).status).toBe(201);
    const refused = await reply(ticketId, 'للمتابعة', 'shared-key-0002');
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe('idempotency_key_reused');
    expect(sendsTo(chat)).toHaveLength(1);
    expect((await notesOn(ticketId)).map((message) => message.text)).toEqual(['للمتابعة']);
  });

  it("is another member's own note, and another ticket's, when they use the same key", async () => {
    const { ticketId } = await aTelegramTicket();
    const other = await aTelegramTicket();
    expect((await note(ticketId, 'للعلم', 'note-key-0004')).status).toBe(201);
    expect((await note(ticketId, 'للعلم', 'note-key-0004', agent)).status).toBe(201);
    expect((await note(other.ticketId, 'للعلم', 'note-key-0004')).status).toBe(201);
    expect(await notesOn(ticketId)).toHaveLength(2);
    expect(await notesOn(other.ticketId)).toHaveLength(1);
  });

  it('refuses a key that is not letters, digits and . _ : -; without a key, is a new note each time', async () => {
    const { ticketId } = await aTelegramTicket();
    expect((await note(ticketId, 'للعلم', 'a key/with spaces')).status).toBe(400);
    expect((await note(ticketId, 'للعلم')).status).toBe(201);
    expect((await note(ticketId, 'للعلم')).status).toBe(201);
    expect(await notesOn(ticketId)).toHaveLength(2);
  });
});
