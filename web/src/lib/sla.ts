import type { InboxTicket } from './api/types.ts';

export type SlaState =
  | { kind: 'none' }
  | { kind: 'paused' }
  | { kind: 'breached' }
  | { kind: 'warning' | 'ok'; msLeft: number };

/** The SLA badge of a ticket from its running clocks; the nearest due time wins. */
export function slaState(ticket: InboxTicket, now: number): SlaState {
  const sla = ticket.sla;
  if (!sla || ticket.status === 'resolved' || ticket.status === 'closed') return { kind: 'none' };
  if (sla.pausedAt) return { kind: 'paused' };
  const clocks = Object.values(sla.clocks);
  if (clocks.some((clock) => clock.breached || Date.parse(clock.dueAt) <= now)) return { kind: 'breached' };
  const due = clocks.map((clock) => Date.parse(clock.dueAt)).sort((a, b) => a - b)[0];
  if (due === undefined) return { kind: 'none' };
  const warning = clocks.some((clock) => clock.warned || Date.parse(clock.warnAt) <= now);
  return { kind: warning ? 'warning' : 'ok', msLeft: due - now };
}
