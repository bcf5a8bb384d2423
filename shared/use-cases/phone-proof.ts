import type { Contact } from '../domain/contact.ts';
import { type Identity, isVerified, UNVERIFIED_SENDER_TAG } from '../domain/identity.ts';
import type { InboundContact } from '../domain/inbound-contact.ts';
import { parseTypedReference, referenceCandidates } from '../domain/reference.ts';
import { isActive, type Ticket } from '../domain/ticket.ts';
import type { Clock } from '../ports/clock.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { TicketEventRecord } from '../ports/ticket-store.ts';

/** Reads and writes that point a phone's holder at the case the phone was given on. */
export interface PhoneHolderDeps {
  store: {
    getContact(contactId: string): Promise<Contact | undefined>;
    getTicket(ticketId: string): Promise<Ticket | undefined>;
    putContact(contact: Contact): Promise<void>;
  };
  inbox: { contactIdOf(identity: Identity): Promise<string | undefined> };
  clock: Clock;
}

/** What taking a phone as proven reads and writes. */
export type PhoneProofDeps = PhoneHolderDeps & {
  store: PhoneHolderDeps['store'] & {
    findTicketByReference(reference: string): Promise<Ticket | undefined>;
    updateTicket(ticketId: string, change: (current: Ticket) => Ticket): Promise<Ticket>;
    addEvents(events: TicketEventRecord[]): Promise<void>;
  };
  ids: IdGenerator;
};

/** What proves the phone typed into the form: its code typed back, or a message sent from the phone itself. */
export type PhoneProof = 'code' | 'message';

/**
 * A message from the application's phone holding nothing but its reference ("SND-2026-000170", "تأكيد …")
 * confirms the phone as its code would: whoever sends from the phone holds it. No limit on texts to the number can
 * keep its owner from this, as a stranger who keeps asking for codes can keep the codes from coming. The message
 * then goes on to intake, and joins the case. Answers whether it confirmed one.
 */
export async function confirmApplicantPhoneByMessage(
  deps: PhoneProofDeps,
  inbound: InboundContact,
): Promise<boolean> {
  const phone = inbound.identities.find((identity) => identity.kind === 'phone' && isVerified(identity));
  const typed = phone && parseTypedReference(inbound.text.replace(CONFIRMING_WORD, ''));
  if (!phone || typed?.year === undefined) return false;
  const [reference] = referenceCandidates(typed, deps.clock.now());
  const ticket = reference ? await deps.store.findTicketByReference(reference) : undefined;
  if (ticket?.supportCase?.step !== 'phone_unconfirmed') return false;
  if (ticket.supportCase.application?.phone !== phone.value) return false;
  await takePhoneAsProven(deps, ticket, 'message');
  return true;
}

/** The words people write beside the reference when they confirm by message. */
const CONFIRMING_WORD = /تأكيد|تاكيد|confirm/giu;

/**
 * The case moves on to intake (once, whoever proves it first), the applicant's contact holds the phone as proven,
 * and anyone who already wrote from it is pointed at the case.
 */
export async function takePhoneAsProven(
  deps: PhoneProofDeps,
  ticket: Ticket,
  proof: PhoneProof,
): Promise<void> {
  const now = deps.clock.now();
  // Confirmed once: a code and a message arriving together, or a message delivered twice, take it one time.
  let moved = false;
  await deps.store.updateTicket(ticket.id, (current) => {
    moved = current.supportCase?.step === 'phone_unconfirmed';
    return current.supportCase?.step === 'phone_unconfirmed'
      ? {
          ...current,
          supportCase: { ...current.supportCase, step: 'intake' },
          // The applicant is who the proven phone says: the ticket no longer warns staff they are not.
          tags: current.tags.filter((tag) => tag !== UNVERIFIED_SENDER_TAG),
          updatedAt: now.toISOString(),
        }
      : current;
  });
  if (!moved) return;
  await deps.store.addEvents([
    {
      id: deps.ids.next(now),
      ticketId: ticket.id,
      type: 'case_step',
      at: now.toISOString(),
      actorId: ticket.contactId,
      data: { action: 'confirm_phone', from: 'phone_unconfirmed', to: 'intake', proof },
    },
  ]);
  await proveApplicantPhone(deps, ticket);
  await pointPhoneHolderAtCase(deps, ticket);
}

/**
 * The phone is proven (its code, or a message from it): the applicant's contact holds it so, and its messages join
 * the case.
 */
async function proveApplicantPhone(deps: PhoneHolderDeps, ticket: Ticket): Promise<void> {
  const phone = ticket.supportCase?.application?.phone;
  const contact = await deps.store.getContact(ticket.contactId);
  if (!phone || !contact) return;
  const typed = contact.identities.find(
    (identity) => identity.kind === 'phone' && identity.value === phone && !isVerified(identity),
  );
  if (!typed) return;
  await deps.store.putContact({
    ...contact,
    identities: contact.identities.map((identity) =>
      identity === typed ? { ...identity, assurance: 'verified' } : identity,
    ),
    updatedAt: deps.clock.now().toISOString(),
  });
}

/**
 * Someone already known by the case's phone (they wrote from it before applying) stays a contact of their own; their
 * next message from the phone joins this case rather than opening an inquiry. Only once the phone is proven, by its
 * code or by staff who saw it: a phone merely typed into the form moves nobody's messages.
 */
export async function pointPhoneHolderAtCase(deps: PhoneHolderDeps, ticket: Ticket): Promise<void> {
  const phone = ticket.supportCase?.application?.phone;
  if (!phone) return;
  const holderId = await deps.inbox.contactIdOf({ kind: 'phone', value: phone, assurance: 'verified' });
  if (!holderId || holderId === ticket.contactId) return;
  const holder = await deps.store.getContact(holderId);
  if (!holder || holder.openCaseTicketId === ticket.id) return;
  // A case of their own still running keeps them.
  const ownCase = holder.openCaseTicketId ? await deps.store.getTicket(holder.openCaseTicketId) : undefined;
  if (ownCase && ownCase.contactId === holder.id && isActive(ownCase.status)) return;
  await deps.store.putContact({
    ...holder,
    openCaseTicketId: ticket.id,
    updatedAt: deps.clock.now().toISOString(),
  });
}
