import type { RequestStatus } from '../lib/api/public.ts';
import type { MessageKey } from '../lib/i18n/ar.ts';

/** Steps that end a case before the committee's decision or its service. */
const ENDED_EARLY = new Set<RequestStatus['step']>(['withdrawn', 'invalid', 'incomplete']);

export interface TimelineEntry {
  label: MessageKey;
  at?: string;
  /** A deadline rather than something that happened. */
  due?: boolean;
}

/** The procedure's steps in order; those not reached yet are shown as such. */
export function timeline(current: RequestStatus): TimelineEntry[] {
  if (current.type !== 'support_request') {
    return [
      { label: 'statusPage.step.received', at: current.receivedAt },
      { label: 'statusPage.step.resolved', at: current.resolvedAt },
    ];
  }
  const entries: TimelineEntry[] = [{ label: 'statusPage.step.received', at: current.receivedAt }];
  if (current.step && ENDED_EARLY.has(current.step)) {
    // Ended before its decision: the steps it went through, then its end; nothing is still to come.
    const through = procedure(current, entries).filter((entry) => entry.at && !entry.due);
    return [...through, { label: `statusPage.caseStep.${current.step}` as MessageKey, at: current.endedAt }];
  }
  return procedure(current, entries);
}

/** The procedure's steps after receipt, in order, reached or not. */
function procedure(current: RequestStatus, entries: TimelineEntry[]): TimelineEntry[] {
  if (current.returnedAt && !current.verifiedAt)
    entries.push({ label: 'statusPage.step.returned', at: current.returnedAt });
  entries.push({ label: 'statusPage.step.verified', at: current.verifiedAt });
  entries.push({ label: 'statusPage.step.committee', at: current.sentToCommitteeAt });
  if (current.committeeDueAt && !current.decidedAt)
    entries.push({ label: 'statusPage.step.due', at: current.committeeDueAt, due: true });
  entries.push({
    label:
      current.outcome === 'approved'
        ? 'statusPage.step.approved'
        : current.outcome === 'rejected'
          ? 'statusPage.step.rejected'
          : 'statusPage.step.decided',
    at: current.decidedAt,
  });
  if (current.outcome !== 'rejected') {
    entries.push({ label: 'statusPage.step.registered', at: current.registeredAt });
    entries.push({ label: 'statusPage.step.delivered', at: current.serviceDeliveredAt });
  }
  return entries;
}
