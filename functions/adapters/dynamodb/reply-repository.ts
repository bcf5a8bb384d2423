import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../../../shared/domain/channel.ts';
import { NotFoundError } from '../../../shared/domain/errors.ts';
import type { Identity } from '../../../shared/domain/identity.ts';
import { DELIVERY_RANK, type DeliveryStatus, type Message } from '../../../shared/domain/message.ts';
import type { Ticket } from '../../../shared/domain/ticket.ts';
import type {
  OutboxEntry,
  OutboxStatus,
  StaffNoteKey,
  StaffReplyEntry,
} from '../../../shared/ports/outbox.ts';
import type { ReplyStore, TicketEventRecord } from '../../../shared/ports/ticket-store.ts';
import { emailIdItems } from './email-repository.ts';
import { IntakeRepository, StaleTicketError } from './intake-repository.ts';
import { keys } from './keys.ts';
import {
  KEEP_FINISHED_DAYS,
  markOutboxSending,
  outboxEntryItem,
  outboxFinishUpdate,
  outboxPendingItem,
  readOutboxEntry,
} from './outbox-repository.ts';
import { epochSeconds, TABLE_EXPIRY_ATTRIBUTE } from './table.ts';
import { backoff, MAX_BATCH_ATTEMPTS, strip } from './table-access.ts';
import { eventItems, messageItem, outboundPointer, ticketItem, transactionPut } from './ticket-items.ts';

/**
 * Staff replies and keyed notes, recorded before they leave and finished with the ticket's change once, and the
 * providers' delivery reports on what was sent (one method per access pattern, no Scan).
 */
export class ReplyRepository extends IntakeRepository implements ReplyStore {
  // Pattern: the reply's outbox entry (conditional: the Idempotency-Key's guard, held by this attempt), its pending
  // pointer and its message, in one transaction.
  async recordReply(entry: StaffReplyEntry, message: Message, leaseUntil: Date): Promise<boolean> {
    const put = transactionPut(this.tableName);
    // Every attempt sends it under the id of the request that wrote it (a provider that takes one sees one).
    const correlated = { ...entry, correlationId: entry.correlationId ?? this.correlationIdNow() };
    const claim = { now: new Date(entry.createdAt), leaseUntil };
    const writes = [
      put(outboxEntryItem(correlated, claim), 'attribute_not_exists(PK)'),
      put(outboxPendingItem(entry.id)),
      put(messageItem(message)),
    ];
    const outcome = await this.transact(writes);
    if (outcome === 'written') return true;
    if (outcome.failed(writes[0])) return false;
    throw outcome.error;
  }

  replyEntry(id: string): Promise<{ entry: OutboxEntry | StaffNoteKey; status: OutboxStatus } | undefined> {
    return readOutboxEntry(this.db, this.tableName, id);
  }

  markReplySending(id: string, at: string): Promise<void> {
    return markOutboxSending(this.db, this.tableName, id, at);
  }

  // Pattern: the message as the provider answered, put while it is still pending; else the outcome kept first.
  async keepReplyOutcome(delivered: Message): Promise<Message> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: messageItem(delivered),
          ConditionExpression: 'deliveryStatus = :pending',
          ExpressionAttributeValues: { ':pending': 'pending' },
        }),
      );
      return delivered;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const kept = strip<Message>(await this.get(keys.message(delivered.ticketId, delivered.id), true));
      if (!kept) throw error;
      return kept;
    }
  }

  async getRecordedReply(
    entry: Pick<StaffReplyEntry, 'ticketId' | 'messageId'>,
  ): Promise<Message | undefined> {
    return strip<Message>(await this.get(keys.message(entry.ticketId, entry.messageId), true));
  }

  // Pattern: the entry finished (on condition it is still pending) and its pending pointer dropped, the message's
  // provider-id pointers, the events and the ticket under its version, in one transaction.
  async finishReply(
    entryId: string,
    delivered: Message,
    at: string,
    change: (current: Ticket) => Ticket,
    events: TicketEventRecord[],
  ): Promise<Ticket | undefined> {
    const put = transactionPut(this.tableName);
    const status = delivered.deliveryStatus === 'failed' ? 'failed' : 'sent';
    const update = outboxFinishUpdate(entryId, status, at, delivered.failureReason, delivered.id);
    const finish = {
      Update: {
        TableName: this.tableName,
        ...update,
        ConditionExpression: '#status = :pending',
        ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':pending': 'pending' },
      },
    };
    const sent = [
      { Delete: { TableName: this.tableName, Key: keys.outboxPending(entryId) } },
      ...[...emailIdItems(delivered), ...outboundPointer(delivered), ...eventItems(events)].map((item) =>
        put(item),
      ),
    ];
    // Another attempt finished it: its outcome stands, and the ticket is not changed twice.
    return this.withTicket(delivered.ticketId, [finish, ...sent], change);
  }

  // Pattern: a keyed note: the member's key where a reply's entry would be (on condition no note or reply holds
  // it), the note, and the ticket under its version, in one transaction.
  async recordNote(key: StaffNoteKey, note: Message): Promise<boolean> {
    const put = transactionPut(this.tableName);
    // Written as a finished entry (never pending, so never drained), expiring as a finished reply's does.
    const hold = put(
      {
        ...keys.outboxMessage(key.id),
        entity: 'outbox',
        message: key,
        status: 'sent' satisfies OutboxStatus,
        [TABLE_EXPIRY_ATTRIBUTE]: epochSeconds(note.createdAt) + KEEP_FINISHED_DAYS * 86_400,
      },
      'attribute_not_exists(PK)',
    );
    const added = await this.withTicket(note.ticketId, [hold, put(messageItem(note))], (current) => ({
      ...current,
      updatedAt: note.createdAt,
      messageCount: current.messageCount + 1,
    }));
    return added !== undefined;
  }

  /**
   * `writes` and the ticket as `change` makes it, under its version (read again while it changes), in one
   * transaction; the ticket as written. Undefined when the first write's condition failed: then nothing is written.
   */
  private async withTicket(
    ticketId: string,
    writes: object[],
    change: (current: Ticket) => Ticket,
  ): Promise<Ticket | undefined> {
    const put = transactionPut(this.tableName);
    for (let attempt = 0; attempt < MAX_BATCH_ATTEMPTS; attempt++) {
      const current = await this.getVersionedTicket(ticketId);
      if (!current) throw new NotFoundError(`Ticket ${ticketId}`);
      const next = change(current.ticket);
      const ticket = put(this.correlated(ticketItem(next, current.version + 1)), 'version = :version', {
        ':version': current.version,
      });
      const outcome = await this.transact<object>([...writes, ticket]);
      if (outcome === 'written') return next;
      if (outcome.failed(writes[0])) return undefined;
      if (!outcome.failed(ticket)) throw outcome.error;
      await backoff(attempt);
    }
    throw new StaleTicketError(`Ticket ${ticketId} kept changing`);
  }

  async conversationTicketId(channel: Channel, identity: Identity): Promise<string | undefined> {
    const pointer = await this.get(keys.conversation(channel, identity), true);
    return typeof pointer?.ticketId === 'string' ? pointer.ticketId : undefined;
  }

  // Pattern: a provider's delivery report (sent/delivered/read/failed) finds our outbound message by its provider id.
  async updateDeliveryStatus(
    channel: Channel,
    providerMessageId: string,
    status: DeliveryStatus,
    failureReason?: string,
  ): Promise<{ ticketId: string; messageId: string } | undefined> {
    // Read consistently (a table item, not an index): the report may follow the pointer's write by milliseconds.
    const pointer = await this.get(keys.outboundMessage(channel, providerMessageId), true);
    if (!pointer) return undefined;
    const ticketId = String(pointer.ticketId);
    const messageId = String(pointer.messageId);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.message(ticketId, messageId),
          // A reason only with a failure: a receipt leaves none behind.
          UpdateExpression: failureReason
            ? 'SET deliveryStatus = :status, failureReason = :reason, deliveryRank = :rank'
            : 'SET deliveryStatus = :status, deliveryRank = :rank REMOVE failureReason',
          // Reports arrive out of order; a later state (read) is never overwritten by an earlier one (sent).
          ConditionExpression:
            'attribute_exists(PK) AND (attribute_not_exists(deliveryRank) OR deliveryRank < :rank)',
          ExpressionAttributeValues: {
            ':status': status,
            ':rank': DELIVERY_RANK[status],
            ...(failureReason && { ':reason': failureReason }),
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    return { ticketId, messageId };
  }
}
