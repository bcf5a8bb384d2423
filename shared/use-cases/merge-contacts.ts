import { authorizeContact, canSeeQueue } from '../domain/access-policy.ts';
import type { Contact } from '../domain/contact.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { fieldError } from '../domain/field-messages.ts';
import { type Identity, sameIdentity } from '../domain/identity.ts';
import type { Principal } from '../domain/staff.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { Clock } from '../ports/clock.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { TicketEventRecord } from '../ports/ticket-store.ts';
import { ticketEvent } from './ticket-events.ts';

export interface ContactStore {
  getContact(contactId: string): Promise<Contact | undefined>;
  putContact(contact: Contact): Promise<void>;
  /**
   * Marks the source merged into the target, in one step with checking that neither is merged away already:
   * false when one is (two merges of the same pair at once, in opposite directions, cannot both happen).
   */
  markMerged(sourceId: string, targetId: string, at: string): Promise<boolean>;
  /** Points each identity at the contact (who is recognised by it from now on). */
  linkIdentities(identities: Identity[], contactId: string): Promise<void>;
  listContactTickets(contactId: string, limit?: number): Promise<Ticket[]>;
  updateTicket(ticketId: string, change: (current: Ticket) => Ticket): Promise<Ticket>;
  addEvents(events: TicketEventRecord[]): Promise<void>;
}

export interface ContactDeps {
  store: ContactStore;
  clock: Clock;
  ids: IdGenerator;
}

const MAX_TICKETS_MOVED = 500;

/**
 * Loads contacts for an edit. Hidden contacts answer 404 before anything else, all of them before any 403 (their
 * existence, identities and tickets stay unknown); see `authorizeContact` for what makes a contact visible.
 */
async function loadEditable(deps: ContactDeps, principal: Principal, contactIds: string[]) {
  const loaded = await Promise.all(
    contactIds.map(async (contactId) => {
      const [contact, tickets] = await Promise.all([
        deps.store.getContact(contactId),
        deps.store.listContactTickets(contactId, MAX_TICKETS_MOVED),
      ]);
      if (!contact) throw new NotFoundError('Contact');
      return { contact, tickets };
    }),
  );
  const queuesOf = (tickets: Ticket[]) => tickets.map((ticket) => ticket.queueId);
  for (const { tickets } of loaded) authorizeContact(principal, 'read', queuesOf(tickets));
  for (const { tickets } of loaded) authorizeContact(principal, 'edit_contacts', queuesOf(tickets));
  // An edit moves or re-addresses every ticket of the contact: those the caller cannot see are not theirs to move.
  if (loaded.some(({ tickets }) => tickets.some((ticket) => !canSeeQueue(principal, ticket.queueId))))
    throw new ForbiddenError('This contact has tickets outside your queues: a supervisor can change it');
  return loaded;
}

/**
 * Two records turn out to be one beneficiary: the source's identities and tickets move to the target, the source
 * is kept as a pointer to it, and every moved ticket records the merge (who, when, from which contact).
 */
export async function mergeContacts(
  deps: ContactDeps,
  principal: Principal,
  targetId: string,
  sourceId: string,
): Promise<Contact> {
  const [first, second] = await loadEditable(deps, principal, [targetId, sourceId]);
  if (!first || !second) throw new NotFoundError('Contact');
  const { contact: target } = first;
  const { contact: source, tickets } = second;
  if (targetId === sourceId)
    throw new ValidationError(
      [fieldError('sourceContactId', 'invalid_value')],
      'A contact cannot be merged into itself',
    );
  // The same merge asked again finishes one cut short: the source is marked first, its tickets are moved after.
  const resumed = source.mergedInto === target.id && tickets.length > 0;
  if (source.mergedInto && !resumed) throw new ConflictError('That contact was already merged into another');
  if (target.mergedInto)
    throw new ConflictError('That contact was merged into another; merge into the one it was merged into');
  const at = deps.clock.now().toISOString();
  if (!resumed && !(await deps.store.markMerged(source.id, target.id, at)))
    throw new ConflictError('One of the two contacts was merged into another meanwhile');
  const identities = [...target.identities];
  for (const identity of source.identities)
    if (!identities.some((known) => sameIdentity(known, identity))) identities.push(identity);
  const merged: Contact = {
    ...target,
    identities,
    nationalId: target.nationalId ?? source.nationalId,
    city: target.city ?? source.city,
    tags: [...new Set([...target.tags, ...source.tags])],
    updatedAt: at,
  };
  await deps.store.putContact(merged);
  await deps.store.linkIdentities(source.identities, target.id);
  for (const ticket of tickets) {
    await deps.store.updateTicket(ticket.id, (current) => ({
      ...current,
      contactId: target.id,
      contactName: target.name,
      updatedAt: at,
    }));
  }
  await recordOnEach(deps, tickets, 'contact_merged', at, { from: source.id, into: target.id }, principal);
  return merged;
}

/** One record held two people: an identity becomes a contact of its own (its tickets stay; staff move them). */
export async function splitContact(
  deps: ContactDeps,
  principal: Principal,
  contactId: string,
  identity: Identity,
  name: string,
): Promise<Contact> {
  const [loaded] = await loadEditable(deps, principal, [contactId]);
  if (!loaded) throw new NotFoundError('Contact');
  const { contact, tickets } = loaded;
  if (!contact.identities.some((known) => sameIdentity(known, identity))) {
    throw new ValidationError([fieldError('identity', 'invalid_value')], 'The contact has no such identity');
  }
  if (contact.identities.length < 2) throw new ConflictError('A contact keeps at least one identity');
  const at = deps.clock.now().toISOString();
  const split: Contact = {
    id: `C${deps.ids.next()}`,
    name,
    identities: [identity],
    tags: [],
    createdAt: at,
    updatedAt: at,
    splitFrom: contact.id,
  };
  await deps.store.putContact(split);
  await deps.store.linkIdentities([identity], split.id);
  await deps.store.putContact({
    ...contact,
    identities: contact.identities.filter((known) => !sameIdentity(known, identity)),
    updatedAt: at,
  });
  const data = { from: contact.id, newContact: split.id, identity: identity.kind };
  await recordOnEach(deps, tickets, 'contact_split', at, data, principal);
  return split;
}

/** The same event on each of a contact's tickets, by the staff member who acted. */
async function recordOnEach(
  deps: ContactDeps,
  tickets: Ticket[],
  type: string,
  at: string,
  data: Record<string, unknown>,
  by: Principal,
): Promise<void> {
  await deps.store.addEvents(
    tickets.map((ticket) => ticketEvent(deps.ids, ticket.id, type, at, data, by.userId)),
  );
}
