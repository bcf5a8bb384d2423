import type { Ticket } from '../domain/ticket.ts';
import type { TicketSla } from '../sla/clocks.ts';
import { COMMITTEE_WINDOW_DAYS } from '../workflow/support-request.ts';

/**
 * What reports read from a ticket item. Besides the ticket's own timestamps, three fields are written by other
 * parts of the system; this is the contract they fill:
 * - `branch`: the society branch the ticket belongs to (routing); absent → counted under NO_BRANCH.
 * - `sla.breachedAt`: when the first SLA target of the ticket was breached (SLA clocks); `sla.breaches`: how many
 *   times the ticket was open (created or reopened) and its windows were breached, the latest dated
 *   `sla.lastBreachedAt` (absent on older tickets: one if `breachedAt`); `sla.escalationLevel`: the highest
 *   escalation level reached so far: 1 the warning, 2 the breach, each further level one more.
 * - `satisfaction`: the beneficiary's survey answer, `score` 1–5, `answeredAt` ISO time (satisfaction survey).
 * - `committeeDecision`: `referredAt` when the case reached the research committee, `decidedAt` when it
 *   decided (support-request workflow); the policy's window for a decision is two calendar weeks.
 */
export interface ReportedTicket extends Omit<Ticket, 'sla'> {
  sla?: Partial<TicketSla>;
}

export const NO_BRANCH = 'none';
export const COMMITTEE_WINDOW_MS = COMMITTEE_WINDOW_DAYS * 24 * 3_600_000;

/** Reports count days as the society lives them: Riyadh time is UTC+3 all year (no daylight saving). */
const RIYADH_OFFSET_MS = 3 * 3_600_000;

export function riyadhDay(at: string | Date): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(ms + RIYADH_OFFSET_MS).toISOString().slice(0, 10);
}

export function branchOf(ticket: ReportedTicket): string {
  return ticket.branch ?? NO_BRANCH;
}

export function elapsed(from: string, to: string): number {
  return Math.max(0, Date.parse(to) - Date.parse(from));
}
