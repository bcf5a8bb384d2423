import type { Channel } from './channel.ts';

/**
 * Messenger reports deliveries and reads by time, not by message: everything we sent this person up to `upTo`
 * was delivered, or read.
 */
export interface DeliveryWatermark {
  channel: 'messenger' | 'instagram';
  /** The person's id on the channel (their page-scoped id). */
  userId: string;
  status: 'delivered' | 'read';
  upTo: string;
}

/** How far along a delivery is; a failure is final, and a later report never moves a message back. */
export const DELIVERY_RANK: Record<DeliveryStatus, number> = {
  pending: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 4,
};

/** Our messages on the watermark's channel that it moves on: sent by then, and not yet that far. */
export function coveredByWatermark(messages: readonly Message[], mark: DeliveryWatermark): Message[] {
  return messages.filter(
    (message) =>
      message.direction === 'outbound' &&
      message.channel === mark.channel &&
      message.providerMessageId !== undefined &&
      message.createdAt <= mark.upTo &&
      DELIVERY_RANK[message.deliveryStatus ?? 'sent'] < DELIVERY_RANK[mark.status],
  );
}

/**
 * The earlier message a chat message answers (a swipe-to-reply): the provider's id of it, and its words when the
 * provider sends them along (Telegram does), for one no longer on the ticket.
 */
export interface AnsweredMessage {
  providerMessageId: string;
  text?: string;
}

/** How much of an answered message's words is kept with the answer. */
export const ANSWERED_TEXT_CHARS = 200;

export function answeredMessage(providerMessageId: string, text?: string): AnsweredMessage {
  const words = text?.trim().slice(0, ANSWERED_TEXT_CHARS);
  return { providerMessageId, ...(words && { text: words }) };
}

export const MESSAGE_DIRECTIONS = ['inbound', 'outbound', 'note'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

export const DELIVERY_STATUSES = ['pending', 'sent', 'delivered', 'read', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * Where a received file is: still on the provider (`fetching`), in our store (`stored`), given up on (`failed`,
 * with the reason) or left on the provider because no credentials are configured (`not_fetched_no_token`). Files
 * staff upload and email attachments are stored from the start and carry no state.
 */
export const ATTACHMENT_STATES = ['fetching', 'stored', 'failed', 'not_fetched_no_token'] as const;
export type AttachmentState = (typeof ATTACHMENT_STATES)[number];

export interface Attachment {
  name: string;
  contentType: string;
  size: number;
  /** Key of the stored object (S3 in AWS, the local object folder in `npm start`); the provider reference until fetched. */
  objectKey: string;
  state?: AttachmentState;
  /** The provider's reference to fetch the bytes from (see shared/domain/media.ts). */
  source?: string;
  /**
   * The provider's lasting name for the file itself (Telegram's file_unique_id, WhatsApp's sha256), where its
   * reference may change between deliveries: an edit is known to replace the file by it.
   */
  fingerprint?: string;
  failureReason?: string;
}

/**
 * The files of a message that may be documents asked for (a photo or scan of a paper, a PDF): not a voice note
 * or other sound, nor a sticker.
 */
export function documentFiles(message: Pick<Message, 'attachments' | 'kind'>): Attachment[] {
  if (message.kind === 'sticker') return [];
  return message.attachments.filter((file) => !file.contentType.toLowerCase().startsWith('audio/'));
}

/** A beneficiary's earlier wording of a message they edited, newest last. */
export interface MessageEdit {
  text: string;
  at: string;
  /** The files the message carried before this edit replaced them (their bytes stay stored). */
  attachments?: Attachment[];
}

/**
 * Whether an edit's files are other files than the message's: by their fingerprints when both sides have them
 * (a message kept before files had one is compared by its references), else by their references.
 */
export function filesReplaced(current: readonly Attachment[], edited: readonly Attachment[]): boolean {
  const fingerprinted = [...current, ...edited].every((file) => file.fingerprint !== undefined);
  const keyOf = (file: Attachment) => (fingerprinted ? file.fingerprint : (file.source ?? file.objectKey));
  const before = current.map(keyOf).sort();
  const after = edited.map(keyOf).sort();
  return before.length !== after.length || before.some((key, index) => key !== after[index]);
}

/** An emoji reaction a beneficiary put on a message. */
export interface MessageReaction {
  emoji: string;
  at: string;
}

/** A beneficiary reacting to a message, changing their reaction, or taking it back (`emoji` empty). */
export interface ReactionChange {
  emoji: string;
  at: string;
  /** The provider's own id of this change (or its fields, when it has none): a delivery again is known by it. */
  key: string;
}

/** What the message's reactions were made from: the latest change, the keys of the last ones, a write version. */
export interface ReactionsSeen {
  at: string;
  keys: string[];
  version: number;
}

/** Changes whose keys a message remembers, so a batch delivered again changes nothing. */
const REACTION_KEYS_KEPT = 20;

/**
 * The message's reactions after a change, as the apps keep them: one per beneficiary, a new one replacing it and
 * taking it back removing it. `unchanged` for a change already seen, `stale` for one older than the latest.
 */
export function afterReaction(
  message: Pick<Message, 'reactions' | 'reactionsSeen'>,
  change: ReactionChange,
): { reactions: MessageReaction[]; reactionsSeen: ReactionsSeen } | 'unchanged' | 'stale' {
  const seen = message.reactionsSeen;
  if (seen?.keys.includes(change.key)) return 'unchanged';
  if (seen && change.at < seen.at) return 'stale';
  return {
    reactions: change.emoji ? [{ emoji: change.emoji, at: change.at }] : [],
    reactionsSeen: {
      at: change.at,
      keys: [...(seen?.keys ?? []), change.key].slice(-REACTION_KEYS_KEPT),
      version: (seen?.version ?? 0) + 1,
    },
  };
}

export interface Message {
  id: string;
  ticketId: string;
  direction: MessageDirection;
  channel: Channel;
  /** Staff user id for outbound messages and notes; the contact id for inbound ones. */
  authorId: string;
  authorName: string;
  text: string;
  html?: string;
  subject?: string;
  attachments: Attachment[];
  createdAt: string;
  providerMessageId?: string;
  /** Sent by a machine (an out-of-office reply): shown, but owed no answer. */
  automated?: boolean;
  deliveryStatus?: DeliveryStatus;
  /** Why the provider refused or failed the delivery. */
  failureReason?: string;
  /** What the provider sent when it is not plain text (voice, location, contact, postback, unknown…). */
  kind?: string;
  /** The beneficiary passed it on from elsewhere (a forwarded message), as the provider marked it. */
  forwarded?: boolean;
  /** The earlier message of the chat this one answers, as the beneficiary chose it. */
  replyTo?: AnsweredMessage;
  /** Earlier texts of a message the beneficiary edited, each with when it was written; `text` is the latest. */
  edits?: MessageEdit[];
  /** When `text` was last changed by an edit. */
  editedAt?: string;
  /** The beneficiary's reaction as it stands; none once taken back. */
  reactions?: MessageReaction[];
  reactionsSeen?: ReactionsSeen;
  /** The provider's raw item, kept when we could not read its kind. */
  raw?: string;
  /** A contact staff recorded (a visit, a call, a letter): who recorded it, since the words are the beneficiary's. */
  loggedBy?: { userId: string; name: string };
}

/** A message a staff member writes on a ticket (a reply or an internal note), authored by them. */
export function staffMessage(
  author: { userId: string; name: string },
  message: Omit<Message, 'authorId' | 'authorName' | 'attachments'> & Partial<Pick<Message, 'attachments'>>,
): Message {
  return {
    ...message,
    attachments: message.attachments ?? [],
    authorId: author.userId,
    authorName: author.name,
  };
}
