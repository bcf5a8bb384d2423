import { canSeeQueue, canWriteInQueue } from '../domain/access-policy.ts';
import {
  type Channel,
  canBeStopped,
  channelTraits,
  lastInboundOn,
  type StoppableChannel,
  serviceWindow,
  stopHolds,
} from '../domain/channel.ts';
import { fileRefusal } from '../domain/channel-files.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { fieldError } from '../domain/field-messages.ts';
import { type AnsweredMessage, answeredMessage, type Message, staffMessage } from '../domain/message.ts';
import { replyAddress } from '../domain/reply-address.ts';
import { sha256Hex } from '../domain/sha256.ts';
import type { Principal } from '../domain/staff.ts';
import type { Ticket } from '../domain/ticket.ts';
import { approvedTemplate, renderWhatsAppTemplate } from '../domain/whatsapp-templates.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import { isOptedOut, type OptOutStore } from '../ports/opt-outs.ts';
import type { OutboundSenders } from '../ports/outbound.ts';
import type { StaffReplyEntry } from '../ports/outbox.ts';
import type { StaffStore } from '../ports/ticket-store.ts';
import type { WhatsAppTemplateSource } from '../ports/whatsapp-templates.ts';
import { answerAgain, keyedRequest } from './keyed-requests.ts';
import {
  notConfigured,
  OUTBOX_LEASE_MS,
  type RecordedReplyDeps,
  sendRecordedReply,
} from './send-recorded-reply.ts';
import type { StaffDeps } from './staff-tickets.ts';
import { storeUpload, type Upload } from './store-upload.ts';

export interface ReplyDeps extends StaffDeps, RecordedReplyDeps {
  store: StaffStore & RecordedReplyDeps['store'];
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
  /** Our id of the earlier message on the ticket this reply answers, where its channel shows that. */
  replyTo?: string;
  /**
   * Chosen by the client per reply it composes: the same key from the same member on the same ticket is the same
   * reply, answered again and never sent again; with another request it is refused.
   */
  idempotencyKey?: string;
}

export interface ReplyResult {
  message: Message;
  /** An earlier request with the same Idempotency-Key made it; this one recorded and sent nothing new. */
  repeated: boolean;
}

/**
 * A staff reply: recorded on the ticket (`pending`) with its outbox entry before it leaves, then sent on the
 * beneficiary's channel and kept with its delivery status. A process that dies in between leaves the entry, which
 * the outbox drain sends. A provider failure is recorded on the message (status `failed`, reason kept), never lost
 * and never retried blindly.
 */
export async function replyToTicket(
  deps: ReplyDeps,
  principal: Principal,
  ticketId: string,
  request: ReplyRequest,
): Promise<ReplyResult> {
  const thread = await deps.store.getTicketWithThread(ticketId);
  if (!thread || !canSeeQueue(principal, thread.ticket.queueId)) throw new NotFoundError('Ticket');
  const { ticket } = thread;
  if (!canWriteInQueue(principal, ticket.queueId))
    throw new ForbiddenError('Your role may read this queue but not reply in it');
  const keyed = request.idempotencyKey
    ? await keyedReply(principal, ticketId, request.idempotencyKey, request)
    : undefined;
  if (keyed) {
    // Before anything is checked or stored: a reply already made is answered as it is, whatever changed since.
    const earlier = await deps.store.replyEntry(keyed.id);
    if (earlier) return answerAgain(deps.store, earlier, 'reply', keyed.fingerprint, thread);
  }
  if (ticket.status === 'closed')
    throw new ConflictError('A closed ticket cannot be answered; reopen it first');
  const contact = await deps.store.getContact(ticket.contactId);
  const address = contact && replyAddress(contact, ticket.channel, request.channel);
  if (!address) throw new ConflictError('The contact has no address on that channel');
  const sender = deps.senders[address.channel];
  if (!sender) throw new ConflictError(notConfigured(address.channel));
  const files = request.files ?? [];
  const cannotCarry = fileRefusal(
    address.channel,
    files.map(({ name, contentType, body }) => ({ name, contentType, size: body.byteLength, objectKey: '' })),
  );
  if (cannotCarry) throw new ConflictError(cannotCarry);
  if (request.replyTo && request.template)
    throw new ValidationError(
      [fieldError('replyTo', 'invalid_value')],
      'An approved template answers no particular message',
    );
  const answered = request.replyTo
    ? answeredOn(thread.messages, request.replyTo, address.channel)
    : undefined;
  const lastInbound = thread.messages.filter((message) => message.direction === 'inbound').at(-1);
  const traits = channelTraits(address.channel);
  const window = serviceWindow(
    address.channel,
    lastInboundOn(address.channel, thread.messages),
    deps.clock.now(),
  );
  if (
    canBeStopped(address.channel) &&
    stopHolds(address.channel, { societyInitiated: window?.open !== true }) &&
    (await isOptedOut(deps.optOuts, address.channel, address.to))
  )
    throw STOPPED[address.channel]();
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
  if (answered) message.replyTo = answered;
  const entry: StaffReplyEntry = {
    id: keyed?.id ?? `${ticketId}#reply#${messageId}`,
    ticketId,
    kind: 'reply',
    messageId,
    to: address.to,
    ticketReference: ticket.reference,
    ...(traits.threading && {
      inReplyTo: lastInbound?.providerMessageId,
      references: mailThread,
    }),
    // Approved templates exist only where a service window can close.
    ...(window && request.template && { template: request.template }),
    ...(keyed && { fingerprint: keyed.fingerprint }),
    createdAt: message.createdAt,
  };
  const recorded = await deps.store.recordReply(entry, message, new Date(at.getTime() + OUTBOX_LEASE_MS));
  if (!recorded) {
    // The same key came twice at once, and the other request recorded it first.
    return answerAgain(
      deps.store,
      await deps.store.replyEntry(entry.id),
      'reply',
      keyed?.fingerprint,
      thread,
    );
  }
  return { message: await sendRecordedReply(deps, entry, message), repeated: false };
}

/**
 * The message a reply answers: one on the ticket, on the channel the reply goes out on, that the provider knows by
 * an id, on a channel whose app shows a reply to a particular message.
 */
function answeredOn(messages: readonly Message[], messageId: string, channel: Channel): AnsweredMessage {
  const answered = messages.find((message) => message.id === messageId);
  if (!answered || answered.direction === 'note')
    throw new ValidationError(
      [fieldError('replyTo', 'invalid_value')],
      'The message answered is not on this ticket',
    );
  if (!channelTraits(channel).answersMessage || answered.channel !== channel || !answered.providerMessageId)
    throw new ValidationError(
      [fieldError('replyTo', 'invalid_value')],
      `A reply on ${channel} cannot answer that message`,
    );
  return answeredMessage(answered.providerMessageId, answered.text);
}

/** Where a keyed reply's entry is and the digest of what the request asks, files by their bytes. */
async function keyedReply(
  principal: Principal,
  ticketId: string,
  idempotencyKey: string,
  request: ReplyRequest,
): Promise<{ id: string; fingerprint: string }> {
  const files = await Promise.all(
    (request.files ?? []).map(async (file) => [file.name, file.contentType, await sha256Hex(file.body)]),
  );
  return keyedRequest(principal, ticketId, idempotencyKey, [
    request.text,
    request.channel ?? null,
    request.template ?? null,
    files,
    // Only when given, so a key's digest from before replies could answer a message stays the same.
    ...(request.replyTo ? [request.replyTo] : []),
  ]);
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

/** Why nothing may go where the beneficiary stopped our messages, and what to do instead. */
const STOPPED = {
  sms: () =>
    new ConflictError(
      'The beneficiary texted STOP to this number: nothing more may be texted to it until they text START. Reply on another channel.',
      {
        code: 'sms_opted_out',
        messageAr:
          'طلب المستفيد إيقاف الرسائل النصية إلى هذا الرقم، فلا تُرسل إليه رسائل حتى يرسل «اشتراك» أو START. ردّ عبر قناة أخرى.',
      },
    ),
  telegram: () =>
    new ConflictError(
      "The beneficiary blocked the society's Telegram bot: nothing reaches them there until they unblock it. Reply on another channel.",
      {
        code: 'telegram_blocked',
        messageAr:
          'حظر المستفيد حساب الجمعية على تيليجرام، فلا تصله رسائلنا هناك حتى يلغي الحظر. ردّ عبر قناة أخرى.',
      },
    ),
  whatsapp: () =>
    new ConflictError(
      "The beneficiary asked to stop the society's WhatsApp messages: only an answer within 24 hours of a message of theirs goes there, until they send START. Reply on another channel.",
      {
        code: 'whatsapp_opted_out',
        messageAr:
          'طلب المستفيد إيقاف رسائل الجمعية على واتساب، فلا يُرسل إليه إلا الرد خلال ٢٤ ساعة من رسالة يرسلها هو، أو بعد أن يرسل «اشتراك». ردّ عبر قناة أخرى.',
      },
    ),
} satisfies Record<StoppableChannel, () => ConflictError>;
