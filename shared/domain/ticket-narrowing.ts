import type { SlaClockName } from '../sla/policy.ts';
import { SLA_CLOCKS } from '../sla/policy.ts';
import type { Channel } from './channel.ts';
import type { Priority, Ticket, TicketType } from './ticket.ts';

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

/** The clock whose warning has come, if any: the same test the store applies as a filter. */
export function warnedClock(ticket: Pick<Ticket, 'sla'>, at: string): SlaClockName | undefined {
  const sla = ticket.sla;
  if (!sla || sla.pausedAt) return undefined;
  return SLA_CLOCKS.find((name) => {
    const clock = sla.clocks[name];
    return clock !== undefined && clock.warnAt <= at;
  });
}

export function matchesNarrowing(ticket: Ticket, narrowing: TicketNarrowing): boolean {
  if (narrowing.channel && ticket.channel !== narrowing.channel) return false;
  if (narrowing.priority && ticket.priority !== narrowing.priority) return false;
  if (narrowing.type && ticket.type !== narrowing.type) return false;
  if (narrowing.branch && ticket.branch !== narrowing.branch) return false;
  if (narrowing.unassigned && ticket.assigneeId) return false;
  if (narrowing.atRiskAt && !warnedClock(ticket, narrowing.atRiskAt)) return false;
  return true;
}
