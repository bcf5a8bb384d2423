import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../../../shared/domain/channel.ts';
import type { Contact } from '../../../shared/domain/contact.ts';
import { NotFoundError } from '../../../shared/domain/errors.ts';
import type { Identity } from '../../../shared/domain/identity.ts';
import type { DeliveryStatus, Message } from '../../../shared/domain/message.ts';
import type { Queue } from '../../../shared/domain/queue.ts';
import type { StaffUser } from '../../../shared/domain/staff.ts';
import { isActive, type Ticket } from '../../../shared/domain/ticket.ts';
import type {
  OutboxEntry,
  OutboxStatus,
  StaffNoteKey,
  StaffReplyEntry,
} from '../../../shared/ports/outbox.ts';
import type {
  ReplyStore,
  StaffStore,
  TicketEventRecord,
  TicketListQuery,
  TicketPage,
  TicketWithThread,
} from '../../../shared/ports/ticket-store.ts';
import type { AssignmentSource } from '../../../shared/routing/assignment.ts';
import { cachedRead, configurationChanged } from './config-cache.ts';
import { emailIdItems } from './email-repository.ts';
import {
  contactItem,
  eventItems,
  eventsIn,
  IntakeRepository,
  identityItems,
  StaleTicketError,
  ticketItem,
  transactionPut,
} from './intake-repository.ts';
import {
  activeTicketPrefix,
  assigneePartition,
  contactTicketsPartition,
  keys,
  queueStatusPartition,
} from './keys.ts';
import { narrowingFilter } from './narrowing-filter.ts';
import {
  KEEP_FINISHED_DAYS,
  markOutboxSending,
  outboxEntryItem,
  outboxFinishUpdate,
  outboxPendingItem,
  readOutboxEntry,
} from './outbox-repository.ts';
import { type Cursor, decodeCursor, encodeCursor } from './page-cursor.ts';
import { epochSeconds, TABLE_EXPIRY_ATTRIBUTE } from './table.ts';
import { backoff, type Item, MAX_BATCH_ATTEMPTS, rowOf, strip } from './table-access.ts';

/** DynamoDB adapter for the ticket store: one method per access pattern, no Scan anywhere. */
export class TicketRepository extends IntakeRepository implements StaffStore, ReplyStore {
  async putContact(contact: Contact): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: contactItem(contact),
      }),
    );
  }

  async markMerged(sourceId: string, targetId: string, at: string): Promise<boolean> {
    const notMergedAway = 'attribute_exists(PK) AND attribute_not_exists(mergedInto)';
    const outcome = await this.transact([
      {
        Update: {
          TableName: this.tableName,
          Key: keys.contact(sourceId),
          UpdateExpression: 'SET mergedInto = :target, updatedAt = :at',
          ConditionExpression: notMergedAway,
          ExpressionAttributeValues: { ':target': targetId, ':at': at },
        },
      },
      {
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.contact(targetId),
          ConditionExpression: notMergedAway,
        },
      },
    ]);
    return outcome === 'written';
  }

  async linkIdentities(identities: Identity[], contactId: string): Promise<void> {
    await this.batchPut(identityItems(identities, contactId));
  }

  // Pattern: the contact's active ticket on a channel, newest first.
  async findActiveTicket(contactId: string, channel: Channel): Promise<Ticket | undefined> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byContact',
        KeyConditionExpression: 'GSI3PK = :pk AND begins_with(GSI3SK, :prefix)',
        ExpressionAttributeValues: {
          ':pk': contactTicketsPartition(contactId),
          ':prefix': activeTicketPrefix(channel),
        },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    // The index is read eventually: the ticket it names may have been resolved since.
    const ticket = strip<Ticket>((await this.itemsNamedBy(result.Items ?? []))[0]);
    return ticket && isActive(ticket.status) ? ticket : undefined;
  }

  // Pattern: a contact's tickets, for the contact panel.
  async listContactTickets(contactId: string, limit = 50): Promise<Ticket[]> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byContact',
        KeyConditionExpression: 'GSI3PK = :pk',
        ExpressionAttributeValues: { ':pk': contactTicketsPartition(contactId) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (await this.itemsNamedBy(result.Items ?? [])).map((item) => strip<Ticket>(item) as Ticket);
  }

  // Pattern: an agent's load — the counter the report aggregator keeps from the table's changes (one small item,
  // whatever their history), so assignment costs the same on the last contact of the day as on the first.
  async activeTicketCount(userId: string): Promise<number> {
    return (await this.activeTicketCounts([userId])).get(userId) ?? 0;
  }

  async activeTicketCounts(userIds: string[]): Promise<Map<string, number>> {
    const open = new Map<unknown, number>();
    for (const item of await this.batchGet(userIds.map((userId) => keys.agentLoad(userId)))) {
      open.set(item.SK, Math.max(0, Number(item.open ?? 0)));
    }
    return new Map(userIds.map((userId) => [userId, open.get(keys.agentLoad(userId).SK) ?? 0]));
  }

  /**
   * Queues and staff records for assignment, re-read at most every `ttlMs` (or after this process changes them):
   * every new contact asks, and both change rarely.
   */
  /** Staff records as notices need them (language, email), kept like the other configuration. */
  cachedStaffDirectory(ttlMs: number): {
    getStaffUser(userId: string): Promise<StaffUser | undefined>;
    listStaffUsers(): Promise<StaffUser[]>;
  } {
    const staff = cachedRead(ttlMs, () => this.listStaffUsers());
    return {
      listStaffUsers: staff,
      // A member added by another process since the list was read is read on its own.
      getStaffUser: async (userId) =>
        (await staff()).find((user) => user.id === userId) ?? (await this.getStaffUser(userId)),
    };
  }

  cachedAssignmentSource(ttlMs: number): AssignmentSource {
    return {
      listQueues: cachedRead(ttlMs, () => this.listQueues()),
      listStaffUsers: cachedRead(ttlMs, () => this.listStaffUsers()),
      activeTicketCounts: (userIds) => this.activeTicketCounts(userIds),
    };
  }

  /**
   * Sets an agent's kept count from their assigned history (every ticket read once): for a table whose tickets
   * were written before the count was kept. Run only while nothing else changes tickets.
   */
  async recountActiveTickets(userId: string): Promise<number> {
    let open = 0;
    for await (const page of this.queryPages({
      IndexName: 'byAssignee',
      KeyConditionExpression: 'GSI2PK = :pk',
      FilterExpression: '#status IN (:new, :open, :waitingBeneficiary, :waitingInternal)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pk': assigneePartition(userId),
        ':new': 'new',
        ':open': 'open',
        ':waitingBeneficiary': 'pending_beneficiary',
        ':waitingInternal': 'pending_internal',
      },
      Select: 'COUNT',
    })) {
      open += page.Count ?? 0;
    }
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.agentLoad(userId), entity: 'report-load', agentId: userId, open },
      }),
    );
    return open;
  }

  // Pattern: queue view by status, newest activity first, merged across the caller's queues and statuses,
  // narrowed by a filter (channel, priority, type, branch, unassigned, at risk).
  async listTickets(query: TicketListQuery): Promise<TicketPage> {
    const partitions = query.queueIds.flatMap((queueId) =>
      query.statuses.map((status) => queueStatusPartition(queueId, status)),
    );
    const cursor = decodeCursor(query.cursor);
    const filter = narrowingFilter(query.narrowing);
    const pages = await Promise.all(
      partitions
        .filter((partition) => cursor[partition] !== null)
        .map(async (partition) => {
          const after = cursor[partition];
          const result = await this.db.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: 'byQueueStatus',
              KeyConditionExpression: after ? 'GSI1PK = :pk AND GSI1SK < :after' : 'GSI1PK = :pk',
              FilterExpression: filter.FilterExpression,
              ExpressionAttributeNames: filter.ExpressionAttributeNames,
              ExpressionAttributeValues: {
                ':pk': partition,
                ...(after && { ':after': after }),
                ...filter.ExpressionAttributeValues,
              },
              ScanIndexForward: false,
              Limit: query.limit,
            }),
          );
          // How far down this partition the read went: a filter may have dropped rows above this point.
          const readTo = result.LastEvaluatedKey ? String(result.LastEvaluatedKey.GSI1SK) : undefined;
          return { partition, items: result.Items ?? [], readTo };
        }),
    );
    // Rows below the highest point any partition stopped reading at may be outranked by rows not read yet (each
    // partition's unread rows sort below where it stopped).
    const boundary = pages
      .map((page) => page.readTo)
      .filter((readTo): readTo is string => readTo !== undefined)
      .sort()
      .at(-1);
    const merged = pages
      .flatMap((page) => page.items.map((item) => ({ partition: page.partition, item })))
      .filter((entry) => boundary === undefined || String(entry.item.GSI1SK) >= boundary)
      .sort((a, b) => String(b.item.GSI1SK).localeCompare(String(a.item.GSI1SK)))
      .slice(0, query.limit);

    const next: Cursor = { ...cursor };
    for (const page of pages) {
      const taken = merged.filter((entry) => entry.partition === page.partition);
      const last = taken.at(-1);
      if (taken.length === page.items.length) {
        next[page.partition] = page.readTo ?? null;
      } else if (last) {
        next[page.partition] = String(last.item.GSI1SK);
      }
    }
    const hasMore = partitions.some((partition) => next[partition] !== null);
    return {
      tickets: merged.map((entry) => rowOf(entry.item)),
      cursor: hasMore ? encodeCursor(next) : undefined,
    };
  }

  // Pattern: a ticket with its messages and events, in one Query.
  async getTicketWithThread(ticketId: string): Promise<TicketWithThread | undefined> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.ticket(ticketId).PK },
      ConsistentRead: true,
    });
    const meta = items.find((item) => item.SK === 'META');
    if (!meta) return undefined;
    return {
      ticket: strip<Ticket>(meta) as Ticket,
      messages: items
        .filter((item) => String(item.SK).startsWith('MSG#'))
        .map((item) => strip<Message>(item) as Message)
        .sort(inWrittenOrder),
      events: items.filter((item) => String(item.SK).startsWith('EVT#')).flatMap(eventsIn),
    };
  }

  // Pattern: a ticket, some of its messages and its contact by key, in one BatchGet (the search index's read).
  async getTicketWithMessages(
    ticketId: string,
    messageIds: string[],
    contactId?: string,
  ): Promise<{ ticket: Ticket; messages: Message[]; contact?: Contact } | undefined> {
    const items = await this.batchGet([
      keys.ticket(ticketId),
      ...messageIds.map((messageId) => keys.message(ticketId, messageId)),
      ...(contactId ? [keys.contact(contactId)] : []),
    ]);
    const meta = items.find((item) => item.SK === 'META');
    if (!meta) return undefined;
    const contact = items.find((item) => item.entity === 'contact');
    return {
      ticket: strip<Ticket>(meta) as Ticket,
      messages: items
        .filter((item) => item.entity === 'message')
        .map((item) => strip<Message>(item) as Message),
      ...(contact && { contact: strip<Contact>(contact) as Contact }),
    };
  }

  async addMessage(
    ticket: Ticket,
    message: Message,
    events: TicketEventRecord[],
    change: (current: Ticket) => Ticket = (current) => current,
  ): Promise<void> {
    const items: Item[] = [
      messageItem(message),
      ...emailIdItems(message),
      ...eventItems(events),
      ...outboundPointer(message),
    ];
    await this.batchPut(items);
    await this.updateTicket(ticket.id, (current) =>
      change({
        ...current,
        updatedAt: message.createdAt,
        lastActivityAt: message.direction === 'note' ? current.lastActivityAt : message.createdAt,
        messageCount: current.messageCount + 1,
      }),
    );
  }

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
          UpdateExpression: 'SET deliveryStatus = :status, failureReason = :reason, deliveryRank = :rank',
          // Reports arrive out of order; a later state (read) is never overwritten by an earlier one (sent).
          ConditionExpression:
            'attribute_exists(PK) AND (attribute_not_exists(deliveryRank) OR deliveryRank < :rank)',
          ExpressionAttributeValues: {
            ':status': status,
            ':reason': failureReason ?? null,
            ':rank': DELIVERY_RANK[status],
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    return { ticketId, messageId };
  }

  async putQueue(queue: Queue): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.queue(queue.id), entity: 'queue', ...queue },
      }),
    );
    configurationChanged();
  }

  // Pattern: configuration lists live in one small partition each.
  async listQueues(): Promise<Queue[]> {
    return (await this.queryPartition('CONFIG#QUEUES')).map((item) => strip<Queue>(item) as Queue);
  }

  async putStaffUser(user: StaffUser, passwordHash?: string): Promise<void> {
    await this.batchPut([
      { ...keys.staffUser(user.id), entity: 'staff', ...user },
      ...(passwordHash
        ? [{ ...keys.staffLogin(user.email), entity: 'login', userId: user.id, passwordHash }]
        : []),
    ]);
    configurationChanged();
  }

  async getStaffUser(userId: string): Promise<StaffUser | undefined> {
    return strip<StaffUser>(await this.get(keys.staffUser(userId)));
  }

  async listStaffUsers(): Promise<StaffUser[]> {
    return (await this.queryPartition('CONFIG#STAFF')).map((item) => strip<StaffUser>(item) as StaffUser);
  }

  /** Records that a one-time job ran; true only for the first caller. */
  async markOnce(name: string, at: Date): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.marker(name), entity: 'marker', at: at.toISOString() },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async queryPartition(pk: string): Promise<Item[]> {
    return this.queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } });
  }
}

/**
 * Messages in the order they were written: by the provider's time, then its id (numbers as numbers, as Telegram's
 * are), so messages that arrive together out of order read as the beneficiary sent them.
 */
function inWrittenOrder(a: Message, b: Message): number {
  return (
    a.createdAt.localeCompare(b.createdAt) ||
    (a.providerMessageId ?? '').localeCompare(b.providerMessageId ?? '', 'en', { numeric: true }) ||
    a.id.localeCompare(b.id)
  );
}

function messageItem(message: Message): Item {
  return { ...keys.message(message.ticketId, message.id), entity: 'message', ...message };
}

/** Where a provider's delivery reports on a message we sent find it. */
function outboundPointer(message: Message): Item[] {
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

const DELIVERY_RANK: Record<DeliveryStatus, number> = {
  pending: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 4,
};
