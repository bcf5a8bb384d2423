import type { Channel } from '../domain/channel.ts';
import type { Message } from '../domain/message.ts';
import type { ReplyAddress } from '../domain/reply-address.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { OutboundMessage } from '../ports/outbound.ts';
import type { AutomaticKind } from '../ports/outbox.ts';
import { type AutomaticDeps, sendAutomatic } from './automatic-messages.ts';

export type NotifyDeps = AutomaticDeps;

/**
 * Sends an automatic text to the ticket's beneficiary on their own channel (or on the channel or exact address
 * asked for, e.g. SMS to the phone an applicant gave on the form), through the outbox: the intent is recorded
 * first under `key` (one per cause, so a repeat records nothing new), then delivered, honouring opt-outs and the
 * budget for unconfirmed numbers. Returns the recorded message, or undefined when it was skipped or is already
 * being sent by another attempt.
 */
export async function notifyBeneficiary(
  deps: NotifyDeps,
  ticket: Ticket,
  text: string,
  where: {
    /** What causes it, unique on the ticket: `ack`, `survey`, `case#<event id>`. */
    key: string;
    kind: AutomaticKind;
    channel?: Channel;
    address?: ReplyAddress;
    /** Email subject; an update on the request by default. */
    subject?: string;
    /** An approved WhatsApp template, for when the 24-hour window has closed. */
    template?: OutboundMessage['template'];
    /** An event recorded with the message, its delivery status added. */
    event?: { type: string; data: Record<string, unknown> };
  },
): Promise<Message | undefined> {
  return sendAutomatic(deps, {
    id: `${ticket.id}#${where.key}`,
    ticketId: ticket.id,
    kind: where.kind,
    ...(where.address && { address: where.address }),
    ...(where.channel && { channel: where.channel }),
    text,
    ...(where.subject && { subject: where.subject }),
    ...(where.template && { template: where.template }),
    ...(where.event && { event: where.event }),
    createdAt: deps.clock.now().toISOString(),
  });
}
