import type { Contact } from '../domain/contact.ts';
import { searchTokens } from '../domain/search-tokens.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { TicketChanged } from '../ports/events.ts';
import type { TicketWithThread } from '../ports/ticket-store.ts';

/** A word index of tickets: one small item per (word, ticket), so a name or subject is found by Query. */
export interface SearchIndexStore {
  putTokens(ticket: Ticket, tokens: string[]): Promise<void>;
  /** Ticket ids indexed under the word, newest first. */
  ticketIdsFor(token: string, limit: number): Promise<string[]>;
}

export interface SearchIndexDeps {
  searchIndex: SearchIndexStore;
  tickets: {
    getContact(contactId: string): Promise<Contact | undefined>;
    getTicketWithThread(ticketId: string): Promise<TicketWithThread | undefined>;
  };
}

/** Words of a conversation kept in the index: enough for a long thread, bounded so one ticket stays cheap. */
const MAX_THREAD_WORDS = 400;

/** The words of every message and internal note of a thread, folded as searches are, once each. */
export function threadTokens(thread: TicketWithThread): string[] {
  const words = new Set<string>();
  for (const message of thread.messages)
    for (const word of searchTokens(message.text, Number.POSITIVE_INFINITY)) words.add(word);
  return [...words].slice(0, MAX_THREAD_WORDS);
}

/**
 * On every ticket change the contact's name, national id (a web form records it on the contact, not as an
 * identity) and the subject are indexed; when a ticket opens or gains a message, the words of its messages and
 * notes too, so staff find a ticket by what was written in it. Idempotent, so retries are harmless.
 */
export async function indexTicketForSearch(deps: SearchIndexDeps, change: TicketChanged): Promise<number> {
  const thread = await deps.tickets.getTicketWithThread(change.ticketId);
  if (!thread) return 0;
  const { ticket } = thread;
  const contact = await deps.tickets.getContact(ticket.contactId);
  const tokens = new Set(
    searchTokens(`${ticket.contactName} ${contact?.nationalId ?? ''} ${ticket.subject}`),
  );
  if (change.kind !== 'updated') for (const word of threadTokens(thread)) tokens.add(word);
  await deps.searchIndex.putTokens(ticket, [...tokens]);
  return tokens.size;
}

const CANDIDATES_PER_WORD = 200;

/** Tickets whose name or subject holds every word of the text. */
export async function ticketIdsMatching(searchIndex: SearchIndexStore, text: string): Promise<string[]> {
  const tokens = searchTokens(text);
  if (tokens.length === 0) return [];
  const lists = await Promise.all(
    tokens.slice(0, 5).map((token) => searchIndex.ticketIdsFor(token, CANDIDATES_PER_WORD)),
  );
  const [first = [], ...rest] = lists;
  return first.filter((id) => rest.every((list) => list.includes(id)));
}
