import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../../../shared/domain/channel.ts';
import type {
  Attachment,
  Message,
  MessageEdit,
  MessageReaction,
  ReactionsSeen,
} from '../../../shared/domain/message.ts';
import type { MessageOwner, MessageStore } from '../../../shared/ports/message-store.ts';
import { keys } from './keys.ts';
import { strip, TableAccess } from './table-access.ts';

/** Updates of one message item in place (`keys.message`); the ticket item is only read, for the event it names. */
export class MessageRepository extends TableAccess implements MessageStore {
  // Pattern: the message and its ticket, two GetItems.
  async getMessage(
    ticketId: string,
    messageId: string,
  ): Promise<{ message: Message; owner: MessageOwner } | undefined> {
    const [message, ticket] = await Promise.all([
      this.get(keys.message(ticketId, messageId), true),
      this.get(keys.ticket(ticketId), true),
    ]);
    if (!message || !ticket) return undefined;
    return {
      message: strip<Message>(message) as Message,
      owner: { ticketId, reference: String(ticket.reference), queueId: String(ticket.queueId) },
    };
  }

  // Pattern: the inbound duplicate guard (received) or the outbound pointer (sent by us) names the message.
  async findByProviderId(
    channel: Channel,
    providerMessageId: string,
  ): Promise<{ ticketId: string; messageId: string } | undefined> {
    // A received message's guard holds where it was written once its delivery is committed.
    const guard = await this.get(keys.inboundGuard(channel, providerMessageId), true);
    const pointer =
      (guard?.outcome as Record<string, unknown> | undefined) ??
      (await this.get(keys.outboundMessage(channel, providerMessageId), true));
    if (typeof pointer?.ticketId !== 'string' || typeof pointer.messageId !== 'string') return undefined;
    return { ticketId: pointer.ticketId, messageId: pointer.messageId };
  }

  async updateAttachment(
    ticketId: string,
    messageId: string,
    index: number,
    attachment: Attachment,
  ): Promise<void> {
    if (!Number.isInteger(index) || index < 0) throw new RangeError(`Bad attachment index ${index}`);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.message(ticketId, messageId),
          UpdateExpression: `SET attachments[${index}] = :attachment`,
          // Still the file this fetch was for: an edit may have put another one in its place meanwhile.
          ConditionExpression: `attachments[${index}].#state = :fetching${
            attachment.source === undefined ? '' : ` AND attachments[${index}].#source = :source`
          }`,
          ExpressionAttributeNames: {
            '#state': 'state',
            ...(attachment.source !== undefined && { '#source': 'source' }),
          },
          ExpressionAttributeValues: {
            ':attachment': attachment,
            ':fetching': 'fetching',
            ...(attachment.source !== undefined && { ':source': attachment.source }),
          },
        }),
      );
    } catch (error) {
      // Already settled by an earlier run of the same job.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async recordEdit(
    ticketId: string,
    messageId: string,
    edit: { text: string; at: string; attachments?: Attachment[] },
    previous: MessageEdit,
  ): Promise<boolean> {
    const written = await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.message(ticketId, messageId),
          UpdateExpression: `SET #text = :text, editedAt = :at, edits = list_append(if_not_exists(edits, :none), :previous)${
            edit.attachments ? ', attachments = :attachments' : ''
          }`,
          // Only while the text is still the one we saw, so two edits arriving together both stay in the history.
          ConditionExpression: '#text = :seen',
          ExpressionAttributeNames: { '#text': 'text' },
          ExpressionAttributeValues: {
            ':text': edit.text,
            ':at': edit.at,
            ':seen': previous.text,
            ':none': [],
            ':previous': [previous],
            ...(edit.attachments && { ':attachments': edit.attachments }),
          },
        }),
      )
      .then(
        () => true,
        (error: unknown) => {
          if (error instanceof ConditionalCheckFailedException) return false;
          throw error;
        },
      );
    return written;
  }

  async recordReactions(
    ticketId: string,
    messageId: string,
    reactions: { reactions: MessageReaction[]; reactionsSeen: ReactionsSeen },
    readVersion: number | undefined,
  ): Promise<boolean> {
    return this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.message(ticketId, messageId),
          UpdateExpression: 'SET reactions = :reactions, reactionsSeen = :seen',
          // Only over the reactions we read, so two changes arriving together are decided one after the other.
          ConditionExpression:
            readVersion === undefined
              ? 'attribute_exists(PK) AND attribute_not_exists(reactionsSeen)'
              : 'reactionsSeen.version = :read',
          ExpressionAttributeValues: {
            ':reactions': reactions.reactions,
            ':seen': reactions.reactionsSeen,
            ...(readVersion !== undefined && { ':read': readVersion }),
          },
        }),
      )
      .then(
        () => true,
        (error: unknown) => {
          if (error instanceof ConditionalCheckFailedException) return false;
          throw error;
        },
      );
  }
}
