import { CHANNELS, type Channel, channelTraits } from './channel.ts';
import type { Contact } from './contact.ts';
import type { IdentityKind } from './identity.ts';

/** Which identity is a sender's address on a channel (how a reply on that channel finds them). */
export function addressKindOf(channel: Channel): IdentityKind | undefined {
  return channelTraits(channel).replyTo;
}

/**
 * The contact's address on a channel: the identity the channel answers to, else their id on that platform (a
 * platform's ids are of the kind named after it). A WhatsApp user who hides their phone behind a username is known
 * only by their business-scoped user id, and the Cloud API sends to it.
 */
function addressOn(contact: Contact, channel: Channel): string | undefined {
  for (const kind of [addressKindOf(channel), channel]) {
    const identity = contact.identities.find((candidate) => candidate.kind === kind);
    if (identity) return identity.value;
  }
  return undefined;
}

export interface ReplyAddress {
  channel: Channel;
  to: string;
}

/**
 * Where a reply goes: the requested channel, else the ticket's own. A web-form or staff-logged ticket has no
 * channel to answer on, so it is answered by email when the contact has one, else by SMS.
 */
export function replyAddress(
  contact: Contact,
  ticketChannel: Channel,
  requested?: Channel,
): ReplyAddress | undefined {
  const candidates: Channel[] = requested ? [requested] : [ticketChannel, 'email', 'sms'];
  for (const channel of candidates) {
    const to = addressOn(contact, channel);
    if (to) return { channel, to };
  }
  return undefined;
}

/** The channels a contact can be answered on, for the reply box's choice. */
export function replyChannels(contact: Contact): Channel[] {
  return CHANNELS.filter((channel) => addressOn(contact, channel) !== undefined);
}
