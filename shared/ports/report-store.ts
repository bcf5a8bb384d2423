import type { AgentCell, BacklogCell, DateRange, ReportCell } from '../reports/overview.ts';
import type { ReportedTicket } from '../reports/reported-ticket.ts';
import type { ReportIncrement } from '../reports/transitions.ts';

/** The increments of one ticket change, named by an id that is the same every time the change is redelivered. */
export interface CountedChange {
  changeId: string;
  increments: ReportIncrement[];
}

/** Report aggregates: a few small items per day, written from the change stream, read by the reports API. */
export interface ReportStore {
  /**
   * Adds the change's increments exactly once, however often the same change is passed in, without keeping a
   * growing record of changes on the aggregates. False when the change had been counted already.
   */
  applyChange(change: CountedChange): Promise<boolean>;
  readCells(range: DateRange): Promise<ReportCell[]>;
  readAgentCells(range: DateRange): Promise<AgentCell[]>;
  readBacklog(): Promise<BacklogCell[]>;
  /** Tickets created in the range, oldest first, page by page (for the CSV export). */
  ticketsCreatedIn(range: DateRange): AsyncIterable<ReportedTicket[]>;
}
