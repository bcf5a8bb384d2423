import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Queue } from '../../../shared/domain/queue.ts';
import type { StaffUser } from '../../../shared/domain/staff.ts';
import type { AssignmentSource } from '../../../shared/routing/assignment.ts';
import { cachedRead, configurationChanged } from './config-cache.ts';
import { assigneePartition, keys } from './keys.ts';
import { type Item, strip, TableAccess } from './table-access.ts';

/**
 * The team: queues and staff records (each a small configuration partition) and each member's load, as assignment
 * and notices read them.
 */
export class StaffDirectoryRepository extends TableAccess {
  async putQueue(queue: Queue): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.queue(queue.id), entity: 'queue', ...queue },
      }),
    );
    configurationChanged();
  }

  /** Writes a new queue; false when one with its id exists (two admins creating it at once: one wins). */
  async addQueue(queue: Queue): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.queue(queue.id), entity: 'queue', ...queue },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
    configurationChanged();
    return true;
  }

  // Pattern: configuration lists live in one small partition each.
  async listQueues(): Promise<Queue[]> {
    return (await this.queryPartition(keys.queue('').PK)).map((item) => strip<Queue>(item) as Queue);
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
    return (await this.queryPartition(keys.staffUser('').PK)).map(
      (item) => strip<StaffUser>(item) as StaffUser,
    );
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

  /**
   * Queues and staff records for assignment, re-read at most every `ttlMs` (or after this process changes them):
   * every new contact asks, and both change rarely.
   */
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
  private async queryPartition(pk: string): Promise<Item[]> {
    return this.queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } });
  }
}
