import type { Contact } from '../domain/contact.ts';
import { type Identity, identityKey, isVerified, sameIdentity } from '../domain/identity.ts';
import type { InboundContact } from '../domain/inbound-contact.ts';
import type { InboundLookup } from '../ports/ticket-store.ts';
import { appliedFrom, findThread, type Thread } from './conversation-thread.ts';
import type { IngestDeps } from './ingest-deps.ts';

/** Who a message is from, and the ticket it joins (none: it opens one). */
export interface Plan extends Thread {
  contact: Contact;
  isNewContact: boolean;
  newIdentities: Identity[];
}

/** The contact a sender becomes when no verified identity of theirs is known. */
export function freshContact(deps: IngestDeps, inbound: InboundContact): Contact {
  const primary = inbound.identities[0];
  if (!primary) throw new Error('An inbound contact needs at least one identity');
  const at = deps.clock.now().toISOString();
  return {
    id: deps.ids.next(),
    name: inbound.displayName?.trim() || primary.value,
    identities: inbound.identities,
    nationalId: inbound.nationalId,
    city: inbound.city,
    branch: inbound.branch,
    tags: [],
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Only a verified identity leads to a known contact; a claimed one (typed into a form, unauthenticated mail) always
 * makes a contact of its own, noting who else holds that identity for staff to merge by hand.
 */
export async function planContact(
  deps: IngestDeps,
  inbound: InboundContact,
  lookup: InboundLookup,
  fresh: Contact,
): Promise<Plan> {
  const known = lookup.contactIdsByIdentity;
  // Identities someone else already holds are never linked from here: a claim would find their tickets by them.
  const unlinked = inbound.identities.filter((identity) => !known.has(identityKey(identity)));
  const verified = inbound.identities.filter(isVerified);
  const knownId = verified.map((identity) => known.get(identityKey(identity))).find(Boolean);
  const holder = knownId ? await deps.store.getContact(knownId) : undefined;
  // Someone who only typed this phone or address into a form is not who writes from it: their contact is noted as
  // a possible duplicate, never joined (a stranger's application would otherwise take the owner's messages), unless
  // it points at a case this phone was proven on (staff saw it, or its code came back).
  const contact =
    holder && (holdsProven(holder, verified) || (await pointsAtProvenCase(deps, holder, verified)))
      ? holder
      : undefined;
  if (contact) {
    const thread = await findThread(deps, inbound, contact, lookup, false);
    return { contact, isNewContact: false, newIdentities: unlinked, ...thread };
  }
  const others = [...new Set(inbound.identities.map((identity) => known.get(identityKey(identity))))].filter(
    (id): id is string => Boolean(id),
  );
  const created: Contact = { ...fresh, ...(others.length > 0 && { possibleDuplicateOf: others }) };
  const thread = await findThread(deps, inbound, created, lookup, true);
  // What the sender proves is theirs from now on: their next message finds them, not the one who only typed it.
  const takenOver = holder
    ? verified.filter((identity) => known.get(identityKey(identity)) === holder.id)
    : [];
  return { contact: created, isNewContact: true, newIdentities: [...unlinked, ...takenOver], ...thread };
}

/** Whether the contact holds one of these identities as proven (a provider's, or a phone whose code came back). */
function holdsProven(contact: Contact, identities: Identity[]): boolean {
  return contact.identities.some(
    (held) => isVerified(held) && identities.some((identity) => sameIdentity(identity, held)),
  );
}

async function pointsAtProvenCase(
  deps: IngestDeps,
  contact: Contact,
  verified: Identity[],
): Promise<boolean> {
  const pointed = contact.openCaseTicketId ? await deps.store.getTicket(contact.openCaseTicketId) : undefined;
  return appliedFrom(pointed, verified) && pointed.supportCase?.step !== 'phone_unconfirmed';
}
