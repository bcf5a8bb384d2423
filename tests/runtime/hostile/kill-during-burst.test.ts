import { describe, expect, it } from 'vitest';
import type { Message } from '../../../shared/domain/message.ts';
import type { Ticket } from '../../../shared/domain/ticket.ts';
import { killableNpmStart } from '../../support/npm-start.ts';

/** `npm start` as a user runs it: its own process on its own data folder, killed without warning. */
const CONTACTS = 200;
const KILL_AFTER_ANSWERS = 50;

const server = killableNpmStart('sanad-kill-');

interface Contact {
  phone: string;
  key: string;
  /** A word only this contact's message holds, for the search index. */
  word: string;
  answer?: { ticketId: string; reference: string };
}

async function submit(port: number, contact: Contact): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/public/contact`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': contact.key },
    body: JSON.stringify({
      name: 'مستفيدة',
      phone: contact.phone,
      subject: 'طلب',
      message: `طلب من ${contact.phone} ${contact.word}`,
    }),
  });
  const body = (await response.json()) as { ticketId?: string; reference?: string };
  if (response.status < 300 && body.ticketId && body.reference)
    contact.answer = { ticketId: body.ticketId, reference: body.reference };
}

describe('npm start killed with -9 during 200 concurrent web-form contacts', () => {
  it('after a restart on the same data and retries, all 200 exist exactly once, each answered with its reference and found by its words', async () => {
    await server.start();
    const { port } = server;
    const contacts: Contact[] = Array.from({ length: CONTACTS }, (_, index) => ({
      phone: `05${String(60_000_000 + index)}`,
      key: `burst-${index}`,
      word: `burst${index}x`,
    }));

    let answered = 0;
    const killed = new Promise<unknown>((resolve) => {
      for (const contact of contacts) {
        submit(port, contact)
          .catch(() => undefined)
          .finally(() => {
            if (contact.answer) answered += 1;
            if (answered === KILL_AFTER_ANSWERS) resolve(server.kill().exited);
          });
      }
    });
    await killed;
    const unanswered = contacts.filter((contact) => !contact.answer);
    expect(unanswered.length).toBeGreaterThan(0);

    await server.start();
    const deadline = Date.now() + 90_000;
    while (contacts.some((contact) => !contact.answer) && Date.now() < deadline) {
      await Promise.all(
        contacts
          .filter((contact) => !contact.answer)
          .map((contact) => submit(port, contact).catch(() => undefined)),
      );
    }
    expect(contacts.filter((contact) => !contact.answer)).toEqual([]);

    const idToken = await server.signIn('supervisor@sanad.local');
    const staff = async <T>(path: string): Promise<T> => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        headers: { authorization: `Bearer ${idToken}` },
      });
      return (await response.json()) as T;
    };
    for (const contact of contacts) {
      const found = await staff<{ tickets: Ticket[] }>(`/api/tickets?q=${encodeURIComponent(contact.phone)}`);
      expect(found.tickets.map((ticket) => ticket.reference)).toEqual([contact.answer?.reference]);
      // Indexing that was under way when the process died is done after the restart.
      const byWord = await staff<{ tickets: Ticket[] }>(`/api/tickets?q=${contact.word}`);
      expect(byWord.tickets.map((ticket) => ticket.reference)).toEqual([contact.answer?.reference]);
      const thread = await staff<{ messages: Message[] }>(`/api/tickets/${contact.answer?.ticketId}`);
      expect(thread.messages.filter((message) => message.direction === 'inbound')).toHaveLength(1);
    }
  }, 240_000);
});
