import type { RequestStatus } from '../lib/api/public.ts';
import type { MessageKey } from '../lib/i18n/ar.ts';

/** Steps that end a case before the committee's decision or its service. */
const ENDED_EARLY = new Set<RequestStatus['step']>(['withdrawn', 'invalid', 'incomplete']);

export interface TimelineEntry {
  label: MessageKey;
  at?: string;
  /** A deadline rather than something that happened. */
  due?: boolean;
  /** Begun and not finished: a service given in instalments, some handed over (`at` the latest). */
  underway?: boolean;
  /** How many instalments of a series were handed over, of how many. */
  progress?: { delivered: number; planned: number };
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
    entries.push(serviceEntry(current));
  }
  return entries;
}

/**
 * The service step: done when the case says the service was delivered; under way from the first of a series of
 * instalments (the beneficiary was texted it), with how many were handed over and when the latest was.
 */
function serviceEntry(current: RequestStatus): TimelineEntry {
  const series = current.deliveries;
  const progress =
    series && series.planned > 1 && series.delivered > 0
      ? { delivered: series.delivered, planned: series.planned }
      : undefined;
  if (current.serviceDeliveredAt)
    return { label: 'statusPage.step.delivered', at: current.serviceDeliveredAt, progress };
  if (progress && series?.lastDeliveredAt)
    return { label: 'statusPage.step.delivered', at: series.lastDeliveredAt, underway: true, progress };
  return { label: 'statusPage.step.delivered' };
}

/** The current step as the page names it: a registered beneficiary's service under way once instalments begin. */
export function currentStepKey(current: RequestStatus): MessageKey | undefined {
  if (!current.step) return undefined;
  if (current.step === 'registered' && (current.deliveries?.delivered ?? 0) > 0)
    return 'statusPage.caseStep.delivering';
  return `statusPage.caseStep.${current.step}` as MessageKey;
}
