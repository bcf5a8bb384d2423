import { canBeStopped, channelTraits, stopHolds } from '../domain/channel.ts';
import type { Contact } from '../domain/contact.ts';
import { isVerified } from '../domain/identity.ts';
import type { Message } from '../domain/message.ts';
import { addressKindOf, type ReplyAddress, replyAddress } from '../domain/reply-address.ts';
import type { Ticket } from '../domain/ticket.ts';
import { changeOf } from '../domain/ticket-change.ts';
import type { Clock } from '../ports/clock.ts';
import type { TicketEventPublisher } from '../ports/events.ts';
import type { IdGenerator } from '../ports/ids.ts';
import { isOptedOut, type OptOutStore } from '../ports/opt-outs.ts';
import type { OutboundSenders } from '../ports/outbound.ts';
import type { AutomaticMessage, OutboxAlerts, OutboxStore, TextBudget } from '../ports/outbox.ts';
import type { SurveyStore } from '../ports/survey-store.ts';
import type { ReplyStore, TicketEventRecord } from '../ports/ticket-store.ts';
import { riyadhDay } from '../reports/reported-ticket.ts';
import { deliverWithRetries } from './deliver-outbound.ts';
import { OUTBOX_LEASE_MS, resumeRecordedReply } from './send-recorded-reply.ts';
import { ticketEvent } from './ticket-events.ts';

export interface AutomaticDeps {
  /** With the staff replies the outbox also holds (the drain sends those a crash left). */
  store: ReplyStore & {
    getTicket(ticketId: string): Promise<Ticket | undefined>;
    getContact(contactId: string): Promise<Contact | undefined>;
    addMessage(ticket: Ticket, message: Message, events: TicketEventRecord[]): Promise<unknown>;
    addEvents(events: TicketEventRecord[]): Promise<void>;
  };
  outbox: OutboxStore;
  optOuts: OptOutStore;
  textBudget: TextBudget;
  outboxAlerts: OutboxAlerts;
  /** Automatic SMS/WhatsApp texts a day, society-wide, to numbers nobody has confirmed (a setting). */
  unconfirmedTextsPerDay: number;
  surveys: Pick<SurveyStore, 'putSurvey'>;
  senders: OutboundSenders;
  clock: Clock;
  ids: IdGenerator;
  events: TicketEventPublisher;
}

export { OUTBOX_LEASE_MS };

export type SkipReason =
  | 'opted_out'
  | 'blocked'
  | 'daily_budget'
  | 'number_limit'
  | 'no_channel'
  | 'no_ticket';

/** Records the intent (once per id), then delivers it. The intent outlives a crash; the drain finishes it. */
export async function sendAutomatic(
  deps: AutomaticDeps,
  message: AutomaticMessage,
): Promise<Message | undefined> {
  await deps.outbox.record(message);
  return deliverAutomatic(deps, message.id);
}

/**
 * One attempt at a recorded message: skipped (and said so on the ticket) when the number opted out, the daily
 * budget for unconfirmed numbers is spent, or there is no channel; otherwise sent with retries, recorded on the
 * ticket, and only then marked done. A crash before the mark sends it again on the next attempt (at most one
 * duplicate per crash), and that second send is recorded as such.
 */
export async function deliverAutomatic(
  deps: AutomaticDeps,
  id: string,
  takeOverLease = false,
): Promise<Message | undefined> {
  const now = deps.clock.now();
  const leaseUntil = new Date(now.getTime() + OUTBOX_LEASE_MS);
  const claimed = await deps.outbox.claimAttempt(id, now, leaseUntil, takeOverLease);
  if (!claimed) return undefined;
  const { message: intent, attempt, maybeSentBefore } = claimed;
  // A staff reply, already on its ticket: sent as recorded, its failure kept (not skipped, not retried blindly).
  if (intent.kind === 'reply') {
    const sent = await resumeRecordedReply(deps, intent, maybeSentBefore);
    if (!sent) await deps.outbox.finish(id, 'skipped', now.toISOString(), 'no_message');
    return sent;
  }
  const at = now.toISOString();
  const ticket = await deps.store.getTicket(intent.ticketId);
  if (!ticket) {
    await deps.outbox.finish(id, 'skipped', at, 'no_ticket');
    return undefined;
  }
  const contact = await deps.store.getContact(ticket.contactId);
  const address = intent.address ?? (contact && replyAddress(contact, ticket.channel, intent.channel));
  const sender = address && deps.senders[address.channel];
  if (!address || !sender) return skip(deps, ticket, intent, 'no_channel', address);
  const refused = await textRefusal(deps, contact, address, {
    daily: true,
    hourly: intent.kind === 'acknowledgement',
    societyInitiated: intent.kind === 'announcement' || intent.template !== undefined,
  });
  if (refused) return skip(deps, ticket, intent, refused, address);
  // The link must work when it arrives: the survey is stored before it is sent (idempotent put).
  if (intent.survey) await deps.surveys.putSurvey(intent.survey.survey, intent.survey.acceptsReplies);

  const subject = channelTraits(address.channel).subject
    ? (intent.subject ?? `تحديث طلبكم [#${ticket.reference}]`)
    : undefined;
  const pending: Message = {
    id: deps.ids.next(now),
    ticketId: ticket.id,
    direction: 'outbound',
    channel: address.channel,
    authorId: 'system',
    authorName: 'سند',
    text: intent.text,
    subject,
    attachments: [],
    createdAt: at,
    deliveryStatus: 'pending',
  };
  await deps.outbox.markSending(id, at);
  const delivered = await deliverWithRetries(sender, pending, {
    channel: address.channel,
    to: address.to,
    subject,
    text: intent.text,
    attachments: [],
    ticketReference: ticket.reference,
    automatic: true,
    template: intent.template,
    correlationId: intent.correlationId,
    inReplyTo: intent.inReplyTo,
    references: intent.references,
  });
  const events: TicketEventRecord[] = [];
  if (intent.event) {
    const data = { ...intent.event.data, deliveryStatus: delivered.deliveryStatus ?? null };
    events.push(ticketEvent(deps.ids, ticket.id, intent.event.type, at, data));
  }
  if (maybeSentBefore) {
    // An earlier attempt reached the provider and died before marking it: this may be a second copy, and the
    // ticket says so.
    const data = { kind: intent.kind, channel: address.channel, attempt };
    events.push(ticketEvent(deps.ids, ticket.id, 'automatic_message_resent', at, data));
  }
  await deps.store.addMessage(ticket, delivered, events);
  await deps.outbox.finish(
    id,
    delivered.deliveryStatus === 'failed' ? 'failed' : 'sent',
    at,
    delivered.failureReason,
    delivered.id,
  );
  await deps.events.publish(changeOf('message', ticket, at, { messageIds: [delivered.id] }));
  return delivered;
}

export type TextPolicyDeps = Pick<
  AutomaticDeps,
  'optOuts' | 'textBudget' | 'outboxAlerts' | 'unconfirmedTextsPerDay' | 'clock'
>;

/**
 * Which limits an automatic text to an unconfirmed number counts against: the society's day (`daily`), and the
 * number's hour (`hourly`) for the texts anyone can cause by typing the number into a form (a form's
 * acknowledgement, the one-time codes); texts staff's own steps cause are counted by the day only.
 */
export interface TextBounds {
  daily: boolean;
  hourly: boolean;
  /**
   * The number's hour counts even when it is confirmed: a one-time code can be asked for by anyone holding its
   * status link or the reference and phone, from any number of addresses.
   */
  confirmedToo?: boolean;
  /** An announcement or a template (not an answer inside the beneficiary's window): see `stopHolds`. */
  societyInitiated?: boolean;
}

/**
 * Why an automatic message may not go to this address now, if it may not: the number texted STOP (or the bot was
 * blocked), or it is a
 * number nobody confirmed and the hour's or the day's texts its `bounds` name are spent (spending one when it may go).
 */
export async function textRefusal(
  deps: TextPolicyDeps,
  contact: Contact | undefined,
  address: ReplyAddress,
  bounds: TextBounds,
): Promise<SkipReason | undefined> {
  if (
    canBeStopped(address.channel) &&
    stopHolds(address.channel, { societyInitiated: bounds.societyInitiated === true }) &&
    (await isOptedOut(deps.optOuts, address.channel, address.to))
  )
    return channelTraits(address.channel).stoppedBy === 'block' ? 'blocked' : 'opted_out';
  if (!channelTraits(address.channel).metered) return undefined;
  const confirmed = isConfirmed(contact, address);
  const now = deps.clock.now();
  if (bounds.hourly && (!confirmed || bounds.confirmedToo))
    if (!(await deps.textBudget.spendOnNumber(address.to, now))) return 'number_limit';
  if (confirmed || !bounds.daily) return undefined;
  const day = riyadhDay(now);
  const spent = await deps.textBudget.spend(day, deps.unconfirmedTextsPerDay);
  if (spent.justExhausted) deps.outboxAlerts.budgetExhausted(day, deps.unconfirmedTextsPerDay);
  return spent.allowed ? undefined : 'daily_budget';
}

export interface DrainResult {
  attempted: number;
  failed: number;
}

/**
 * Delivers what a crash left pending (the runtime runs it at start and every minute); a message another sender
 * holds is left to it, unless `takeOverLeases` says every holder is dead (the local runtime at start, before it
 * serves anything). One failing message never stops the others.
 */
export async function drainOutbox(
  deps: AutomaticDeps,
  options: { limit?: number; takeOverLeases?: boolean } = {},
): Promise<DrainResult> {
  const ids = await deps.outbox.pending(options.limit ?? 50);
  const result: DrainResult = { attempted: ids.length, failed: 0 };
  for (const id of ids) {
    try {
      await deliverAutomatic(deps, id, options.takeOverLeases);
    } catch {
      result.failed += 1;
    }
  }
  return result;
}

async function skip(
  deps: AutomaticDeps,
  ticket: Ticket,
  intent: AutomaticMessage,
  reason: SkipReason,
  address: ReplyAddress | undefined,
): Promise<undefined> {
  const at = deps.clock.now().toISOString();
  const data = { kind: intent.kind, channel: address?.channel ?? null, reason };
  await deps.store.addEvents([ticketEvent(deps.ids, ticket.id, 'automatic_message_skipped', at, data)]);
  await deps.outbox.finish(intent.id, 'skipped', at, reason);
  return undefined;
}

/** A number is confirmed when the contact holds it as a verified identity (a provider or a code vouched for it). */
function isConfirmed(contact: Contact | undefined, address: ReplyAddress): boolean {
  const kind = addressKindOf(address.channel);
  return Boolean(
    contact?.identities.some(
      (identity) => identity.kind === kind && identity.value === address.to && isVerified(identity),
    ),
  );
}
