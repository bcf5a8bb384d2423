import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_TELEGRAM_SECRET } from '../../../infra/local/local-secrets.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { TicketEventRecord } from '../../../shared/ports/ticket-store.ts';
import { freePort, startNpmStart } from '../../support/npm-start.ts';

/** `npm start` as a user runs it: its own process on its own data folder, killed without warning. */
const TICKETS = 40;
const KILL_AFTER_ANSWERS = 8;

let server: ChildProcess | undefined;
let dataDir = '';
afterAll(async () => {
  server?.kill('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

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

async function signIn(port: number): Promise<string> {
  const { body } = await post(port, '/auth/local/login', {
    email: 'supervisor@sanad.local',
    password: 'sanad-demo-2026',
  });
  return body.idToken as string;
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
    dataDir = await mkdtemp(join(tmpdir(), 'sanad-kill-replies-'));
    const [port, smtpPort] = [await freePort(), await freePort()];
    server = await startNpmStart({ port, smtpPort, dataDir });
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
    let token = await signIn(port);

    let answered = 0;
    const killed = new Promise<void>((resolve) => {
      for (const reply of replies) {
        send(port, token, reply)
          .catch(() => undefined)
          .finally(() => {
            if (reply.status) answered += 1;
            if (answered === KILL_AFTER_ANSWERS) {
              server?.kill('SIGKILL');
              resolve();
            }
          });
      }
    });
    await killed;
    await new Promise((resolve) => server?.once('exit', resolve));
    expect(replies.filter((reply) => !reply.status).length).toBeGreaterThan(0);

    server = await startNpmStart({ port, smtpPort, dataDir });
    token = await signIn(port);
    // The member sends again, with its key, each reply that got no answer.
    for (const reply of replies.filter((candidate) => !candidate.status)) await send(port, token, reply);
    expect(replies.filter((reply) => !reply.status)).toEqual([]);

    const sends = new Map<string, number>();
    for (const file of readdirSync(join(dataDir, 'outbox'))) {
      for (const marker of new Set(readFileSync(join(dataDir, 'outbox', file), 'utf8').match(/rpq\d+x/g)))
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
