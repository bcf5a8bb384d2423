import type { Channel } from './channel.ts';
import type { Priority, TicketType } from './ticket.ts';
import { atRisk, type TicketRow } from './ticket-row.ts';

/** What the inbox narrows a view to, besides queue and status (which choose the index partitions). */
export interface TicketNarrowing {
  channel?: Channel;
  priority?: Priority;
  type?: TicketType;
  branch?: string;
  unassigned?: boolean;
  /** At risk at this instant: a running clock past its warning (or breached), the ticket not paused. */
  atRiskAt?: string;
}

export function matchesNarrowing(ticket: TicketRow, narrowing: TicketNarrowing): boolean {
  if (narrowing.channel && ticket.channel !== narrowing.channel) return false;
  if (narrowing.priority && ticket.priority !== narrowing.priority) return false;
  if (narrowing.type && ticket.type !== narrowing.type) return false;
  if (narrowing.branch && ticket.branch !== narrowing.branch) return false;
  if (narrowing.unassigned && ticket.assigneeId) return false;
  if (narrowing.atRiskAt && !atRisk(ticket, narrowing.atRiskAt)) return false;
  return true;
}
