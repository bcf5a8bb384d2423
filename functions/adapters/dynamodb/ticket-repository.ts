import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../../../shared/domain/channel.ts';
import type { Contact } from '../../../shared/domain/contact.ts';
import { type Identity, identityKey } from '../../../shared/domain/identity.ts';
import type { DeliveryStatus, Message } from '../../../shared/domain/message.ts';
import type { Queue } from '../../../shared/domain/queue.ts';
import type { StaffUser } from '../../../shared/domain/staff.ts';
import type { Ticket } from '../../../shared/domain/ticket.ts';
import type {
  ClaimResult,
  FollowUpWrite,
  InboundGuard,
  InboundLookup,
  IngestStore,
  NewTicketWrite,
  StaffStore,
  TicketEventRecord,
  TicketListQuery,
  TicketPage,
  TicketWithThread,
} from '../../../shared/ports/ticket-store.ts';
import { emailIdItems, findTicketIdByEmailIds } from './email-repository.ts';
import { activeTicketPrefix, keys, queueStatusPartition, ticketIndexKeys } from './keys.ts';
import { narrowingFilter } from './narrowing-filter.ts';
import { type Cursor, decodeCursor, encodeCursor } from './page-cursor.ts';

type Item = Record<string, unknown>;

const BATCH_WRITE_LIMIT = 25;
const MAX_BATCH_ATTEMPTS = 8;

/** Thrown when a ticket changed between read and write; callers re-read and re-apply. */
export class StaleTicketError extends Error {}

/** DynamoDB adapter for the ticket store: one method per access pattern, no Scan anywhere. */
export class TicketRepository implements IngestStore, StaffStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // Pattern: duplicate guard and contact-by-identity, in one BatchGet.
  async lookupInbound(
    channel: Channel,
    providerMessageId: string,
    identities: Identity[],
  ): Promise<InboundLookup> {
    const guardKey = keys.inboundGuard(channel, providerMessageId);
    const items = await this.batchGet([guardKey, ...identities.map(keys.identity)]);
    const contactIdsByIdentity = new Map<string, string>();
    let guard: InboundGuard | undefined;
    for (const item of items) {
      if (item.PK === guardKey.PK) guard = toGuard(item);
      else if (typeof item.contactId === 'string')
        contactIdsByIdentity.set(String(item.identityKey), item.contactId);
    }
    return { guard, contactIdsByIdentity };
  }

  // Pattern: duplicate guard, a conditional write; a claim older than the lease is taken over with its ids kept.
  async claimInbound(guard: InboundGuard, leaseMs: number): Promise<ClaimResult> {
    const staleBefore = new Date(Date.parse(guard.claimedAt) - leaseMs).toISOString();
    try {
      const result = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.inboundGuard(guard.channel, guard.providerMessageId),
          UpdateExpression:
            'SET ticketId = if_not_exists(ticketId, :ticketId), messageId = if_not_exists(messageId, :messageId), claimedAt = :claimedAt, #channel = :channel, providerMessageId = :pmid',
          ConditionExpression: 'attribute_not_exists(PK) OR claimedAt < :staleBefore',
          ExpressionAttributeNames: { '#channel': 'channel' },
          ExpressionAttributeValues: {
            ':ticketId': guard.ticketId,
            ':messageId': guard.messageId,
            ':claimedAt': guard.claimedAt,
            ':channel': guard.channel,
            ':pmid': guard.providerMessageId,
            ':staleBefore': staleBefore,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { claimed: true, guard: toGuard(result.Attributes ?? {}) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.get(keys.inboundGuard(guard.channel, guard.providerMessageId));
      if (!existing) throw error;
      return { claimed: false, existing: toGuard(existing) };
    }
  }

  async messageExists(ticketId: string, messageId: string): Promise<boolean> {
    return (await this.get(keys.message(ticketId, messageId))) !== undefined;
  }

  async putContact(contact: Contact): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.contact(contact.id), entity: 'contact', ...contact },
      }),
    );
  }

  async linkIdentities(identities: Identity[], contactId: string): Promise<void> {
    await this.batchPut(identityItems(identities, contactId));
  }

  async getContact(contactId: string): Promise<Contact | undefined> {
    return strip<Contact>(await this.get(keys.contact(contactId)));
  }

  // Pattern: the contact's active ticket on a channel, newest first.
  async findActiveTicket(contactId: string, channel: Channel): Promise<Ticket | undefined> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byContact',
        KeyConditionExpression: 'GSI3PK = :pk AND begins_with(GSI3SK, :prefix)',
        ExpressionAttributeValues: { ':pk': `CONTACT#${contactId}`, ':prefix': activeTicketPrefix(channel) },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    return strip<Ticket>(result.Items?.[0]);
  }

  // Pattern: a contact's tickets, for the contact panel.
  async listContactTickets(contactId: string, limit = 50): Promise<Ticket[]> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byContact',
        KeyConditionExpression: 'GSI3PK = :pk',
        ExpressionAttributeValues: { ':pk': `CONTACT#${contactId}` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => strip<Ticket>(item) as Ticket);
  }

  async getTicket(ticketId: string): Promise<Ticket | undefined> {
    return strip<Ticket>(await this.get(keys.ticket(ticketId), true));
  }

  async findTicketByReference(reference: string): Promise<Ticket | undefined> {
    const pointer = await this.get(keys.reference(reference));
    return typeof pointer?.ticketId === 'string' ? this.getTicket(pointer.ticketId) : undefined;
  }

  async findTicketByEmailIds(messageIds: string[]): Promise<Ticket | undefined> {
    const ticketId = await findTicketIdByEmailIds(this.db, this.tableName, messageIds);
    return ticketId ? this.getTicket(ticketId) : undefined;
  }

  // Pattern: atomic reference counter, one item per year.
  async nextReferenceNumber(year: number): Promise<number> {
    const result = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.referenceCounter(year),
        UpdateExpression: 'ADD seq :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.seq);
  }

  async createTicket(write: NewTicketWrite): Promise<void> {
    const { ticket, message, contact } = write;
    const items: Item[] = [
      ticketItem(ticket, 1),
      { ...keys.message(ticket.id, message.id), entity: 'message', ...message },
      { ...keys.reference(ticket.reference), entity: 'reference', ticketId: ticket.id },
      ...emailIdItems(message),
      ...write.events.map(eventItem),
      ...identityItems(write.newIdentities, contact?.id ?? ticket.contactId),
    ];
    if (contact) items.push({ ...keys.contact(contact.id), entity: 'contact', ...contact });
    await this.batchPut(items);
  }

  async appendFollowUp(write: FollowUpWrite): Promise<void> {
    const { ticketId, message } = write;
    await this.batchPut([
      { ...keys.message(ticketId, message.id), entity: 'message', ...message },
      ...emailIdItems(message),
      ...write.events.map(eventItem),
      ...identityItems(write.newIdentities, message.authorId),
      ...(write.senderContact
        ? [{ ...keys.contact(write.senderContact.id), entity: 'contact', ...write.senderContact }]
        : []),
    ]);
    await this.updateTicket(ticketId, write.change);
  }

  /**
   * Rewrites a ticket under optimistic locking so index keys follow its fields; a concurrent change makes the
   * write re-read and re-apply `change` instead of losing the other writer's update.
   */
  async updateTicket(ticketId: string, change: (current: Ticket) => Ticket): Promise<Ticket> {
    let current = await this.getVersioned(ticketId);
    for (let attempt = 0; attempt < MAX_BATCH_ATTEMPTS; attempt++) {
      if (!current) throw new StaleTicketError(`Ticket ${ticketId} does not exist`);
      const next = change(current.ticket);
      // Nothing changed: no write, so a no-op (a re-run sweep, say) costs no write and bumps no version.
      if (next === current.ticket) return next;
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: ticketItem(next, current.version + 1),
            ConditionExpression: 'version = :version',
            ExpressionAttributeValues: { ':version': current.version },
          }),
        );
        return next;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        current = await this.getVersioned(ticketId);
      }
    }
    throw new StaleTicketError(
      `Ticket ${ticketId} kept changing; giving up after ${MAX_BATCH_ATTEMPTS} tries`,
    );
  }

  // Pattern: an agent's load — their active tickets, read through "my tickets" (bounded by their history there).
  async activeTicketCount(userId: string): Promise<number> {
    let count = 0;
    for await (const page of this.queryPages({
      IndexName: 'byAssignee',
      KeyConditionExpression: 'GSI2PK = :pk',
      FilterExpression: '#status IN (:new, :open, :waitingBeneficiary, :waitingInternal)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pk': `AGENT#${userId}`,
        ':new': 'new',
        ':open': 'open',
        ':waitingBeneficiary': 'pending_beneficiary',
        ':waitingInternal': 'pending_internal',
      },
      Select: 'COUNT',
    })) {
      count += page.Count ?? 0;
    }
    return count;
  }

  // Pattern: tickets whose next SLA check has come, from the sparse escalation index, one hour bucket.
  async ticketsDueInBucket(bucket: string, now: string): Promise<Ticket[]> {
    const items = await this.queryAll({
      IndexName: 'dueForEscalation',
      KeyConditionExpression: 'GSI4PK = :bucket AND GSI4SK <= :now',
      ExpressionAttributeValues: { ':bucket': bucket, ':now': `${now}#~` },
    });
    return items.map((item) => strip<Ticket>(item) as Ticket);
  }

  async getEscalationWatermark(): Promise<string | undefined> {
    const item = await this.get(keys.escalationWatermark());
    return typeof item?.sweptAt === 'string' ? item.sweptAt : undefined;
  }

  async setEscalationWatermark(sweptAt: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.escalationWatermark(), entity: 'watermark', sweptAt },
      }),
    );
  }

  async addEvents(events: TicketEventRecord[]): Promise<void> {
    await this.batchPut(events.map(eventItem));
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
      tickets: merged.map((entry) => strip<Ticket>(entry.item) as Ticket),
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
        .map((item) => strip<Message>(item) as Message),
      events: items
        .filter((item) => String(item.SK).startsWith('EVT#'))
        .map((item) => strip<TicketEventRecord>(item) as TicketEventRecord),
    };
  }

  async addMessage(
    ticket: Ticket,
    message: Message,
    events: TicketEventRecord[],
    change: (current: Ticket) => Ticket = (current) => current,
  ): Promise<void> {
    const items: Item[] = [
      { ...keys.message(ticket.id, message.id), entity: 'message', ...message },
      ...emailIdItems(message),
      ...events.map(eventItem),
    ];
    if (message.direction === 'outbound' && message.providerMessageId) {
      items.push({
        ...keys.outboundMessage(message.channel, message.providerMessageId),
        entity: 'outbound',
        ticketId: ticket.id,
        messageId: message.id,
      });
    }
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

  // Pattern: a provider's delivery report (sent/delivered/read/failed) finds our outbound message by its provider id.
  async updateDeliveryStatus(
    channel: Channel,
    providerMessageId: string,
    status: DeliveryStatus,
    failureReason?: string,
  ): Promise<{ ticketId: string; messageId: string } | undefined> {
    const pointer = await this.get(keys.outboundMessage(channel, providerMessageId));
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
  }

  async getStaffUser(userId: string): Promise<StaffUser | undefined> {
    return strip<StaffUser>(await this.get(keys.staffUser(userId)));
  }

  async listStaffUsers(): Promise<StaffUser[]> {
    return (await this.queryPartition('CONFIG#STAFF')).map((item) => strip<StaffUser>(item) as StaffUser);
  }

  async findLogin(email: string): Promise<{ userId: string; passwordHash: string } | undefined> {
    const item = await this.get(keys.staffLogin(email));
    return item ? { userId: String(item.userId), passwordHash: String(item.passwordHash) } : undefined;
  }

  /** Records that a one-time job ran; true only for the first caller. */
  async markOnce(name: string): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.marker(name), entity: 'marker', at: new Date().toISOString() },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async getVersioned(ticketId: string): Promise<{ ticket: Ticket; version: number } | undefined> {
    const item = await this.get(keys.ticket(ticketId), true);
    return item ? { ticket: strip<Ticket>(item) as Ticket, version: Number(item.version ?? 0) } : undefined;
  }

  private async queryPartition(pk: string): Promise<Item[]> {
    return this.queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } });
  }

  /** Every page of a Query on the table, one request a page. */
  private async *queryPages(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: startKey }),
      );
      yield page;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Item[]> {
    const items: Item[] = [];
    for await (const page of this.queryPages(input)) items.push(...(page.Items ?? []));
    return items;
  }

  private async get(key: { PK: string; SK: string }, consistent = false): Promise<Item | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: consistent }),
    );
    return result.Item;
  }

  private async batchGet(keyList: { PK: string; SK: string }[]): Promise<Item[]> {
    const found: Item[] = [];
    let pending: Record<string, unknown>[] = dedupeKeys(keyList);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_BATCH_ATTEMPTS) throw new Error('BatchGet kept returning unprocessed keys');
      const result = await this.db.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      found.push(...(result.Responses?.[this.tableName] ?? []));
      pending = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      if (pending.length > 0) await backoff(attempt);
    }
    return found;
  }

  private async batchPut(items: Item[]): Promise<void> {
    for (let start = 0; start < items.length; start += BATCH_WRITE_LIMIT) {
      let pending = items.slice(start, start + BATCH_WRITE_LIMIT).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= MAX_BATCH_ATTEMPTS) throw new Error('BatchWrite kept returning unprocessed items');
        const result = await this.db.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }),
        );
        pending = (result.UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
        if (pending.length > 0) await backoff(attempt);
      }
    }
  }
}

const DELIVERY_RANK: Record<DeliveryStatus, number> = {
  pending: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 4,
};

/** A ticket as stored: its fields, its index keys and its version (also used to seed benchmarks). */
export function ticketItem(ticket: Ticket, version: number): Item {
  return { ...keys.ticket(ticket.id), entity: 'ticket', ...ticketIndexKeys(ticket), ...ticket, version };
}

function eventItem(event: TicketEventRecord): Item {
  return { ...keys.event(event.ticketId, event.id), entity: 'event', ...event };
}

function identityItems(identities: Identity[], contactId: string): Item[] {
  return identities.map((identity) => ({
    ...keys.identity(identity),
    entity: 'identity',
    identityKey: identityKey(identity),
    contactId,
  }));
}

function toGuard(item: Item): InboundGuard {
  return {
    channel: item.channel as Channel,
    providerMessageId: String(item.providerMessageId),
    ticketId: String(item.ticketId),
    messageId: String(item.messageId),
    claimedAt: String(item.claimedAt),
  };
}

const STORAGE_ATTRIBUTES = new Set([
  'PK',
  'SK',
  'entity',
  'version',
  'deliveryRank',
  'GSI1PK',
  'GSI1SK',
  'GSI2PK',
  'GSI2SK',
  'GSI3PK',
  'GSI3SK',
  'GSI4PK',
  'GSI4SK',
  'GSI5PK',
  'GSI5SK',
]);

/** Removes storage keys so the domain sees only its own fields. */
export function strip<T>(item: Item | undefined): T | undefined {
  if (!item) return undefined;
  return Object.fromEntries(Object.entries(item).filter(([name]) => !STORAGE_ATTRIBUTES.has(name))) as T;
}

function dedupeKeys(keyList: { PK: string; SK: string }[]): { PK: string; SK: string }[] {
  const seen = new Map(keyList.map((key) => [`${key.PK}|${key.SK}`, key]));
  return [...seen.values()];
}

function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
}
