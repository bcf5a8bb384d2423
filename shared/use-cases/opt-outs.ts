import type { StoppableChannel } from '../domain/channel.ts';
import type { Contact } from '../domain/contact.ts';
import { type Identity, identityKey } from '../domain/identity.ts';
import type { InboundContact } from '../domain/inbound-contact.ts';
import type { OptOut } from '../domain/inbound-item.ts';
import type { OptOutCommand } from '../domain/sms-opt-out.ts';
import { isActive, type Ticket } from '../domain/ticket.ts';
import { changeOf } from '../domain/ticket-change.ts';
import type { Clock } from '../ports/clock.ts';
import type { TicketEventPublisher } from '../ports/events.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { OptOutStore } from '../ports/opt-outs.ts';
import type { InboundLookup, TicketEventRecord } from '../ports/ticket-store.ts';

export interface OptOutDeps {
  store: {
    lookupInbound(
      channel: StoppableChannel,
      providerMessageId: string,
      identities: Identity[],
    ): Promise<InboundLookup>;
    getContact(contactId: string): Promise<Contact | undefined>;
    putContact(contact: Contact): Promise<void>;
    listContactTickets(contactId: string): Promise<Ticket[]>;
    addEvents(events: TicketEventRecord[]): Promise<void>;
  };
  optOuts: OptOutStore;
  clock: Clock;
  ids: IdGenerator;
  events: TicketEventPublisher;
}

export interface OptOutResult {
  outcome: 'opted_out' | 'opted_in';
  /** The open ticket it was noted on, if the address's contact has one. */
  ticketId?: string;
}

/** How each channel's stop shows: the ticket's events, and the contact's list staff read before replying. */
const SHOWN = {
  sms: { events: ['sms_opted_out', 'sms_opted_in'], list: 'smsOptedOut', key: 'phone' },
  telegram: { events: ['telegram_blocked', 'telegram_unblocked'], list: 'telegramBlocked', key: 'chat' },
  whatsapp: { events: ['whatsapp_opted_out', 'whatsapp_opted_in'], list: 'whatsappOptedOut', key: 'phone' },
} as const satisfies Record<StoppableChannel, { events: [string, string]; list: keyof Contact; key: string }>;

/**
 * Recorded per address, so it holds before any contact exists and every sender can check it; shown on the
 * address's contact; noted on their open ticket. It opens no ticket. A redelivered older one never overrides a
 * newer one.
 */
export async function recordOptOut(deps: OptOutDeps, optOut: OptOut): Promise<OptOutResult> {
  const { channel, identity, at } = optOut;
  const outcome = optOut.optedOut ? 'opted_out' : 'opted_in';
  const word = optOut.word.slice(0, 64);
  const fresh = await deps.optOuts.put({
    channel,
    address: identity.value,
    optedOut: optOut.optedOut,
    at,
    word,
  });
  // A redelivery still finishes the contact (a crash may have stopped the first); a newer one wins outright.
  if (!fresh && (await deps.optOuts.get(channel, identity.value))?.at !== at) return { outcome };

  const lookup = await deps.store.lookupInbound(channel, optOut.providerMessageId, [identity]);
  const contactId = lookup.contactIdsByIdentity.get(identityKey(identity));
  const contact = contactId ? await deps.store.getContact(contactId) : undefined;
  if (!contact) return { outcome };
  const shown = SHOWN[channel];
  const listed: Record<string, string>[] = contact[shown.list] ?? [];
  const others = listed.filter((entry) => entry[shown.key] !== identity.value);
  const list = optOut.optedOut ? [...others, { [shown.key]: identity.value, at }] : others;
  const now = deps.clock.now().toISOString();
  await deps.store.putContact({
    ...contact,
    [shown.list]: list.length > 0 ? list : undefined,
    updatedAt: now,
  });

  const open = (await deps.store.listContactTickets(contact.id)).find((ticket) => isActive(ticket.status));
  if (!open || !fresh) return { outcome, ticketId: open?.id };
  await deps.store.addEvents([
    {
      id: deps.ids.next(),
      ticketId: open.id,
      type: shown.events[optOut.optedOut ? 0 : 1],
      at: now,
      data: { [shown.key]: identity.value, word },
    },
  ]);
  await deps.events.publish(changeOf('updated', open, now));
  return { outcome, ticketId: open.id };
}

/** An SMS that is only STOP / إيقاف (or START / اشتراك). */
export async function recordSmsOptOutWord(
  deps: OptOutDeps,
  inbound: InboundContact,
  command: OptOutCommand,
): Promise<OptOutResult> {
  const phone = inbound.identities.find((identity) => identity.kind === 'phone');
  if (!phone) return { outcome: command === 'opt_out' ? 'opted_out' : 'opted_in' };
  return recordOptOut(deps, {
    channel: 'sms',
    identity: phone,
    optedOut: command === 'opt_out',
    at: inbound.receivedAt,
    word: inbound.text,
    providerMessageId: inbound.providerMessageId,
  });
}
