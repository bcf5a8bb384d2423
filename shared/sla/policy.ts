import type { Priority, TicketType } from '../domain/ticket-terms.ts';

/** `committeeDecision` runs only while a support request waits on the research committee's decision. */
export const SLA_CLOCKS = ['firstResponse', 'nextResponse', 'resolution', 'committeeDecision'] as const;
export type SlaClockName = (typeof SLA_CLOCKS)[number];

/**
 * Response windows for the tickets it applies to, counted in the society's working time or in calendar time
 * (the research committee's two-week decision window is calendar time).
 */
export interface SlaPolicy {
  id: string;
  nameAr: string;
  nameEn: string;
  /** Empty or absent: any priority / any type. */
  priorities?: Priority[];
  types?: TicketType[];
  /** Minutes per clock; a clock without a target does not run. */
  targets: Partial<Record<SlaClockName, number>>;
  time: 'business' | 'calendar';
  /** Share of the window after which the assignee is warned (default 0.8). */
  warningShare: number;
  /** What a breach does besides telling the supervisors. */
  onBreach: { raisePriority?: boolean; moveToQueueId?: string };
  /** Further levels while a breach goes unanswered, each some minutes (in the policy's time) after the breach. */
  furtherLevels?: FurtherLevel[];
}

export interface FurtherLevel {
  afterMinutes: number;
  notify: ('assignee' | 'supervisors' | 'managers')[];
  raisePriority?: boolean;
  moveToQueueId?: string;
}

/** The named policy, else the first whose priorities and types fit, else none (no clocks run). */
export function choosePolicy(
  policies: SlaPolicy[],
  ticket: { priority: Priority; type: TicketType },
  namedId?: string,
): SlaPolicy | undefined {
  const named = namedId ? policies.find((policy) => policy.id === namedId) : undefined;
  return (
    named ??
    policies.find(
      (policy) =>
        (!policy.priorities?.length || policy.priorities.includes(ticket.priority)) &&
        (!policy.types?.length || policy.types.includes(ticket.type)),
    )
  );
}
