import type { InboxTicket } from './api/types.ts';

export type SlaState =
  | { kind: 'none' }
  | { kind: 'paused' }
  | { kind: 'breached' }
  | { kind: 'warning' | 'ok'; msLeft: number };

/** The SLA badge of a ticket from its clocks (absent until the SLA engine starts them); the nearest due wins. */
export function slaState(ticket: InboxTicket, now: number): SlaState {
  const sla = ticket.sla;
  if (!sla || ticket.status === 'resolved' || ticket.status === 'closed') return { kind: 'none' };
  if (sla.pausedAt) return { kind: 'paused' };
  const due = [sla.firstResponseDueAt, sla.nextResponseDueAt, sla.resolutionDueAt]
    .filter((at): at is string => Boolean(at))
    .map((at) => Date.parse(at))
    .sort((a, b) => a - b)[0];
  if (sla.breachedAt || (due !== undefined && due <= now)) return { kind: 'breached' };
  if (due === undefined) return { kind: 'none' };
  const warning = sla.warningAt !== undefined && Date.parse(sla.warningAt) <= now;
  return { kind: warning ? 'warning' : 'ok', msLeft: due - now };
}

export function isAtRisk(ticket: InboxTicket, now: number): boolean {
  const state = slaState(ticket, now).kind;
  return state === 'breached' || state === 'warning';
}
