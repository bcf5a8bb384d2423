import { brotliDecompressSync } from 'node:zlib';
import type { Channel } from '../../../shared/domain/channel.ts';
import type { Contact } from '../../../shared/domain/contact.ts';
import { type Identity, identityKey } from '../../../shared/domain/identity.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { Ticket } from '../../../shared/domain/ticket.ts';
import { slaBadgeOf } from '../../../shared/domain/ticket-row.ts';
import type {
  DeliveryGuard,
  DeliveryIntent,
  InboundGuard,
  TicketEventRecord,
} from '../../../shared/ports/ticket-store.ts';
import { keys, ticketIndexKeys } from './keys.ts';
import { type Item, strip } from './table-access.ts';

/*
 * The ticket store's entities as items, written and read back: tickets, their events and messages, contacts and
 * identities, and deliveries' guards.
 */

/**
 * A ticket as stored: its fields, its index keys, its list row's SLA badge and its version (also used to seed
 * benchmarks).
 */
export function ticketItem(ticket: Ticket, version: number): Item {
  const slaBadge = slaBadgeOf(ticket.sla);
  return {
    ...keys.ticket(ticket.id),
    entity: 'ticket',
    ...ticketIndexKeys(ticket),
    ...ticket,
    ...(slaBadge && { slaBadge }),
    version,
  };
}

/**
 * The events one change records, as items: a ticket's in one item (a new ticket's created, routed and assigned
 * cost one write, not three), keyed by the first one's id so a thread still reads them in the order they happened.
 */
export function eventItems(events: TicketEventRecord[]): Item[] {
  const byTicket = new Map<string, TicketEventRecord[]>();
  for (const event of events) byTicket.set(event.ticketId, [...(byTicket.get(event.ticketId) ?? []), event]);
  return [...byTicket.values()].map((group) => {
    const [first, ...rest] = group.sort((a, b) => a.id.localeCompare(b.id)) as [TicketEventRecord];
    const key = keys.event(first.ticketId, first.id);
    return rest.length === 0
      ? { ...key, entity: 'event', ...first }
      : { ...key, entity: 'events', events: group };
  });
}

/** The events an event item holds (one, or the several one change recorded). */
export function eventsIn(item: Item): TicketEventRecord[] {
  if (item.entity === 'events') return item.events as TicketEventRecord[];
  return [strip<TicketEventRecord>(item) as TicketEventRecord];
}

export function contactItem(contact: Contact): Item {
  return { ...keys.contact(contact.id), entity: 'contact', ...contact };
}

export function identityItems(identities: Identity[], contactId: string): Item[] {
  return identities.map((identity) => ({
    ...keys.identity(identity),
    entity: 'identity',
    identityKey: identityKey(identity),
    assurance: identity.assurance ?? 'claimed',
    contactId,
  }));
}

/** A Put of a transaction on this table, with its condition. */
export const transactionPut =
  (TableName: string) => (Item: Item, ConditionExpression?: string, values?: Record<string, unknown>) => ({
    Put: {
      TableName,
      Item,
      ...(ConditionExpression && { ConditionExpression }),
      ...(values && { ExpressionAttributeValues: values }),
    },
  });

/** A delivery's guard as its ticket's transaction writes it: its outcome, applied, with no intent to keep. */
export function guardItem(guard: DeliveryGuard): Item {
  return {
    ...keys.inboundGuard(guard.channel, guard.providerMessageId),
    entity: 'guard',
    ...guard,
    applied: true,
  };
}

export function toGuard(item: Item): InboundGuard {
  const intent =
    item.packedIntent instanceof Uint8Array
      ? unpackIntent(item.packedIntent)
      : (item.intent as InboundGuard['intent']);
  return {
    channel: item.channel as Channel,
    providerMessageId: String(item.providerMessageId),
    outcome: item.outcome as InboundGuard['outcome'],
    opened: item.opened === true || intent?.kind === 'new_ticket',
    ...(typeof item.fingerprint === 'string' && { fingerprint: item.fingerprint }),
    intent,
    applied: item.applied === true,
  };
}

/**
 * An intent as an earlier version kept it on its guard until applied: JSON, Brotli-compressed (`intent`, unpacked,
 * from before that).
 */
function unpackIntent(packed: Uint8Array): DeliveryIntent {
  return JSON.parse(brotliDecompressSync(packed).toString('utf8')) as DeliveryIntent;
}

export function messageItem(message: Message): Item {
  return { ...keys.message(message.ticketId, message.id), entity: 'message', ...message };
}

/** Where a provider's delivery reports on a message we sent find it. */
export function outboundPointer(message: Message): Item[] {
  return message.direction === 'outbound' && message.providerMessageId
    ? [
        {
          ...keys.outboundMessage(message.channel, message.providerMessageId),
          entity: 'outbound',
          ticketId: message.ticketId,
          messageId: message.id,
        },
      ]
    : [];
}
