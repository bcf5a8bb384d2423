import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../../../shared/domain/channel.ts';
import type { Contact } from '../../../shared/domain/contact.ts';
import type { Identity } from '../../../shared/domain/identity.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { Queue } from '../../../shared/domain/queue.ts';
import type { StaffUser } from '../../../shared/domain/staff.ts';
import { isActive, type Ticket } from '../../../shared/domain/ticket.ts';
import type {
  StaffStore,
  TicketEventRecord,
  TicketListQuery,
  TicketPage,
  TicketWithThread,
} from '../../../shared/ports/ticket-store.ts';
import { emailIdItems } from './email-repository.ts';
import { activeTicketPrefix, contactTicketsPartition, keys, queueStatusPartition } from './keys.ts';
import { narrowingFilter } from './narrowing-filter.ts';
import { type Cursor, decodeCursor, encodeCursor } from './page-cursor.ts';
import { ReplyRepository } from './reply-repository.ts';
import { StaffDirectoryRepository } from './staff-directory-repository.ts';
import { type Item, rowOf, strip } from './table-access.ts';
import {
  contactItem,
  eventItems,
  eventsIn,
  identityItems,
  messageItem,
  outboundPointer,
} from './ticket-items.ts';

/** DynamoDB adapter for the ticket store: one method per access pattern, no Scan anywhere. */
export class TicketRepository extends ReplyRepository implements StaffStore {
  /** The team's queues, staff and load, which the staff use cases also read and write through the store. */
  readonly directory = new StaffDirectoryRepository(this.db, this.tableName);

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

  listQueues(): Promise<Queue[]> {
    return this.directory.listQueues();
  }

  putQueue(queue: Queue): Promise<void> {
    return this.directory.putQueue(queue);
  }

  addQueue(queue: Queue): Promise<boolean> {
    return this.directory.addQueue(queue);
  }

  getStaffUser(userId: string): Promise<StaffUser | undefined> {
    return this.directory.getStaffUser(userId);
  }

  listStaffUsers(): Promise<StaffUser[]> {
    return this.directory.listStaffUsers();
  }

  putStaffUser(user: StaffUser, passwordHash?: string): Promise<void> {
    return this.directory.putStaffUser(user, passwordHash);
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
