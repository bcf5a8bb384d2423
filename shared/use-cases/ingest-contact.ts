import type { Contact } from '../domain/contact.ts';
import { type Identity, identityKey } from '../domain/identity.ts';
import type { InboundContact } from '../domain/inbound-contact.ts';
import type { Message } from '../domain/message.ts';
import { formatReference } from '../domain/reference.ts';
import type { TicketRouter } from '../domain/routing.ts';
import { previewOf, type Ticket } from '../domain/ticket.ts';
import type { Clock } from '../ports/clock.ts';
import type { TicketEventPublisher } from '../ports/events.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { InboundGuard, IngestStore, TicketEventRecord } from '../ports/ticket-store.ts';
import { type AssignmentSource, pickAssignee } from '../routing/assignment.ts';
import { slaAfterBeneficiaryMessage, startSla } from '../sla/clocks.ts';
import { choosePolicy } from '../sla/policy.ts';
import { type SlaSettingsSource, timekeeperFor } from '../sla/settings.ts';

export interface IngestDeps {
  store: IngestStore;
  clock: Clock;
  ids: IdGenerator;
  events: TicketEventPublisher;
  router: TicketRouter;
  /** Derives a contact id from an identity, so two concurrent first contacts converge on one contact. */
  contactIdFor: (identity: Identity) => string;
  /** SLA policies and calendar; without them no response clocks run. */
  sla?: SlaSettingsSource;
  /** Staff and their loads, for giving a new ticket to the least-loaded member of its queue. */
  assignment?: AssignmentSource;
}

export type IngestOutcome = 'created' | 'appended' | 'duplicate' | 'in_progress';

export interface IngestResult {
  outcome: IngestOutcome;
  ticketId: string;
  messageId: string;
  reference?: string;
  contactId?: string;
}

/** How long a claim protects an ingest in flight before a redelivery may take it over (a Lambda's timeout). */
export const INBOUND_CLAIM_LEASE_MS = 60_000;

interface Plan {
  contact: Contact;
  isNewContact: boolean;
  newIdentities: Identity[];
  /** The active ticket this message joins; absent when it opens a new ticket. */
  existing?: Ticket;
}

/**
 * The one intake every channel calls: dedupe → resolve contact → thread → create or append → route → publish.
 * Safe under redelivery: a delivery is claimed before anything is written, and a claim whose ingest died is
 * resumed with the same ids, so a provider's retries never make a second message.
 */
export async function ingestContact(deps: IngestDeps, inbound: InboundContact): Promise<IngestResult> {
  const { store } = deps;
  const lookup = await store.lookupInbound(inbound.channel, inbound.providerMessageId, inbound.identities);
  if (lookup.guard && (await store.messageExists(lookup.guard.ticketId, lookup.guard.messageId))) {
    return duplicateOf(deps, lookup.guard);
  }

  const plan = await planContact(deps, inbound, lookup.contactIdsByIdentity);
  const thread = await findThread(deps, inbound, plan.contact);
  const now = deps.clock.now();
  const proposedTicketId = thread?.id ?? deps.ids.next(now);
  const claim = await store.claimInbound(
    {
      channel: inbound.channel,
      providerMessageId: inbound.providerMessageId,
      ticketId: proposedTicketId,
      messageId: deps.ids.next(now),
      claimedAt: now.toISOString(),
    },
    INBOUND_CLAIM_LEASE_MS,
  );
  if (!claim.claimed) {
    if (await store.messageExists(claim.existing.ticketId, claim.existing.messageId)) {
      return duplicateOf(deps, claim.existing);
    }
    // Another delivery of this message is being written right now; it answers for both.
    return { outcome: 'in_progress', ticketId: claim.existing.ticketId, messageId: claim.existing.messageId };
  }
  // A claim taken over from an ingest that died keeps its ids; its ticket may already have been written.
  const existing =
    claim.guard.ticketId === proposedTicketId ? thread : await store.getTicket(claim.guard.ticketId);
  return writeDelivery(deps, inbound, { ...plan, existing }, claim.guard);
}

async function duplicateOf(deps: IngestDeps, guard: InboundGuard): Promise<IngestResult> {
  const ticket = await deps.store.getTicket(guard.ticketId);
  return {
    outcome: 'duplicate',
    ticketId: guard.ticketId,
    messageId: guard.messageId,
    reference: ticket?.reference,
    contactId: ticket?.contactId,
  };
}

async function planContact(
  deps: IngestDeps,
  inbound: InboundContact,
  known: Map<string, string>,
): Promise<Omit<Plan, 'existing'>> {
  const primary = inbound.identities[0];
  if (!primary) throw new Error('An inbound contact needs at least one identity');
  const knownId = inbound.identities.map((identity) => known.get(identityKey(identity))).find(Boolean);
  const unknown = inbound.identities.filter((identity) => known.get(identityKey(identity)) !== knownId);
  if (knownId) {
    const contact = await deps.store.getContact(knownId);
    if (contact) {
      return {
        contact,
        isNewContact: false,
        newIdentities: unknown.filter((i) => !known.has(identityKey(i))),
      };
    }
  }
  const at = deps.clock.now().toISOString();
  const contact: Contact = {
    id: deps.contactIdFor(primary),
    name: inbound.displayName?.trim() || primary.value,
    identities: inbound.identities,
    nationalId: inbound.nationalId,
    city: inbound.city,
    branch: inbound.branch,
    tags: [],
    createdAt: at,
    updatedAt: at,
  };
  return { contact, isNewContact: true, newIdentities: inbound.identities };
}

async function findThread(
  deps: IngestDeps,
  inbound: InboundContact,
  contact: Contact,
): Promise<Ticket | undefined> {
  if (inbound.supportCase) return undefined;
  // The message answered first, then the thread newest to oldest (References lists oldest first).
  const answered = [
    inbound.threading?.inReplyTo,
    ...(inbound.threading?.references ?? []).toReversed(),
  ].filter((id): id is string => Boolean(id));
  // An email answering one of ours (or one already on a ticket) joins that ticket, whoever sends it.
  if (answered.length > 0) {
    const byHeaders = await deps.store.findTicketByEmailIds(answered);
    if (byHeaders) return byHeaders;
  }
  const reference = inbound.threading?.reference;
  if (reference) {
    const byReference = await deps.store.findTicketByReference(reference);
    // A reference only threads for the ticket's own contact, so a guessed number cannot join someone else's case.
    if (byReference && byReference.contactId === contact.id) return byReference;
  }
  return deps.store.findActiveTicket(contact.id, inbound.channel);
}

async function writeDelivery(
  deps: IngestDeps,
  inbound: InboundContact,
  plan: Plan,
  guard: InboundGuard,
): Promise<IngestResult> {
  const at = deps.clock.now().toISOString();
  const message: Message = {
    id: guard.messageId,
    ticketId: guard.ticketId,
    direction: 'inbound',
    channel: inbound.channel,
    authorId: plan.contact.id,
    authorName: plan.contact.name,
    text: inbound.text,
    html: inbound.html,
    subject: inbound.subject,
    attachments: inbound.attachments,
    createdAt: inbound.receivedAt,
    providerMessageId: inbound.providerMessageId,
  };
  const event = (type: string, data: Record<string, unknown>): TicketEventRecord => ({
    id: deps.ids.next(),
    ticketId: guard.ticketId,
    type,
    at,
    data,
  });

  if (plan.existing) {
    const previous = plan.existing;
    const change = await followUpChange(deps, inbound, at);
    const ticket = change(previous);
    const events =
      previous.status === ticket.status
        ? []
        : [event('status_changed', { from: previous.status, to: ticket.status })];
    await deps.store.appendFollowUp({
      ticketId: ticket.id,
      message,
      change,
      senderContact: plan.isNewContact ? plan.contact : undefined,
      newIdentities: plan.newIdentities,
      events,
    });
    await deps.events.publish({
      kind: 'message',
      ticketId: ticket.id,
      reference: ticket.reference,
      queueId: ticket.queueId,
      at,
    });
    return {
      outcome: 'appended',
      ticketId: ticket.id,
      messageId: message.id,
      reference: ticket.reference,
      contactId: plan.contact.id,
    };
  }

  const decision = await deps.router.route({ inbound, contact: plan.contact });
  const year = Number(at.slice(0, 4));
  const reference = formatReference(year, await deps.store.nextReferenceNumber(year));
  const ticket: Ticket = {
    id: guard.ticketId,
    reference,
    type: decision.type,
    status: 'new',
    priority: decision.priority,
    queueId: decision.queueId,
    contactId: plan.contact.id,
    contactName: plan.contact.name,
    channel: inbound.channel,
    subject: inbound.subject?.trim() || previewOf(inbound.text).slice(0, 80),
    preview: previewOf(inbound.text),
    tags: decision.tags,
    messageCount: 1,
    createdAt: at,
    updatedAt: at,
    lastActivityAt: at,
    lastInboundAt: inbound.receivedAt,
    ...(inbound.branch && { branch: inbound.branch }),
    ...(inbound.supportCase && { supportCase: inbound.supportCase }),
  };
  if (deps.sla) {
    const settings = await deps.sla.load();
    const policy = choosePolicy(settings.policies, ticket, decision.slaPolicyId);
    if (policy) ticket.sla = startSla(policy, timekeeperFor(policy, settings.calendar), new Date(at));
  }
  const assignee = deps.assignment ? await pickAssignee(deps.assignment, ticket.queueId) : undefined;
  if (assignee) ticket.assigneeId = assignee.id;
  await deps.store.createTicket({
    ticket,
    message,
    contact: plan.isNewContact ? plan.contact : undefined,
    newIdentities: plan.newIdentities,
    events: [
      event('created', { channel: inbound.channel }),
      event('routed', {
        queueId: decision.queueId,
        priority: decision.priority,
        ruleId: decision.ruleId ?? null,
        slaPolicyId: ticket.sla?.policyId ?? null,
      }),
      ...(assignee ? [event('assigned', { from: null, to: assignee.id, automatic: true })] : []),
    ],
  });
  await deps.events.publish({ kind: 'created', ticketId: ticket.id, reference, queueId: ticket.queueId, at });
  return {
    outcome: 'created',
    ticketId: ticket.id,
    messageId: message.id,
    reference,
    contactId: plan.contact.id,
  };
}

/**
 * What a beneficiary's new message does to their ticket, applied to the ticket as it is when written: it becomes
 * open again (a new one stays new), and the next-response clock starts — clocks paused while waiting on them
 * resume.
 */
async function followUpChange(
  deps: IngestDeps,
  inbound: InboundContact,
  at: string,
): Promise<(current: Ticket) => Ticket> {
  const settings = deps.sla ? await deps.sla.load() : undefined;
  const now = new Date(at);
  return (current) => {
    const policy = settings?.policies.find((candidate) => candidate.id === current.sla?.policyId);
    return {
      ...current,
      status: current.status === 'new' ? 'new' : 'open',
      preview: previewOf(inbound.text),
      messageCount: current.messageCount + 1,
      updatedAt: at,
      lastActivityAt: at,
      lastInboundAt: inbound.receivedAt,
      sla:
        current.sla && settings && policy
          ? slaAfterBeneficiaryMessage(current.sla, policy, timekeeperFor(policy, settings.calendar), now)
          : current.sla,
    };
  };
}
