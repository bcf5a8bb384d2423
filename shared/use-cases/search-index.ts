import type { Contact } from '../domain/contact.ts';
import type { Message } from '../domain/message.ts';
import { indexWords, messageWords, searchSpellings } from '../domain/search-tokens.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { TicketChanged } from '../domain/ticket-change.ts';
import type { SearchIndexStore } from '../ports/search-index.ts';
import type { TicketWithThread } from '../ports/ticket-store.ts';

export interface SearchIndexDeps {
  searchIndex: SearchIndexStore;
  tickets: {
    getContact(contactId: string): Promise<Contact | undefined>;
    getTicketWithThread(ticketId: string): Promise<TicketWithThread | undefined>;
    /** The ticket, those of its messages that exist and, when its id is given, its contact: by key, at once. */
    getTicketWithMessages(
      ticketId: string,
      messageIds: string[],
      contactId?: string,
    ): Promise<{ ticket: Ticket; messages: Message[]; contact?: Contact } | undefined>;
  };
}

/** Words of one change's messages kept in the index: enough for a long letter, bounded so a change stays cheap. */
const MAX_CHANGE_WORDS = 400;

/** Name and subject words remembered per ticket (a subject edited again and again forgets its oldest words). */
const MAX_HEADER_WORDS = 100;

/** The words of the messages and internal notes, folded as searches are, once each. */
export function messageTokens(messages: Message[]): string[] {
  const words = new Set<string>();
  for (const message of messages)
    for (const word of messageWords(message.text, Number.POSITIVE_INFINITY)) words.add(word);
  return [...words].slice(0, MAX_CHANGE_WORDS);
}

/**
 * Indexes a ticket by the contact's name, national id (a web form records it on the contact, not as an identity)
 * and subject, and by the words of the messages and notes the change added, so staff find a ticket by what was
 * written in it. Each word item is written once: a message's words when it arrives, the name and subject words
 * when they first appear (a status change writes nothing). A message changes neither name nor subject, so its
 * change reads only the ticket and the message; a change that does not say which messages it added reads the
 * whole thread. Idempotent, so retries are harmless. Answers how many word items were written.
 */
export async function indexTicketForSearch(deps: SearchIndexDeps, change: TicketChanged): Promise<number> {
  const messageIds = change.kind === 'updated' ? [] : change.messageIds;
  const withHeader = change.kind !== 'message' || !messageIds;
  const [found, indexed] = await Promise.all([
    messageIds
      ? deps.tickets.getTicketWithMessages(
          change.ticketId,
          messageIds,
          withHeader ? change.contactId : undefined,
        )
      : deps.tickets.getTicketWithThread(change.ticketId),
    // A new ticket has no header indexed yet (a retried one rewrites the same items).
    withHeader && change.kind !== 'created' ? deps.searchIndex.indexedHeader(change.ticketId) : undefined,
  ]);
  if (!found) return 0;
  const { ticket, messages } = found;
  const tokens = new Set(messageTokens(messages));
  let recorded: string[] | undefined;
  if (withHeader) {
    const contact =
      'contact' in found && found.contact?.id === ticket.contactId
        ? found.contact
        : await deps.tickets.getContact(ticket.contactId);
    // A text's subject is its first line, so it is read as a message is: without the courtesies.
    const header = [
      ...new Set([
        ...indexWords(`${ticket.contactName} ${contact?.nationalId ?? ''}`),
        ...messageWords(ticket.subject),
      ]),
    ];
    const known = new Set(indexed);
    const unseen = header.filter((word) => !known.has(word));
    for (const word of unseen) tokens.add(word);
    // The record keeps the latest words first, bounded however often the subject is edited.
    if (unseen.length > 0) recorded = [...new Set([...header, ...known])].slice(0, MAX_HEADER_WORDS);
  }
  if (tokens.size === 0) return 0;
  if (change.kind === 'created' || !recorded) {
    // A retried `created` writes every word again whatever the record says, so the record may go with them.
    await deps.searchIndex.putTokens(ticket, [...tokens], recorded);
  } else {
    // Otherwise the record is written only once its words are, or a retry would skip the missing ones.
    await deps.searchIndex.putTokens(ticket, [...tokens]);
    await deps.searchIndex.putTokens(ticket, [], recorded);
  }
  return tokens.size;
}

/**
 * The next `BATCH` tickets, newest first, indexed under any of a word's spellings: each spelling's list read from
 * the same place, merged, and cut where the first `BATCH` end, so no ticket between is skipped.
 */
async function newestOfAny(
  searchIndex: SearchIndexStore,
  spellings: string[],
  after?: string,
): Promise<string[]> {
  if (spellings.length === 1) return searchIndex.ticketIdsFor(spellings[0] as string, BATCH, after);
  const lists = await Promise.all(spellings.map((token) => searchIndex.ticketIdsFor(token, BATCH, after)));
  return [...new Set(lists.flat())].sort((a, b) => (a < b ? 1 : -1)).slice(0, BATCH);
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
  // The word with fewest spellings leads: its lists are read in full, the others only asked about.
  const [first, ...rest] = searchSpellings(text)
    .slice(0, 5)
    .sort((a, b) => a.length - b.length);
  if (!first) return { ticketIds: [] };
  const ticketIds: string[] = [];
  let readTo = page.after;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const candidates = await newestOfAny(searchIndex, first, readTo);
    const inEvery = await Promise.all(
      rest.map(async (spellings) => {
        const found = await Promise.all(
          spellings.map((token) => searchIndex.indexedUnder(token, candidates)),
        );
        return new Set(found.flatMap((ids) => [...ids]));
      }),
    );
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
