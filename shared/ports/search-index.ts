import type { Ticket } from '../domain/ticket.ts';

/** A word index of tickets: one small item per (word, ticket), so a name or subject is found by Query. */
export interface SearchIndexStore {
  /**
   * Puts the words' items and, with `header`, the record of the ticket's indexed name and subject words, in the
   * same batches: a failure part way can leave the record without all its words.
   */
  putTokens(ticket: Ticket, tokens: string[], header?: string[]): Promise<void>;
  /** The name and subject words last recorded for the ticket; absent before its first indexing. */
  indexedHeader(ticketId: string): Promise<string[] | undefined>;
  /** Ticket ids indexed under the word, newest first; with `before`, only those older than that ticket id. */
  ticketIdsFor(token: string, limit: number, before?: string): Promise<string[]>;
  /** Which of the ticket ids are indexed under the word. */
  indexedUnder(token: string, ticketIds: string[]): Promise<Set<string>>;
}
