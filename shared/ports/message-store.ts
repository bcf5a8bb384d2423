import type { Channel } from '../domain/channel.ts';
import type { Attachment, Message, MessageEdit, MessageReaction, ReactionsSeen } from '../domain/message.ts';

/** The ticket a stored message belongs to, as much as a "ticket changed" event names. */
export interface MessageOwner {
  ticketId: string;
  reference: string;
  queueId: string;
}

/** Changes to one stored message after intake: fetched files, a beneficiary's edit, a reaction. */
export interface MessageStore {
  getMessage(
    ticketId: string,
    messageId: string,
  ): Promise<{ message: Message; owner: MessageOwner } | undefined>;
  /** A provider's message (received or sent by us) → where we keep it. */
  findByProviderId(
    channel: Channel,
    providerMessageId: string,
  ): Promise<{ ticketId: string; messageId: string } | undefined>;
  /**
   * Sets one attachment, only while it is still `fetching` from the same source (so a late retry never undoes a
   * stored file, nor fills the place of a file an edit put there since).
   */
  updateAttachment(ticketId: string, messageId: string, index: number, attachment: Attachment): Promise<void>;
  /**
   * The new text (edited at `at`), the old one appended to the edit history; `false`, writing nothing, when the
   * stored text is no longer `previous.text` (another edit landed first).
   */
  recordEdit(
    ticketId: string,
    messageId: string,
    edit: { text: string; at: string; attachments?: Attachment[] },
    previous: MessageEdit,
  ): Promise<boolean>;
  /**
   * The message's reactions as a change left them; `false`, writing nothing, when they changed since they were
   * read at `readVersion` (none: never reacted to).
   */
  recordReactions(
    ticketId: string,
    messageId: string,
    reactions: { reactions: MessageReaction[]; reactionsSeen: ReactionsSeen },
    readVersion: number | undefined,
  ): Promise<boolean>;
}
