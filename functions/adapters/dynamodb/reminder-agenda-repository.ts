import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AgendaEntry, ReminderAgenda } from '../../../shared/ports/reminder-agenda.ts';
import { keys } from './keys.ts';
import { TableAccess } from './table-access.ts';

/** DynamoDB adapter of the reminder agenda: one small item per case and instant, sorted by due time. */
export class ReminderAgendaRepository extends TableAccess implements ReminderAgenda {
  async schedule(entry: AgendaEntry): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.reminderAgenda(entry.at, entry.ticketId), entity: 'reminder-agenda', ...entry },
      }),
    );
  }

  async due(now: string, limit: number): Promise<AgendaEntry[]> {
    const { PK } = keys.reminderAgenda(now, '');
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :agenda AND SK <= :now',
        ExpressionAttributeValues: { ':agenda': PK, ':now': `${now}#~` },
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map((item) => ({ ticketId: String(item.ticketId), at: String(item.at) }));
  }

  async remove(entry: AgendaEntry): Promise<void> {
    await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.reminderAgenda(entry.at, entry.ticketId) }),
    );
  }
}
