import type { Contact } from '../domain/contact.ts';
import { indexWords } from '../domain/search-tokens.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { TicketChanged } from '../ports/events.ts';
import type { TicketWithThread } from '../ports/ticket-store.ts';

/** A word index of tickets: one small item per (word, ticket), so a name or subject is found by Query. */
export interface SearchIndexStore {
  putTokens(ticket: Ticket, tokens: string[]): Promise<void>;
  /** Ticket ids indexed under the word, newest first; with `before`, only those older than that ticket id. */
  ticketIdsFor(token: string, limit: number, before?: string): Promise<string[]>;
  /** Which of the ticket ids are indexed under the word. */
  indexedUnder(token: string, ticketIds: string[]): Promise<Set<string>>;
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
    for (const word of indexWords(message.text, Number.POSITIVE_INFINITY)) words.add(word);
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
  const tokens = new Set(indexWords(`${ticket.contactName} ${contact?.nationalId ?? ''} ${ticket.subject}`));
  if (change.kind !== 'updated') for (const word of threadTokens(thread)) tokens.add(word);
  await deps.searchIndex.putTokens(ticket, [...tokens]);
  return tokens.size;
}

/** A page of word matches: `readTo` is the last ticket id read, where the next page starts; absent at the end. */
export interface WordMatchPage {
  ticketIds: string[];
  readTo?: string;
}

/** Index entries read at a time from the first word's list. */
const BATCH = 100;
/** Batches read for one page at most, so a rare combination of words does not walk a whole word's list. */
const MAX_BATCHES = 5;

/**
 * Tickets whose name, subject or thread holds every word of the text, newest first, a page at a time: the first
 * word's list is read from `after` on and each id is checked against the other words' lists, so deep pages are
 * as exact as the first. `keep` drops ids the caller may not see before they count towards the page.
 */
export async function ticketIdsMatching(
  searchIndex: SearchIndexStore,
  text: string,
  page: { limit: number; after?: string; keep?: (ticketIds: string[]) => Promise<string[]> },
): Promise<WordMatchPage> {
  const [first, ...rest] = indexWords(text).slice(0, 5);
  if (!first) return { ticketIds: [] };
  const ticketIds: string[] = [];
  let readTo = page.after;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const candidates = await searchIndex.ticketIdsFor(first, BATCH, readTo);
    const inEvery = await Promise.all(rest.map((token) => searchIndex.indexedUnder(token, candidates)));
    const matching = candidates.filter((id) => inEvery.every((ids) => ids.has(id)));
    const kept = new Set(page.keep ? await page.keep(matching) : matching);
    for (const id of candidates) {
      readTo = id;
      if (!kept.has(id)) continue;
      ticketIds.push(id);
      if (ticketIds.length === page.limit) {
        const more = id !== candidates.at(-1) || candidates.length === BATCH;
        return { ticketIds, readTo: more ? id : undefined };
      }
    }
    if (candidates.length < BATCH) return { ticketIds };
  }
  return { ticketIds, readTo };
}
