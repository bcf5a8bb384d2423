import type { Message } from '../domain/message.ts';
import type { BusinessTime } from './business-time.ts';
import { COMMITTEE_WINDOW_MS, elapsed, type ReportedTicket } from './reported-ticket.ts';
import { escalationsAt } from './transitions.ts';

/** One ticket's service figures; durations in milliseconds, business ones through the given calendar. */
export interface TicketMetrics {
  firstResponseMs?: number;
  firstResponseBusinessMs?: number;
  /**
   * Each later wait: from the beneficiary's latest message to the reply that answered it (the ticket item keeps
   * only `lastInboundAt`, so the live aggregates measure the same way).
   */
  nextResponsesMs: number[];
  resolutionMs?: number;
  resolutionBusinessMs?: number;
  breached: boolean;
  /** The breach and each further level (a warning is not an escalation). */
  escalations: number;
  /** Times the ticket came back after being resolved or closed. */
  reopenings: number;
  satisfactionScore?: number;
  committeeDecidedWithinWindow?: boolean;
}

const between = (businessTime: BusinessTime, from: string, to: string) =>
  businessTime(new Date(from), new Date(to));

/**
 * Figures of one ticket from its thread. Notes are internal and never count as a response; `reopenings`
 * comes from the ticket's status history (its `status_changed` events), passed in as statuses in order.
 */
export function ticketMetrics(
  ticket: ReportedTicket,
  messages: readonly Message[],
  businessTime: BusinessTime,
  statusHistory: readonly string[] = [],
): TicketMetrics {
  const thread = messages
    .filter((message) => message.direction !== 'note')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const firstResponse = thread.find((message) => message.direction === 'outbound');
  const nextResponsesMs: number[] = [];
  let waitingSince: string | undefined;
  let answeredOnce = false;
  for (const message of thread) {
    if (message.direction === 'inbound') {
      waitingSince = message.createdAt;
    } else if (waitingSince) {
      if (answeredOnce) nextResponsesMs.push(elapsed(waitingSince, message.createdAt));
      answeredOnce = true;
      waitingSince = undefined;
    }
  }
  const decision = ticket.committeeDecision;
  return {
    firstResponseMs: firstResponse ? elapsed(ticket.createdAt, firstResponse.createdAt) : undefined,
    firstResponseBusinessMs: firstResponse
      ? between(businessTime, ticket.createdAt, firstResponse.createdAt)
      : undefined,
    nextResponsesMs,
    resolutionMs: ticket.resolvedAt ? elapsed(ticket.createdAt, ticket.resolvedAt) : undefined,
    resolutionBusinessMs: ticket.resolvedAt
      ? between(businessTime, ticket.createdAt, ticket.resolvedAt)
      : undefined,
    breached: ticket.sla?.breachedAt !== undefined,
    escalations: escalationsAt(ticket.sla?.escalationLevel ?? 0),
    reopenings: countReopenings(statusHistory),
    satisfactionScore: ticket.satisfaction?.score,
    committeeDecidedWithinWindow: decision?.decidedAt
      ? elapsed(decision.referredAt, decision.decidedAt) <= COMMITTEE_WINDOW_MS
      : undefined,
  };
}

const DONE = new Set(['resolved', 'closed']);

export function countReopenings(statuses: readonly string[]): number {
  let count = 0;
  for (let i = 1; i < statuses.length; i++) {
    if (DONE.has(statuses[i - 1] as string) && !DONE.has(statuses[i] as string)) count++;
  }
  return count;
}
