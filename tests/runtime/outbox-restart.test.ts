import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replyDeps } from '../../functions/lib/dependencies.ts';
import { LOCAL_TELEGRAM_SECRET } from '../../infra/local/local-secrets.ts';
import { replyToTicket } from '../../shared/use-cases/reply-to-ticket.ts';
import { postJson, signIn, startTestRuntime } from '../support/runtime.ts';
import { anApplication } from '../support/support-request.ts';
import { privateTelegramUpdate } from '../support/telegram-updates.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'sanad-outbox-'));
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the local runtime after a crash', () => {
  it('sends at start what the last run recorded in the outbox but never finished, without waiting out its lease', async () => {
    const first = await startTestRuntime({ dataDir });
    const form = anApplication({ phone: '0551237700' });
    const response = await fetch(`${first.url}/public/support-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(form),
    });
    expect(response.status).toBe(201);
    const { reference } = (await response.json()) as { reference: string };
    const ticket = await first.deps.store.findTicketByReference(reference);
    if (!ticket) throw new Error('no ticket');
    // What a run that died while sending a case notice leaves behind: the intent, held by its dead attempt.
    const id = `${ticket.id}#case#crashed`;
    await first.deps.outbox.record({
      id,
      ticketId: ticket.id,
      kind: 'case_notice',
      address: { channel: 'sms', to: '+966551237700' },
      text: 'طلبكم قيد الدراسة',
      createdAt: new Date().toISOString(),
    });
    const now = new Date();
    expect(await first.deps.outbox.claimAttempt(id, now, new Date(now.getTime() + 60_000))).toBeDefined();
    await first.deps.outbox.markSending(id, now.toISOString());
    // What the first run sent (the acknowledgement, the code): the outbox still lists it after the restart.
    const sentBefore = new Set(first.outbox.list().map((entry) => entry.id));
    await first.close();

    const second = await startTestRuntime({ dataDir });
    try {
      const texts = second.outbox
        .list('sms')
        .filter((entry) => entry.to === '+966551237700' && !sentBefore.has(entry.id))
        .map((entry) => String(JSON.parse(entry.payload).text));
      expect(texts).toEqual(['طلبكم قيد الدراسة']);
      expect(await second.deps.outbox.pending(10)).toEqual([]);
      // At once, not after the dead attempt's lease; and it may be a second copy, which the ticket says.
      const events = (await second.deps.store.getTicketWithThread(ticket.id))?.events ?? [];
      expect(events.map((event) => event.type)).toContain('automatic_message_resent');
    } finally {
      await second.close();
    }
  });

  it('sends at start a staff reply the last run recorded but died before sending; its retry is answered with it', async () => {
    const first = await startTestRuntime({ dataDir });
    const chat = 733_000_001;
    const created = await postJson(
      `${first.url}/webhooks/telegram`,
      privateTelegramUpdate(933_000_001, 1, { chat, firstName: 'هيا' }, { text: 'متى موعد الدورة؟' }),
      { 'x-telegram-bot-api-secret-token': LOCAL_TELEGRAM_SECRET },
    );
    const ticketId = created.body.ticketId as string;
    // What a run killed between recording a reply and calling the provider leaves: the reply on the ticket, pending.
    const dies = new Error('killed');
    const store = new Proxy(first.deps.store, {
      get: (target, key) =>
        key === 'markReplySending' ? () => Promise.reject(dies) : Reflect.get(target, key, target),
    });
    const principal = {
      userId: 'u-supervisor',
      email: 'supervisor@sanad.local',
      name: 'المشرفة',
      roles: ['supervisor' as const],
      queueIds: [],
    };
    await expect(
      replyToTicket({ ...replyDeps(first.deps), store }, principal, ticketId, {
        text: 'موعد الدورة يوم الأحد',
        idempotencyKey: 'restart-reply-1',
      }),
    ).rejects.toBe(dies);
    expect(first.outbox.list('telegram').filter((entry) => entry.to === String(chat))).toHaveLength(0);
    await first.close();

    const second = await startTestRuntime({ dataDir });
    try {
      const sends = () => second.outbox.list('telegram').filter((entry) => entry.to === String(chat));
      expect(sends()).toHaveLength(1);
      const thread = await second.deps.store.getTicketWithThread(ticketId);
      const replies = thread?.messages.filter((message) => message.direction === 'outbound') ?? [];
      expect(replies.map((message) => message.deliveryStatus)).toEqual(['sent']);
      expect(thread?.ticket.firstResponseAt).toBe(replies[0]?.createdAt);
      // The member, who never got an answer, sends it again with the same key: the same reply, nothing sent.
      const token = await signIn(second, 'supervisor@sanad.local');
      const retried = await postJson(
        `${second.url}/api/tickets/${ticketId}/messages`,
        { kind: 'reply', text: 'موعد الدورة يوم الأحد' },
        { authorization: `Bearer ${token}`, 'idempotency-key': 'restart-reply-1' },
      );
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({ id: replies[0]?.id, deliveryStatus: 'sent' });
      expect(sends()).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
