import type { Contact } from '../domain/contact.ts';
import { searchTokens } from '../domain/search-tokens.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { TicketChanged } from '../ports/events.ts';

/** A word index of tickets: one small item per (word, ticket), so a name or subject is found by Query. */
export interface SearchIndexStore {
  putTokens(ticket: Ticket, tokens: string[]): Promise<void>;
  /** Ticket ids indexed under the word, newest first. */
  ticketIdsFor(token: string, limit: number): Promise<string[]>;
}

export interface SearchIndexDeps {
  searchIndex: SearchIndexStore;
  tickets: {
    getTicket(ticketId: string): Promise<Ticket | undefined>;
    getContact(contactId: string): Promise<Contact | undefined>;
  };
}

/**
 * On every ticket change: the contact's name, national id (a web form records it on the contact, not as an
 * identity) and the subject are indexed. Idempotent, so retries are harmless.
 */
export async function indexTicketForSearch(deps: SearchIndexDeps, change: TicketChanged): Promise<number> {
  if (change.kind === 'message') return 0;
  const ticket = await deps.tickets.getTicket(change.ticketId);
  if (!ticket) return 0;
  const contact = await deps.tickets.getContact(ticket.contactId);
  const tokens = searchTokens(`${ticket.contactName} ${contact?.nationalId ?? ''} ${ticket.subject}`);
  await deps.searchIndex.putTokens(ticket, tokens);
  return tokens.length;
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
