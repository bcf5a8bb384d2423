import type { IdGenerator } from '../ports/ids.ts';
import type { TicketEventRecord } from '../ports/ticket-store.ts';

/** Something that happened on a ticket at `at`, under a fresh id; `actorId` when a person did it. */
export function ticketEvent(
  ids: IdGenerator,
  ticketId: string,
  type: string,
  at: string,
  data: Record<string, unknown>,
  actorId?: string,
): TicketEventRecord {
  return { id: ids.next(), ticketId, type, at, data, ...(actorId && { actorId }) };
}
