import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { STARTING_QUEUES } from '../../shared/domain/queue.ts';
import type { TicketRow } from '../../shared/domain/ticket-row.ts';
import { TICKET_STATUSES } from '../../shared/domain/ticket-terms.ts';

/** Every ticket a runtime's store holds, as the inbox lists it, page by page. */
export async function everyTicketRow(runtime: Pick<LocalRuntime, 'deps'>): Promise<TicketRow[]> {
  const rows: TicketRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await runtime.deps.store.listTickets({
      queueIds: STARTING_QUEUES.map((queue) => queue.id),
      statuses: [...TICKET_STATUSES],
      limit: 100,
      cursor,
    });
    rows.push(...page.tickets);
    cursor = page.cursor;
  } while (cursor);
  return rows;
}
