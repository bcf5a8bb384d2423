import type { TicketRow } from '../../../shared/domain/ticket-row.ts';

export type SlaState =
  | { kind: 'none' }
  | { kind: 'paused' }
  | { kind: 'breached' }
  | { kind: 'warning' | 'ok'; msLeft: number };

/** The SLA badge of a list row (or a ticket made one): the nearest due time of its running clocks wins. */
export function slaState(row: Pick<TicketRow, 'status' | 'slaBadge'>, now: number): SlaState {
  const badge = row.slaBadge;
  if (!badge || row.status === 'resolved' || row.status === 'closed') return { kind: 'none' };
  if (badge.pausedAt) return { kind: 'paused' };
  const due = Date.parse(badge.dueAt);
  if (badge.breached || due <= now) return { kind: 'breached' };
  const warning = badge.warned || Date.parse(badge.warnAt) <= now;
  return { kind: warning ? 'warning' : 'ok', msLeft: due - now };
}
