import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../../../shared/domain/channel.ts';
import type { Contact } from '../../../shared/domain/contact.ts';
import { ConflictError, NotFoundError } from '../../../shared/domain/errors.ts';
import { type Identity, identityKey } from '../../../shared/domain/identity.ts';
import type { Ticket } from '../../../shared/domain/ticket.ts';
import type {
  ConversationClaim,
  ConversationPointer,
  DeliveryGuard,
  DeliveryIntent,
  FollowUpIntent,
  FollowUpResult,
  InboundGuard,
  InboundLookup,
  IngestStore,
  NewTicketIntent,
  TicketEventRecord,
  TicketOpeningResult,
} from '../../../shared/ports/ticket-store.ts';
import { emailIdItems, findTicketIdByEmailIds } from './email-repository.ts';
import { keys } from './keys.ts';
import { backoff, type Item, MAX_BATCH_ATTEMPTS, strip, TableAccess } from './table-access.ts';
import {
  contactItem,
  eventItems,
  guardItem,
  identityItems,
  messageItem,
  ticketItem,
  toGuard,
  transactionPut,
} from './ticket-items.ts';

/** A ticket kept changing under a write (a 409 the caller may retry). */
export class StaleTicketError extends ConflictError {}

/**
 * The intake's side of the table: delivery guards with their committed intents, conversation pointers,
 * contacts and identities, and the ticket writes an intake makes (one method per access pattern, no Scan).
 */
export class IntakeRepository extends TableAccess implements IngestStore {
  // Pattern: duplicate guard, contact-by-identity and each identity's conversation on the channel, in one BatchGet.
  async lookupInbound(
    channel: Channel,
    providerMessageId: string,
    identities: Identity[],
    earlierIds: string[] = [],
  ): Promise<InboundLookup> {
    const guardKeys = [providerMessageId, ...earlierIds].map((id) => keys.inboundGuard(channel, id));
    const items = await this.batchGet([
      ...guardKeys,
      ...identities.map(keys.identity),
      ...identities.map((identity) => keys.conversation(channel, identity)),
    ]);
    const lookup: InboundLookup = { contactIdsByIdentity: new Map(), conversations: new Map() };
    const guards = new Map<string, InboundGuard>();
    for (const item of items) {
      if (item.entity === 'conversation') {
        const pointer = strip<ConversationPointer>(item) as ConversationPointer;
        lookup.conversations.set(identityKey(pointer.identity), pointer);
      } else if (guardKeys.some((key) => key.PK === item.PK)) guards.set(String(item.PK), toGuard(item));
      else if (typeof item.contactId === 'string')
        lookup.contactIdsByIdentity.set(String(item.identityKey), item.contactId);
    }
    const [own, ...earlier] = guardKeys.map((key) => guards.get(key.PK));
    lookup.guard = own?.outcome ? own : (earlier.find((guard) => guard?.outcome) ?? own);
    return lookup;
  }

  async getGuard(channel: Channel, providerMessageId: string): Promise<InboundGuard | undefined> {
    const item = await this.get(keys.inboundGuard(channel, providerMessageId), true);
    return item ? toGuard(item) : undefined;
  }

  /**
   * Every write is a put of the same values; the ticket, which staff change from then on, only if absent. A new
   * ticket reaches here only from an intent an earlier version committed (they are now opened in one transaction).
   */
  async applyDelivery(intent: DeliveryIntent): Promise<void> {
    await this.batchPut(deliveryItems(intent));
    if (intent.kind !== 'new_ticket') return;
    if (casePointerOf(intent)) await this.openCase(intent.ticket.contactId, intent.ticket.id);
    // Last: a ticket that exists is whole, so the inbox never shows one without its message.
    await this.putIfAbsent(this.correlated(ticketItem(intent.ticket, 1)), 'attribute_not_exists(PK)');
  }

  // Pattern: a new ticket, everything it needs, its delivery's guard and its sender's conversations, in one
  // transaction; each conversation conditionally, so concurrent first messages of a sender make one ticket.
  async openTicket(
    guard: DeliveryGuard,
    intent: NewTicketIntent,
    conversations: ConversationClaim[],
  ): Promise<TicketOpeningResult> {
    const put = transactionPut(this.tableName);
    const contactId = casePointerOf(intent) ? intent.ticket.contactId : undefined;
    // Each pointer only where it still points as the sender's lookup saw it (nowhere: absent).
    const conversationWrites = conversations.map(({ pointer, seen }) => {
      const item = {
        ...keys.conversation(pointer.channel, pointer.identity),
        entity: 'conversation',
        ...pointer,
      };
      return seen === undefined
        ? put(item, 'attribute_not_exists(PK)')
        : put(item, 'ticketId = :seen', { ':seen': seen });
    });
    const writes = [
      put({ ...guardItem(guard), opened: true }, 'attribute_not_exists(outcome)'),
      ...deliveryItems(intent).map((item) => put(item)),
      put(this.correlated(ticketItem(intent.ticket, 1)), 'attribute_not_exists(PK)'),
      ...conversationWrites,
      ...(contactId
        ? [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.contact(contactId),
                UpdateExpression: 'SET openCaseTicketId = :ticketId',
                ConditionExpression: 'attribute_exists(PK)',
                ExpressionAttributeValues: { ':ticketId': intent.ticket.id },
              },
            },
          ]
        : []),
    ];
    const outcome = await this.transact<(typeof writes)[number]>(writes);
    if (outcome === 'written') return 'opened';
    if (outcome.failed(writes[0])) return 'duplicate';
    if (conversationWrites.some(outcome.failed)) return 'conversation_taken';
    if (contactId && outcome.failed(writes.at(-1)))
      throw new ConflictError('The contact this application belongs to was removed meanwhile; retry');
    throw outcome.error;
  }

  // Pattern: a follow-up, its delivery's guard, the ticket under its version and the change's events, in one
  // transaction.
  async appendToTicket(
    guard: DeliveryGuard,
    intent: FollowUpIntent,
    changed: { ticket: Ticket; version: number; events: TicketEventRecord[] },
  ): Promise<FollowUpResult> {
    const put = transactionPut(this.tableName);
    const writes = [
      put(guardItem(guard), 'attribute_not_exists(outcome)'),
      ...deliveryItems(intent).map((item) => put(item)),
      ...eventItems(changed.events).map((item) => put(item)),
      put(this.correlated(ticketItem(changed.ticket, changed.version + 1)), 'version = :version', {
        ':version': changed.version,
      }),
    ];
    const outcome = await this.transact(writes);
    if (outcome === 'written') return 'appended';
    if (outcome.failed(writes[0])) return 'duplicate';
    if (outcome.failed(writes.at(-1))) return 'stale';
    throw outcome.error;
  }

  /**
   * One transaction, tried again while another one on the same items runs (the same message delivered twice, the
   * sender's next message): the next try finds what it wrote. A cancelled one answers which writes failed.
   */
  protected async transact<Write extends object>(
    writes: Write[],
  ): Promise<'written' | { failed(write: Write | undefined): boolean; error: unknown }> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: writes as never }));
        return 'written';
      } catch (error) {
        const reasons =
          error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
        const failed = (write: Write | undefined) =>
          write !== undefined && reasons[writes.indexOf(write)]?.Code === 'ConditionalCheckFailed';
        if (reasons.some(failedCondition)) return { failed, error };
        if (reasons.some((reason) => reason.Code === 'TransactionConflict') && attempt < MAX_BATCH_ATTEMPTS) {
          await backoff(attempt);
          continue;
        }
        throw error;
      }
    }
  }

  /** A ticket item as written under the current request's id (absent outside any request). */
  protected correlated(item: Item): Item {
    const correlationId = this.correlationIdNow();
    return correlationId ? { ...item, correlationId } : item;
  }

  async markApplied(channel: Channel, providerMessageId: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.inboundGuard(channel, providerMessageId),
        // The intent is no longer needed once applied; dropping it keeps the guard small. (`intent`: as guards
        // written before intents were packed keep it.)
        UpdateExpression: 'SET applied = :yes REMOVE packedIntent, intent',
        ExpressionAttributeValues: { ':yes': true },
      }),
    );
  }

  async getContact(contactId: string): Promise<Contact | undefined> {
    return strip<Contact>(await this.get(keys.contact(contactId), true));
  }

  async getTicket(ticketId: string): Promise<Ticket | undefined> {
    return strip<Ticket>(await this.get(keys.ticket(ticketId), true));
  }

  /** Several tickets in one BatchGetItem; those not found are left out. */
  async getTickets(ticketIds: string[]): Promise<Ticket[]> {
    if (ticketIds.length === 0) return [];
    const items = await this.batchGet(ticketIds.map(keys.ticket));
    return items.map((item) => strip<Ticket>(item) as Ticket);
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

  /**
   * Rewrites a ticket under optimistic locking so index keys follow its fields; a concurrent change makes the
   * write re-read and re-apply `change` instead of losing the other writer's update.
   */
  async updateTicket(ticketId: string, change: (current: Ticket) => Ticket): Promise<Ticket> {
    let current = await this.getVersionedTicket(ticketId);
    for (let attempt = 0; attempt < MAX_BATCH_ATTEMPTS; attempt++) {
      if (!current) throw new NotFoundError(`Ticket ${ticketId}`);
      const next = change(current.ticket);
      // Nothing changed: no write, so a no-op (a re-run sweep, say) costs no write and bumps no version.
      if (next === current.ticket) return next;
      const written = await this.putIfAbsent(
        this.correlated(ticketItem(next, current.version + 1)),
        'version = :version',
        {
          ':version': current.version,
        },
      );
      if (written) return next;
      await backoff(attempt);
      current = await this.getVersionedTicket(ticketId);
    }
    throw new StaleTicketError(
      `Ticket ${ticketId} kept changing; giving up after ${MAX_BATCH_ATTEMPTS} tries`,
    );
  }

  async addEvents(events: TicketEventRecord[]): Promise<void> {
    await this.batchPut(eventItems(events));
  }

  async getVersionedTicket(ticketId: string): Promise<{ ticket: Ticket; version: number } | undefined> {
    const item = await this.get(keys.ticket(ticketId), true);
    return item ? { ticket: strip<Ticket>(item) as Ticket, version: Number(item.version ?? 0) } : undefined;
  }

  /** A known contact's pointer to the support case just opened (a new contact is written with it). */
  private async openCase(contactId: string, ticketId: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.contact(contactId),
          UpdateExpression: 'SET openCaseTicketId = :ticketId',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':ticketId': ticketId },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** A conditional put; false when the condition did not hold. */
  protected async putIfAbsent(
    item: Item,
    condition: string,
    values?: Record<string, unknown>,
  ): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

const failedCondition = (reason: { Code?: string }) => reason.Code === 'ConditionalCheckFailed';

/** What a delivery writes besides its ticket and a known contact's case pointer, as items. */
function deliveryItems(intent: DeliveryIntent): Item[] {
  const contact = intent.kind === 'new_ticket' ? intent.contact : intent.senderContact;
  const contactId = intent.kind === 'new_ticket' ? intent.ticket.contactId : intent.message.authorId;
  return [
    messageItem(intent.message),
    ...(contact ? [contactItem(contact)] : []),
    ...emailIdItems(intent.message),
    ...identityItems(intent.newIdentities, contactId),
    ...(intent.kind === 'new_ticket'
      ? [
          { ...keys.reference(intent.ticket.reference), entity: 'reference', ticketId: intent.ticket.id },
          ...eventItems(intent.events),
        ]
      : []),
  ];
}

/** A support case opened for a contact already known: their contact item is pointed at it. */
const casePointerOf = (intent: DeliveryIntent) =>
  intent.kind === 'new_ticket' && !intent.contact && Boolean(intent.ticket.supportCase);
