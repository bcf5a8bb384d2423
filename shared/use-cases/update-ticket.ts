import { assignmentDecision, authorize } from '../domain/access-policy.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { fieldError } from '../domain/field-messages.ts';
import { hasRole, type Principal, type StaffUser } from '../domain/staff.ts';
import { isSystemTag } from '../domain/system-tags.ts';
import type { Priority, Ticket, TicketStatus } from '../domain/ticket.ts';
import { changeOf } from '../domain/ticket-change.ts';
import type { BranchSource } from '../ports/branches.ts';
import type { NotificationStore } from '../ports/notifications.ts';
import type { TicketEventRecord } from '../ports/ticket-store.ts';
import { slaAfterStatusChange } from '../sla/clocks.ts';
import { type SlaSettingsSource, timekeeperFor } from '../sla/settings.ts';
import { isCaseOpen, openCaseActions } from '../workflow/support-request.ts';
import { requireKnownBranch } from './branch-admin.ts';
import { noticeAssignment, noticeDepsOf } from './notification-centre.ts';
import type { StaffDeps } from './staff-tickets.ts';

/** What staff may change on a ticket; `assigneeId: null` unassigns. */
export interface TicketChange {
  status?: TicketStatus;
  priority?: Priority;
  queueId?: string;
  assigneeId?: string | null;
  tags?: string[];
  /** The society branch serving the beneficiary; `null` clears it. */
  branch?: string | null;
}

export interface TicketUpdateStore {
  getTicket(ticketId: string): Promise<Ticket | undefined>;
  updateTicket(ticketId: string, change: (current: Ticket) => Ticket): Promise<Ticket>;
  addEvents(events: TicketEventRecord[]): Promise<void>;
}

export type UpdateDeps = Omit<StaffDeps, 'store'> & {
  store: StaffDeps['store'] & TicketUpdateStore;
  /** SLA policies and calendar, so a status change pauses, resumes, stops or restarts the clocks. */
  sla?: SlaSettingsSource;
  /** Where the new assignee is told; without it nobody is. */
  notifications?: NotificationStore;
  /** The society's branches: a ticket is only given one it has. */
  branches: BranchSource;
};

/**
 * Staff changes to a ticket — status, priority, queue, assignee, tags — each checked against the caller's role
 * and queues, and each recorded as an event on the ticket.
 */
export async function updateTicketForStaff(
  deps: UpdateDeps,
  principal: Principal,
  ticketId: string,
  change: TicketChange,
  /**
   * Why the change no longer applies to the ticket as it is now (given away, moved, closed since the caller saw it),
   * or undefined: checked inside the optimistic update, so a ticket changed meanwhile is refused, not overwritten.
   */
  stale?: (current: Ticket) => string | undefined,
): Promise<Ticket> {
  const first = await deps.store.getTicket(ticketId);
  // Unknown and hidden look alike: 404 before anything else is checked.
  if (!first) throw new NotFoundError('Ticket');
  const looked = await lookUpChange(deps, first, change);
  checkChange(principal, first, change, looked);

  const now = deps.clock.now();
  const at = now.toISOString();
  const settings = first.sla && change.status ? await deps.sla?.load() : undefined;
  // The version the change was written over: checked again, as a colleague may have changed it meanwhile.
  let before = first;
  const updated = await deps.store.updateTicket(ticketId, (current) => {
    const reason = stale?.(current);
    if (reason) throw new ConflictError(reason);
    checkChange(principal, current, change, looked);
    before = current;
    const next = applyChange(current, change, at, principal.userId);
    const policy = settings?.policies.find((candidate) => candidate.id === current.sla?.policyId);
    if (!settings || !policy || !current.sla || next.status === current.status) return next;
    const keeper = timekeeperFor(policy, settings.calendar);
    return {
      ...next,
      sla: slaAfterStatusChange(current.sla, policy, keeper, current.status, next.status, now),
    };
  });
  const events = changeEvents(before, updated).map(
    ([type, data]): TicketEventRecord => ({
      id: deps.ids.next(),
      ticketId,
      type,
      at,
      actorId: principal.userId,
      data,
    }),
  );
  if (events.length > 0) await deps.store.addEvents(events);
  const notified =
    deps.notifications && updated.assigneeId !== before.assigneeId
      ? await noticeAssignment(noticeDepsOf(deps, deps.notifications), updated, principal)
      : [];
  const moved = updated.queueId !== before.queueId;
  await deps.events.publish(
    changeOf('updated', updated, at, { notified, ...(moved && { fromQueueId: before.queueId }) }),
  );
  return updated;
}

/** Read once for a change: its queue and branch must exist (else it is refused), and its assignee is looked up. */
interface ChangeLookups {
  assignee?: StaffUser;
}

async function lookUpChange(deps: UpdateDeps, ticket: Ticket, change: TicketChange): Promise<ChangeLookups> {
  if (change.queueId && change.queueId !== ticket.queueId) {
    const queues = await deps.store.listQueues();
    if (!queues.some((queue) => queue.id === change.queueId)) {
      throw new ValidationError([fieldError('queueId', 'invalid_value')], `No queue ${change.queueId}`);
    }
  }
  if (change.branch && change.branch !== ticket.branch) await requireKnownBranch(deps, change.branch);
  return change.assigneeId ? { assignee: await deps.store.getStaffUser(change.assigneeId) } : {};
}

/** The caller's right to make the change on this version of the ticket; throws what refuses it. */
function checkChange(
  principal: Principal,
  ticket: Ticket,
  change: TicketChange,
  looked: ChangeLookups,
): void {
  authorize(principal, 'write', [ticket.queueId]);
  const supervising = hasRole(principal, 'supervisor', 'admin');
  if (ticket.status === 'closed' && !(supervising && change.status === 'open')) {
    throw new ConflictError('A closed ticket cannot be changed; a supervisor can reopen it');
  }
  // A support request's case ends only by its procedure (a decision, the service, or a supervisor ending it).
  const supportCase =
    ticket.type === 'support_request' ? (ticket.supportCase ?? { step: 'intake' }) : undefined;
  if (
    supportCase &&
    isCaseOpen(supportCase) &&
    (change.status === 'resolved' || change.status === 'closed') &&
    change.status !== ticket.status
  ) {
    const actions = openCaseActions(supportCase).join(', ');
    const refusal = new ConflictError(`An open support case ends only through its case actions: ${actions}`);
    refusal.details = { caseActions: actions };
    throw refusal;
  }
  if (change.assigneeId !== undefined && change.assigneeId !== (ticket.assigneeId ?? null)) {
    const decision = assignmentDecision(principal, ticket, change.assigneeId);
    // Taking a ticket a colleague took first (at the same moment, or since the list was read) is a race lost, not
    // a right the caller lacks: they could have taken it unassigned.
    if (
      decision === 'forbidden' &&
      change.assigneeId === principal.userId &&
      assignmentDecision(principal, { queueId: ticket.queueId }, principal.userId) === 'allowed'
    ) {
      throw new ConflictError('A colleague took this ticket just before you; it is theirs now', {
        code: 'ticket_taken',
        messageAr: 'سبقك زميل إلى هذه التذكرة فأُسندت إليه',
      });
    }
    if (decision !== 'allowed') {
      throw new ForbiddenError(
        'Only a supervisor assigns a ticket to someone else or takes it from a colleague; you can take an unassigned ticket yourself',
      );
    }
  }
  if (change.assigneeId) {
    const targetQueue = change.queueId ?? ticket.queueId;
    const { assignee } = looked;
    // A disabled account (someone who left) can neither see the ticket nor answer it.
    if (assignee?.disabled) {
      throw new ValidationError(
        [fieldError('assigneeId', 'account_disabled')],
        "The assignee's account is disabled",
      );
    }
    const member =
      assignee && (assignee.queueIds.includes(targetQueue) || assignee.roles.includes('supervisor'));
    if (!member) {
      throw new ValidationError(
        [fieldError('assigneeId', 'invalid_value')],
        'The assignee is not a member of the queue',
      );
    }
  }
}

function applyChange(current: Ticket, change: TicketChange, at: string, actorId: string): Ticket {
  const next: Ticket = { ...current, updatedAt: at };
  if (change.priority) next.priority = change.priority;
  // Staff set their own tags; intake's (an unproven sender, spam) stay, since routing rules and reports read them.
  if (change.tags) next.tags = [...new Set([...current.tags.filter(isSystemTag), ...change.tags])];
  if (change.branch !== undefined) next.branch = change.branch ?? undefined;
  if (change.queueId && change.queueId !== current.queueId) {
    next.queueId = change.queueId;
    // Moving to another queue hands the ticket to that queue unless an assignee comes with the move.
    if (change.assigneeId === undefined) next.assigneeId = undefined;
  }
  if (change.assigneeId !== undefined) next.assigneeId = change.assigneeId ?? undefined;
  if (change.status && change.status !== current.status) {
    next.status = change.status;
    if (change.status === 'resolved') {
      next.resolvedAt = at;
      next.resolvedBy = actorId;
    }
    if ((current.status === 'resolved' || current.status === 'closed') && change.status !== 'closed') {
      next.resolvedAt = undefined;
      next.resolvedBy = undefined;
      next.reopenCount = (current.reopenCount ?? 0) + 1;
    }
  }
  return next;
}

function changeEvents(before: Ticket, after: Ticket): [string, Record<string, unknown>][] {
  const events: [string, Record<string, unknown>][] = [];
  if (before.status !== after.status)
    events.push(['status_changed', { from: before.status, to: after.status }]);
  if (before.priority !== after.priority)
    events.push(['priority_changed', { from: before.priority, to: after.priority }]);
  if (before.queueId !== after.queueId)
    events.push(['queue_changed', { from: before.queueId, to: after.queueId }]);
  if (before.assigneeId !== after.assigneeId) {
    events.push(['assigned', { from: before.assigneeId ?? null, to: after.assigneeId ?? null }]);
  }
  if (before.tags.join('|') !== after.tags.join('|'))
    events.push(['tags_changed', { from: before.tags, to: after.tags }]);
  if (before.branch !== after.branch)
    events.push(['branch_changed', { from: before.branch ?? null, to: after.branch ?? null }]);
  return events;
}
