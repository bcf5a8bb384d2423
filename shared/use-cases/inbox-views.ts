import { authorizeContact, canSeeQueue, seesAllQueues } from '../domain/access-policy.ts';
import type { Contact } from '../domain/contact.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import { fieldError } from '../domain/field-messages.ts';
import type { Identity } from '../domain/identity.ts';
import { normaliseNationalId } from '../domain/national-id.ts';
import { normalisePhone } from '../domain/phone.ts';
import { isReference, parseTypedReference, referenceCandidates } from '../domain/reference.ts';
import { indexWords } from '../domain/search-tokens.ts';
import type { Principal } from '../domain/staff.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { TicketNarrowing } from '../domain/ticket-narrowing.ts';
import { ticketRow } from '../domain/ticket-row.ts';
import type { Clock } from '../ports/clock.ts';
import type { InboxStore } from '../ports/inbox-store.ts';
import type { SearchIndexStore } from '../ports/search-index.ts';
import type { TicketPage } from '../ports/ticket-store.ts';
import { seesContact } from './contact-visibility.ts';
import { ticketIdsMatching } from './search-index.ts';

export interface InboxDeps {
  inbox: InboxStore;
  /** Which year a reference typed without one means. */
  clock: Clock;
  searchIndex: SearchIndexStore;
  store: {
    getTicket(ticketId: string): Promise<Ticket | undefined>;
    findTicketByReference(reference: string): Promise<Ticket | undefined>;
    listContactTickets(contactId: string, limit?: number): Promise<Ticket[]>;
    getContact(contactId: string): Promise<Contact | undefined>;
  };
}

/** "My tickets": assigned to the caller, in queues the caller may still see. */
export async function listMyTickets(
  deps: InboxDeps,
  principal: Principal,
  page: { limit: number; cursor?: string; narrowing?: TicketNarrowing },
): Promise<TicketPage> {
  const found = await deps.inbox.listAssigned(principal.userId, page.limit, page.cursor, page.narrowing);
  return { ...found, tickets: found.tickets.filter((ticket) => canSeeQueue(principal, ticket.queueId)) };
}

/**
 * What a search term names: a ticket reference, or an identity (phone, email, national id) that leads to a
 * contact and so to the contact's tickets. Anything else names nothing the store can look up without a Scan.
 * A reference may be typed as beneficiaries and staff say it (`2054`, `2026-2054`, `000036`): `references` are
 * the ones it may mean, and `exact` says it was written out whole.
 */
export function searchTermIdentities(
  term: string,
  today: Date,
): { references: string[]; exact?: true; identities: Identity[] } {
  const text = term.trim();
  const upper = text.toUpperCase();
  if (isReference(upper)) return { references: [upper], exact: true, identities: [] };
  const typed = parseTypedReference(text);
  if (typed) return { references: referenceCandidates(typed, today), identities: [] };
  const identities: Identity[] = [];
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) identities.push({ kind: 'email', value: text.toLowerCase() });
  const nationalId = normaliseNationalId(text);
  if (nationalId) identities.push({ kind: 'national_id', value: nationalId });
  const phone = nationalId ? undefined : normalisePhone(text);
  if (phone) identities.push({ kind: 'phone', value: phone });
  return { references: [], identities };
}

/** A page of search results. */
export interface SearchPage extends TicketPage {
  /**
   * The text named no reference or identity and held no word the index keeps (only words as common as هذا or
   * التي, or too short): nothing was looked up, which the inbox says rather than "no tickets".
   */
  nothingSearchable?: true;
}

/** A search page's cursor is the id of the last ticket read from the word index (a ULID). */
const SEARCH_CURSOR = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * Search by reference, phone, email or national id; any other text is looked up in the word index of names,
 * subjects and what was written (messages and notes), newest first, a page at a time (the reference and identity
 * matches, few by nature, come on the first page). Only tickets in queues the caller may see.
 */
export async function searchTickets(
  deps: InboxDeps,
  principal: Principal,
  term: string,
  page: { limit: number; cursor?: string },
): Promise<SearchPage> {
  if (page.cursor !== undefined && !SEARCH_CURSOR.test(page.cursor))
    throw new ValidationError([fieldError('cursor', 'invalid_value')], 'The page cursor is not valid');
  const { references, exact, identities } = searchTermIdentities(term, deps.clock.now());
  if (references.length === 0 && identities.length === 0 && indexWords(term).length === 0)
    return { tickets: [], nothingSearchable: true };
  const found: Ticket[] = [];
  if (!page.cursor) {
    const named = await Promise.all(
      references.map((reference) => deps.store.findTicketByReference(reference)),
    );
    found.push(...named.filter((ticket): ticket is Ticket => ticket !== undefined));
    const contactIds = new Set(
      (await Promise.all(identities.map((identity) => deps.inbox.contactIdOf(identity)))).filter(
        (id): id is string => Boolean(id),
      ),
    );
    for (const contactId of contactIds) found.push(...(await deps.store.listContactTickets(contactId)));
    found.sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
  }
  let cursor: string | undefined;
  // A national id is also looked up in the word index: not every channel records it as an identity.
  // So is a number that may be a reference: it may also be a word someone wrote (an amount, a meter number).
  if (!exact && identities.every((identity) => identity.kind === 'national_id')) {
    const read = new Map<string, Ticket>();
    const matches = await ticketIdsMatching(deps.searchIndex, term, {
      limit: page.limit,
      after: page.cursor,
      keep: async (ids) => {
        const tickets = await Promise.all(ids.map((id) => deps.store.getTicket(id)));
        for (const ticket of tickets)
          if (ticket && canSeeQueue(principal, ticket.queueId)) read.set(ticket.id, ticket);
        return ids.filter((id) => read.has(id));
      },
    });
    for (const id of matches.ticketIds) found.push(read.get(id) as Ticket);
    cursor = matches.readTo;
  }
  // A national id reaches the same ticket through the word index and the identity index: list it once.
  const unique = [...new Map(found.map((ticket) => [ticket.id, ticket])).values()];
  return {
    tickets: unique
      .filter((ticket) => canSeeQueue(principal, ticket.queueId))
      .map((ticket) => ticketRow(ticket)),
    cursor,
  };
}

export interface ContactPanel {
  contact: Contact;
  tickets: Ticket[];
}

/**
 * The contact panel: identities and earlier tickets the caller may see. A contact with no ticket the caller may
 * see is hidden, except from roles that see every queue.
 */
export async function getContactForStaff(
  deps: InboxDeps,
  principal: Principal,
  contactId: string,
): Promise<ContactPanel> {
  const [contact, tickets] = await Promise.all([
    deps.store.getContact(contactId),
    deps.store.listContactTickets(contactId),
  ]);
  if (!contact) throw new NotFoundError('Contact');
  authorizeContact(
    principal,
    'read',
    tickets.map((ticket) => ticket.queueId),
  );
  const visible = tickets.filter((ticket) => canSeeQueue(principal, ticket.queueId));
  // The open case is named only to those who may see its ticket.
  const { openCaseTicketId, possibleDuplicateOf, ...shown } = contact;
  const caseShown = openCaseTicketId && visible.some((ticket) => ticket.id === openCaseTicketId);
  // Another contact holding the same phone is suggested only to those who may see it: to others the suggestion
  // would tell that the phone belongs to someone the society knows.
  const duplicates = await visibleContacts(deps, principal, possibleDuplicateOf ?? []);
  return {
    contact: {
      ...shown,
      ...(caseShown && { openCaseTicketId }),
      ...(duplicates.length > 0 && { possibleDuplicateOf: duplicates }),
    },
    tickets: visible,
  };
}

async function visibleContacts(
  deps: InboxDeps,
  principal: Principal,
  contactIds: string[],
): Promise<string[]> {
  if (seesAllQueues(principal)) return contactIds;
  const seen = await Promise.all(contactIds.map((contactId) => seesContact(deps, principal, contactId)));
  return contactIds.filter((_, index) => seen[index]);
}
