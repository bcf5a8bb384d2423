import type { Channel } from '../domain/channel.ts';
import type { Contact } from '../domain/contact.ts';
import type { Message } from '../domain/message.ts';
import { type ReplyAddress, replyAddress } from '../domain/reply-address.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { Clock } from '../ports/clock.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { OutboundMessage, OutboundSenders } from '../ports/outbound.ts';
import type { TicketEventRecord } from '../ports/ticket-store.ts';
import { deliver } from './deliver-outbound.ts';

export interface NotifyDeps {
  store: {
    getContact(contactId: string): Promise<Contact | undefined>;
    addMessage(ticket: Ticket, message: Message, events: TicketEventRecord[]): Promise<unknown>;
  };
  senders: OutboundSenders;
  clock: Clock;
  ids: IdGenerator;
}

/**
 * Sends an automatic text to the ticket's beneficiary on their own channel (or on the channel or exact address
 * asked for, e.g. SMS to the phone an applicant gave on the form) and records it on the ticket with its delivery
 * status. Returns the recorded message, or undefined when the beneficiary cannot be reached there.
 */
export async function notifyBeneficiary(
  deps: NotifyDeps,
  ticket: Ticket,
  text: string,
  where: {
    channel?: Channel;
    address?: ReplyAddress;
    /** Email subject; an update on the request by default. */
    subject?: string;
    /** An approved WhatsApp template, for when the 24-hour window has closed. */
    template?: OutboundMessage['template'];
    /** Events recorded with the message, knowing how its delivery went. */
    events?: (sent: Message) => TicketEventRecord[];
  } = {},
): Promise<Message | undefined> {
  const contact = where.address ? undefined : await deps.store.getContact(ticket.contactId);
  const address = where.address ?? (contact && replyAddress(contact, ticket.channel, where.channel));
  const sender = address && deps.senders[address.channel];
  if (!address || !sender) return undefined;
  const at = deps.clock.now();
  const message: Message = {
    id: deps.ids.next(at),
    ticketId: ticket.id,
    direction: 'outbound',
    channel: address.channel,
    authorId: 'system',
    authorName: 'سند',
    text,
    subject:
      address.channel === 'email' ? (where.subject ?? `تحديث طلبكم [#${ticket.reference}]`) : undefined,
    attachments: [],
    createdAt: at.toISOString(),
    deliveryStatus: 'pending',
  };
  const delivered = await deliver(sender, message, {
    channel: address.channel,
    to: address.to,
    subject: message.subject,
    text,
    attachments: [],
    ticketReference: ticket.reference,
    automatic: true,
    template: where.template,
  });
  await deps.store.addMessage(ticket, delivered, where.events?.(delivered) ?? []);
  return delivered;
}
