import type { Contact } from '../domain/contact.ts';
import { type Identity, identityKey } from '../domain/identity.ts';
import type { InboundContact } from '../domain/inbound-contact.ts';
import type { OptOutCommand } from '../domain/sms-opt-out.ts';
import { isActive, type Ticket } from '../domain/ticket.ts';
import type { Clock } from '../ports/clock.ts';
import { changeOf, type TicketEventPublisher } from '../ports/events.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { OptOutStore } from '../ports/opt-outs.ts';
import type { InboundLookup, TicketEventRecord } from '../ports/ticket-store.ts';

export interface SmsOptOutDeps {
  store: {
    lookupInbound(channel: 'sms', providerMessageId: string, identities: Identity[]): Promise<InboundLookup>;
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

export interface SmsOptOutResult {
  outcome: 'opted_out' | 'opted_in';
  /** The open ticket it was noted on, if the number's contact has one. */
  ticketId?: string;
}

/**
 * An SMS that is only STOP / إيقاف (or START / اشتراك): recorded per phone, so it holds before any contact exists
 * and every sender can check it; shown on the phone's contact; noted on their open ticket. It opens no ticket.
 * A redelivered older word never overrides a newer one.
 */
export async function recordSmsOptOutWord(
  deps: SmsOptOutDeps,
  inbound: InboundContact,
  command: OptOutCommand,
): Promise<SmsOptOutResult> {
  const outcome = command === 'opt_out' ? 'opted_out' : 'opted_in';
  const phone = inbound.identities.find((identity) => identity.kind === 'phone');
  if (!phone) return { outcome };
  const fresh = await deps.optOuts.put({
    channel: 'sms',
    address: phone.value,
    optedOut: command === 'opt_out',
    at: inbound.receivedAt,
    word: inbound.text.slice(0, 64),
  });
  // A redelivery still finishes the contact (a crash may have stopped the first); a newer word wins outright.
  if (!fresh && (await deps.optOuts.get('sms', phone.value))?.at !== inbound.receivedAt) return { outcome };

  const lookup = await deps.store.lookupInbound('sms', inbound.providerMessageId, [phone]);
  const contactId = lookup.contactIdsByIdentity.get(identityKey(phone));
  const contact = contactId ? await deps.store.getContact(contactId) : undefined;
  if (!contact) return { outcome };
  const others = (contact.smsOptedOut ?? []).filter((entry) => entry.phone !== phone.value);
  const smsOptedOut =
    command === 'opt_out' ? [...others, { phone: phone.value, at: inbound.receivedAt }] : others;
  const at = deps.clock.now().toISOString();
  await deps.store.putContact({
    ...contact,
    ...(smsOptedOut.length > 0 ? { smsOptedOut } : { smsOptedOut: undefined }),
    updatedAt: at,
  });

  const open = (await deps.store.listContactTickets(contact.id)).find((ticket) => isActive(ticket.status));
  if (!open || !fresh) return { outcome, ticketId: open?.id };
  await deps.store.addEvents([
    {
      id: deps.ids.next(),
      ticketId: open.id,
      type: command === 'opt_out' ? 'sms_opted_out' : 'sms_opted_in',
      at,
      data: { phone: phone.value, word: inbound.text.slice(0, 64) },
    },
  ]);
  await deps.events.publish(changeOf('updated', open, at));
  return { outcome, ticketId: open.id };
}
