import type { TicketSla } from '../sla/clocks.ts';
import type { Ticket } from './ticket.ts';

/**
 * What an inbox list row shows of a ticket, and all the list's filters read. The list indexes keep only these,
 * so a row stays under 1 KB however much the ticket holds (a support case's application, its clocks' levels).
 */
export const TICKET_ROW_FIELDS = [
  'id',
  'reference',
  'type',
  'status',
  'priority',
  'queueId',
  'assigneeId',
  'contactName',
  'channel',
  'subject',
  'preview',
  'lastActivityAt',
  'branch',
] as const satisfies readonly (keyof Ticket)[];

/** The SLA badge's facts: the nearest warning and due time of the running clocks, and whether any passed. */
export interface SlaBadge {
  warnAt: string;
  dueAt: string;
  warned?: true;
  breached?: true;
  /** Set while the ticket waits on the beneficiary: the clocks stand still. */
  pausedAt?: string;
}

export type TicketRow = Pick<Ticket, (typeof TICKET_ROW_FIELDS)[number]> & { slaBadge?: SlaBadge };

/** The badge of a ticket's clocks; none when no clock runs. */
export function slaBadgeOf(sla: TicketSla | undefined): SlaBadge | undefined {
  const clocks = Object.values(sla?.clocks ?? {});
  if (!sla || clocks.length === 0) return undefined;
  // Instants as ISO strings, which sort as they fall.
  const earliest = (instants: string[]) => instants.sort()[0] as string;
  return {
    warnAt: earliest(clocks.map((clock) => clock.warnAt)),
    dueAt: earliest(clocks.map((clock) => clock.dueAt)),
    ...(clocks.some((clock) => clock.warned) && { warned: true }),
    ...(clocks.some((clock) => clock.breached) && { breached: true }),
    ...(sla.pausedAt && { pausedAt: sla.pausedAt }),
  };
}

/**
 * A ticket as a list row (a search result, a ticket fetched after a push); a list index's item is one already,
 * with the badge written beside it.
 */
export function ticketRow(ticket: Ticket, slaBadge = slaBadgeOf(ticket.sla)): TicketRow {
  const row: Record<string, unknown> = {};
  for (const field of TICKET_ROW_FIELDS) if (ticket[field] !== undefined) row[field] = ticket[field];
  return { ...(row as TicketRow), ...(slaBadge && { slaBadge }) };
}

/** At risk at an instant: a running clock's warning has come (or its breach), and the ticket is not paused. */
export function atRisk(row: Pick<TicketRow, 'slaBadge'>, at: string): boolean {
  return row.slaBadge !== undefined && !row.slaBadge.pausedAt && row.slaBadge.warnAt <= at;
}
