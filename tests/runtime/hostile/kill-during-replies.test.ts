import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCAL_TELEGRAM_SECRET } from '../../../infra/local/local-secrets.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { TicketEventRecord } from '../../../shared/ports/ticket-store.ts';
import { killableNpmStart } from '../../support/npm-start.ts';

/** `npm start` as a user runs it: its own process on its own data folder, killed without warning. */
const TICKETS = 40;
const KILL_AFTER_ANSWERS = 8;

const server = killableNpmStart('sanad-kill-replies-');

interface Reply {
  ticketId: string;
  key: string;
  marker: string;
  status?: number;
}

async function post(port: number, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function send(port: number, token: string, reply: Reply): Promise<void> {
  const { status } = await post(
    port,
    `/api/tickets/${reply.ticketId}/messages`,
    { kind: 'reply', text: `نشكر تواصلكم ${reply.marker}` },
    { authorization: `Bearer ${token}`, 'idempotency-key': reply.key },
  );
  if (status === 200 || status === 201) reply.status = status;
}

describe('npm start killed with -9 while a supervisor answers 40 tickets at once', () => {
  it('after a restart and the retries with their keys, each reply is on its ticket once, sent; a second send is said', async () => {
    await server.start();
    const { port } = server;
    const replies: Reply[] = [];
    for (let index = 0; index < TICKETS; index++) {
      const chat = 880_000_000 + index;
      const { body } = await post(
        port,
        '/webhooks/telegram',
        {
          update_id: 880_000_000 + index,
          message: {
            message_id: index + 1,
            from: { id: chat, is_bot: false, first_name: 'مستفيد' },
            chat: { id: chat, first_name: 'مستفيد', type: 'private' },
            date: 1795570000 + index,
            text: `سؤال رقم ${index}`,
          },
        },
        { 'x-telegram-bot-api-secret-token': LOCAL_TELEGRAM_SECRET },
      );
      replies.push({ ticketId: body.ticketId as string, key: `kill-reply-${index}`, marker: `rpq${index}x` });
    }
    let token = await server.signIn('supervisor@sanad.local');

    let answered = 0;
    const killed = new Promise<unknown>((resolve) => {
      for (const reply of replies) {
        send(port, token, reply)
          .catch(() => undefined)
          .finally(() => {
            if (reply.status) answered += 1;
            if (answered === KILL_AFTER_ANSWERS) resolve(server.kill().exited);
          });
      }
    });
    await killed;
    expect(replies.filter((reply) => !reply.status).length).toBeGreaterThan(0);

    await server.start();
    token = await server.signIn('supervisor@sanad.local');
    // The member sends again, with its key, each reply that got no answer.
    for (const reply of replies.filter((candidate) => !candidate.status)) await send(port, token, reply);
    expect(replies.filter((reply) => !reply.status)).toEqual([]);

    const sends = new Map<string, number>();
    // Each message sent is a file of its own (the list beside them, sent.jsonl, names them again).
    for (const file of readdirSync(join(server.dataDir, 'outbox')).filter((name) =>
      /\.(eml|json)$/.test(name),
    )) {
      for (const marker of new Set(
        readFileSync(join(server.dataDir, 'outbox', file), 'utf8').match(/rpq\d+x/g),
      ))
        sends.set(marker, (sends.get(marker) ?? 0) + 1);
    }
    for (const reply of replies) {
      const response = await fetch(`http://127.0.0.1:${port}/api/tickets/${reply.ticketId}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const thread = (await response.json()) as { messages: Message[]; events: TicketEventRecord[] };
      const recorded = thread.messages.filter((message) => message.text.includes(reply.marker));
      // On the ticket once, whatever happened, and sent.
      expect(
        recorded.map((message) => message.deliveryStatus),
        reply.marker,
      ).toEqual(['sent']);
      const resent = thread.events.some((event) => event.type === 'reply_resent');
      // Sent once; twice only when the kill came while the provider had it, and then the ticket says so.
      expect(sends.get(reply.marker) ?? 0, reply.marker).toBeGreaterThanOrEqual(1);
      expect(sends.get(reply.marker) ?? 0, reply.marker).toBeLessThanOrEqual(resent ? 2 : 1);
    }
  }, 240_000);
});
