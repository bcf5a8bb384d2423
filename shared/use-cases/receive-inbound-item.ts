import { type Channel, channelTraits } from '../domain/channel.ts';
import { AheadOfMessageError, ConflictError, GoneError } from '../domain/errors.ts';
import { greetingText } from '../domain/greeting.ts';
import type { InboundItem } from '../domain/inbound-item.ts';
import { afterReaction, filesReplaced, type MessageEdit } from '../domain/message.ts';
import { previewOf, subjectFromText } from '../domain/ticket.ts';
import type { MediaFetchQueue } from '../ports/media.ts';
import type { MessageStore } from '../ports/message-store.ts';
import type { OutboundSenders } from '../ports/outbound.ts';
import type { SocietyProfileStore } from '../ports/society-profile.ts';
import { type OptOutDeps, recordOptOut } from './opt-outs.ts';
import { type ReceiveDeps, receiveBeneficiaryMessage } from './receive-beneficiary-message.ts';
import { viewSocietyProfile } from './society-profile.ts';

export interface InboundItemDeps extends ReceiveDeps {
  store: ReceiveDeps['store'] & OptOutDeps['store'];
  messages: MessageStore;
  mediaQueue: MediaFetchQueue;
  senders: OutboundSenders;
  /** The society's name a greeting says. */
  societyProfile: SocietyProfileStore;
}

export interface InboundItemResult {
  outcome: string;
  ticketId?: string;
  messageId?: string;
}

/**
 * Acts on one webhook item. A message goes through the one intake, then its files are queued for fetching and
 * its kind noted; an edit (history kept) or a reaction (replaced or taken back, as the apps do) lands on the
 * message it names, held for it a while when it came first; a bare `/start` is greeted; a blocked bot is recorded
 * like a texted STOP.
 */
export async function receiveInboundItem(
  deps: InboundItemDeps,
  item: InboundItem,
): Promise<InboundItemResult> {
  switch (item.kind) {
    case 'message': {
      const result = await receiveBeneficiaryMessage(deps, item.inbound);
      if (!('messageId' in result)) return result;
      // Also on a duplicate: a delivery that crashed before queueing is queued by the provider's retry.
      if (item.inbound.attachments.some((attachment) => attachment.state === 'fetching'))
        await deps.mediaQueue.enqueue({ ticketId: result.ticketId, messageId: result.messageId });
      return { outcome: result.outcome, ticketId: result.ticketId, messageId: result.messageId };
    }
    case 'edit': {
      for (let attempt = 0; attempt < EDIT_ATTEMPTS; attempt++) {
        const found = await findMessage(deps, item.channel, item.providerMessageId);
        if (!found) {
          holdForMessage(deps, item);
          // Kept aside (dead-lettered, to replay), never dropped: the wording matters.
          throw new GoneError('An edit of a message that never arrived', { code: 'edit_of_unknown_message' });
        }
        const { message, owner } = found;
        // A photo or document the beneficiary replaced: the new one is fetched, the old one kept in the history.
        const files =
          item.attachments && filesReplaced(message.attachments, item.attachments)
            ? item.attachments
            : undefined;
        if (message.text === item.text && !files) {
          // A delivery again of an edit whose row update died with the first: the row catches up.
          await showCurrentWording(deps, owner.ticketId, message.id);
          return { outcome: 'unchanged', ticketId: owner.ticketId };
        }
        const current: MessageEdit = {
          text: message.text,
          at: message.editedAt ?? message.createdAt,
          ...(files && { attachments: message.attachments }),
        };
        // A provider resending an edit the message has already moved past: the later wording stays.
        if (isStaleEdit(item, current, message.edits ?? []))
          return { outcome: 'stale_edit', ticketId: owner.ticketId, messageId: message.id };
        const edited = { text: item.text, at: item.at, ...(files && { attachments: files }) };
        if (await deps.messages.recordEdit(owner.ticketId, message.id, edited, current)) {
          if (files?.some((file) => file.state === 'fetching'))
            await deps.mediaQueue.enqueue({ ticketId: owner.ticketId, messageId: message.id });
          await showCurrentWording(deps, owner.ticketId, message.id);
          await announce(deps, owner, item.at, [message.id]);
          return { outcome: 'edited', ticketId: owner.ticketId, messageId: message.id };
        }
        // Another edit (or a copy of this one) landed first: read the message again and decide anew.
      }
      throw new ConflictError('The message kept changing while an edit was recorded; retry');
    }
    case 'reaction': {
      let found = await findMessage(deps, item.channel, item.providerMessageId);
      if (!found) {
        holdForMessage(deps, item);
        return { outcome: 'reaction_to_unknown_message' };
      }
      for (let attempt = 0; attempt < EDIT_ATTEMPTS; attempt++) {
        const { message, owner } = found;
        const done = { ticketId: owner.ticketId, messageId: message.id };
        const after = afterReaction(message, item);
        // Delivered again (its batch resent for another item's sake, or the provider's own retry), or overtaken
        // by a later change: the reaction stays as it is.
        if (after === 'unchanged') return { outcome: 'unchanged', ...done };
        if (after === 'stale') return { outcome: 'stale_reaction', ...done };
        const read = message.reactionsSeen?.version;
        if (await deps.messages.recordReactions(owner.ticketId, message.id, after, read)) {
          await announce(deps, owner, item.at, []);
          return { outcome: item.emoji ? 'reacted' : 'reaction_removed', ...done };
        }
        // Another change of the reaction landed first: read the message again and decide anew.
        found = (await findMessage(deps, item.channel, item.providerMessageId)) ?? found;
      }
      throw new ConflictError('The message kept changing while a reaction was recorded; retry');
    }
    case 'opt_out':
      return recordOptOut(deps, item.optOut);
    case 'greeting': {
      const sender = deps.senders[item.channel];
      if (!sender) return { outcome: 'not_greeted' };
      // A greeting that cannot be sent is not worth a provider's redelivery: nothing else depends on it.
      const sent = await sender
        .send({
          channel: item.channel,
          to: item.to,
          text: greetingText(item.language, await viewSocietyProfile(deps)),
          attachments: [],
          ticketReference: '',
          automatic: true,
        })
        .then(
          () => true,
          () => false,
        );
      if (!sent) return { outcome: 'greeting_failed' };
      return { outcome: 'greeted' };
    }
  }
}

/**
 * The ticket's list row says what the edited message now says: its preview when the message is the latest one,
 * its subject when the subject was made from the message (chat channels have none of their own) and not retitled.
 */
async function showCurrentWording(deps: InboundItemDeps, ticketId: string, messageId: string): Promise<void> {
  // Read as it is now, not as this edit left it: two edits racing each set the row from the last wording.
  const message = (await deps.messages.getMessage(ticketId, messageId))?.message;
  if (!message) return;
  const earlier = (message.edits ?? []).map((edit) => subjectFromText(edit.text));
  await deps.store.updateTicket(ticketId, (ticket) => {
    const latest =
      ticket.recentInboundIds?.at(-1) === messageId && ticket.preview !== previewOf(message.text);
    const titled = earlier.includes(ticket.subject) && ticket.subject !== subjectFromText(message.text);
    if (!latest && !titled) return ticket;
    return {
      ...ticket,
      ...(latest && { preview: previewOf(message.text) }),
      ...(titled && { subject: subjectFromText(message.text) }),
    };
  });
}

/**
 * How long after it was made an edit or reaction of a message not here yet is sent back for the provider to
 * deliver again: the wait is bounded by the item's own time, however often the provider resends it.
 */
const AHEAD_WAIT_MS = 10 * 60_000;

/**
 * An edit or reaction of a message not stored: on a provider that may deliver it ahead of its message, and while
 * recent, it is refused for now (the webhook answers 503) so the provider delivers it again, after the message.
 * Returns when it is not worth waiting for: the caller decides what becomes of it.
 */
function holdForMessage(
  deps: InboundItemDeps,
  item: Extract<InboundItem, { kind: 'edit' | 'reaction' }>,
): void {
  const age = deps.clock.now().getTime() - Date.parse(item.at);
  if (channelTraits(item.channel).unorderedDeliveries && age < AHEAD_WAIT_MS)
    throw new AheadOfMessageError(
      `The message this ${item.kind} names has not arrived yet; deliver it again`,
    );
}

/** Edits of one message arriving together: each reads it again after another lands, this many times at most. */
const EDIT_ATTEMPTS = 5;

/** An edit made before the wording the message has now, or one already in its history. */
function isStaleEdit(
  edit: { text: string; at: string },
  current: { at: string },
  history: readonly { text: string; at: string }[],
): boolean {
  return (
    Date.parse(edit.at) < Date.parse(current.at) ||
    history.some((earlier) => earlier.text === edit.text && earlier.at === edit.at)
  );
}

async function findMessage(deps: InboundItemDeps, channel: Channel, providerMessageId: string) {
  const pointer = await deps.messages.findByProviderId(channel, providerMessageId);
  return pointer && deps.messages.getMessage(pointer.ticketId, pointer.messageId);
}

async function announce(
  deps: InboundItemDeps,
  owner: { ticketId: string; reference: string; queueId: string },
  at: string,
  /** The messages whose text changed (a reaction changes none). */
  messageIds: string[],
): Promise<void> {
  await deps.events.publish({
    kind: 'message',
    ticketId: owner.ticketId,
    reference: owner.reference,
    queueId: owner.queueId,
    at,
    messageIds,
  });
}
