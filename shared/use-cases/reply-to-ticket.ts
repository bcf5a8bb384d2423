import { canSeeQueue, canWriteInQueue } from '../domain/access-policy.ts';
import {
  type Channel,
  channelTraits,
  honoursOptOutWords,
  lastInboundOn,
  serviceWindow,
} from '../domain/channel.ts';
import { fileRefusal } from '../domain/channel-files.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { fieldError } from '../domain/field-messages.ts';
import { type Message, staffMessage } from '../domain/message.ts';
import { replyAddress } from '../domain/reply-address.ts';
import type { Principal } from '../domain/staff.ts';
import type { Ticket } from '../domain/ticket.ts';
import { approvedTemplate, renderWhatsAppTemplate } from '../domain/whatsapp-templates.ts';
import { changeOf } from '../ports/events.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import { isOptedOut, type OptOutStore } from '../ports/opt-outs.ts';
import type { OutboundSenders } from '../ports/outbound.ts';
import type { WhatsAppTemplateSource } from '../ports/whatsapp-templates.ts';
import { slaAfterStaffReply } from '../sla/clocks.ts';
import { deliver } from './deliver-outbound.ts';
import type { StaffDeps } from './staff-tickets.ts';
import { storeUpload, type Upload } from './store-upload.ts';

export interface ReplyDeps extends StaffDeps {
  objects: ObjectStore;
  senders: OutboundSenders;
  optOuts: OptOutStore;
  whatsappTemplates: WhatsAppTemplateSource;
}

export interface ReplyRequest {
  text: string;
  /** Another of the contact's channels; the ticket's own by default. */
  channel?: Channel;
  /** Files to send with it: stored only once the reply is allowed. */
  files?: Upload[];
  /** An approved WhatsApp template (name, language, body parameters) for when the 24-hour window is closed. */
  template?: { name: string; language: string; parameters: string[] };
}

/**
 * A staff reply: sent on the beneficiary's channel and kept on the ticket with its delivery status. A provider
 * failure is recorded on the message (status `failed`, reason kept), never lost and never retried blindly.
 */
export async function replyToTicket(
  deps: ReplyDeps,
  principal: Principal,
  ticketId: string,
  request: ReplyRequest,
): Promise<Message> {
  const thread = await deps.store.getTicketWithThread(ticketId);
  if (!thread || !canSeeQueue(principal, thread.ticket.queueId)) throw new NotFoundError('Ticket');
  const { ticket } = thread;
  if (!canWriteInQueue(principal, ticket.queueId))
    throw new ForbiddenError('Your role may read this queue but not reply in it');
  if (ticket.status === 'closed')
    throw new ConflictError('A closed ticket cannot be answered; reopen it first');
  const contact = await deps.store.getContact(ticket.contactId);
  const address = contact && replyAddress(contact, ticket.channel, request.channel);
  if (!address) throw new ConflictError('The contact has no address on that channel');
  const sender = deps.senders[address.channel];
  if (!sender) throw new ConflictError(`Replies on ${address.channel} are not configured`);
  const files = request.files ?? [];
  const cannotCarry = fileRefusal(
    address.channel,
    files.map(({ name, contentType, body }) => ({ name, contentType, size: body.byteLength, objectKey: '' })),
  );
  if (cannotCarry) throw new ConflictError(cannotCarry);
  if (honoursOptOutWords(address.channel) && (await isOptedOut(deps.optOuts, address.channel, address.to))) {
    throw new ConflictError(
      'The beneficiary texted STOP to this number: nothing more may be texted to it until they text START. Reply on another channel.',
      {
        code: 'sms_opted_out',
        messageAr:
          'طلب المستفيد إيقاف الرسائل النصية إلى هذا الرقم، فلا تُرسل إليه رسائل حتى يرسل «اشتراك» أو START. ردّ عبر قناة أخرى.',
      },
    );
  }

  const lastInbound = thread.messages.filter((message) => message.direction === 'inbound').at(-1);
  const traits = channelTraits(address.channel);
  const window = serviceWindow(
    address.channel,
    lastInboundOn(address.channel, thread.messages),
    deps.clock.now(),
  );
  if (window && !window.open && !request.template) {
    throw new ConflictError(
      `The ${address.channel} service window is closed; send an approved template instead`,
    );
  }
  // A template reply records what the beneficiary reads: the approved body with its parameters.
  const text = request.template ? await approvedTemplateText(deps, request.template) : request.text;
  const mailThread = thread.messages
    .filter((message) => message.channel === address.channel && message.providerMessageId)
    .map((message) => message.providerMessageId as string);
  const at = deps.clock.now();
  const messageId = deps.ids.next(at);
  const attachments = await Promise.all(
    files.map((file) => storeUpload(deps.objects, `replies/${ticket.id}/${messageId}`, file)),
  );
  const message = staffMessage(principal, {
    id: messageId,
    ticketId,
    direction: 'outbound',
    channel: address.channel,
    text,
    subject: traits.subject ? replySubject(ticket) : undefined,
    attachments,
    createdAt: at.toISOString(),
    deliveryStatus: 'pending',
  });
  const delivered = await deliver(sender, message, {
    channel: address.channel,
    to: address.to,
    subject: message.subject,
    text: message.text,
    attachments: message.attachments,
    ticketReference: ticket.reference,
    inReplyTo: traits.threading ? lastInbound?.providerMessageId : undefined,
    // Approved templates exist only where a service window can close.
    template: window ? request.template : undefined,
    references: traits.threading ? mailThread : undefined,
  });

  await deps.store.addMessage(
    ticket,
    delivered,
    [],
    (current): Ticket =>
      delivered.deliveryStatus === 'failed'
        ? current
        : {
            ...current,
            status: current.status === 'new' ? 'open' : current.status,
            firstResponseAt: current.firstResponseAt ?? delivered.createdAt,
            lastResponseAt: delivered.createdAt,
            lastResponseBy: principal.userId,
            sla: current.sla && slaAfterStaffReply(current.sla, new Date(delivered.createdAt)),
          },
  );
  await deps.events.publish(changeOf('message', ticket, delivered.createdAt, { messageIds: [delivered.id] }));
  return delivered;
}

function replySubject(ticket: Ticket): string {
  const token = `[#${ticket.reference}]`;
  return ticket.subject.includes(token) ? `Re: ${ticket.subject}` : `Re: ${ticket.subject} ${token}`;
}

/** Only a template Meta approved reaches WhatsApp, with exactly its parameters. */
async function approvedTemplateText(
  deps: Pick<ReplyDeps, 'whatsappTemplates'>,
  request: NonNullable<ReplyRequest['template']>,
): Promise<string> {
  const templates = await deps.whatsappTemplates.listWhatsAppTemplates();
  const template = approvedTemplate(templates, request.name, request.language);
  if (!template) {
    throw new ValidationError(
      [fieldError('template.name', 'invalid_value')],
      `No approved WhatsApp template ${request.name} (${request.language})`,
    );
  }
  if (request.parameters.length !== template.parameters.length) {
    throw new ValidationError(
      [fieldError('template.parameters', 'invalid_value')],
      `Template ${template.name} takes ${template.parameters.length} parameters`,
    );
  }
  return renderWhatsAppTemplate(template, request.parameters);
}
