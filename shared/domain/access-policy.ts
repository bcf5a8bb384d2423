import { ForbiddenError, NotFoundError } from './errors.ts';
import type { Principal, Role } from './staff.ts';

/** What the access policy grants, action by action. */
export type StaffAction =
  /** See a ticket, its thread and its attachments; see a contact through one of its tickets. */
  | 'read'
  /** Change a ticket (status, priority, queue, tags, branch), add a note or reply, take a case step. */
  | 'write'
  /** Take an unassigned ticket for oneself, or give back one's own. */
  | 'take'
  /** Assign a ticket to someone else, or take it away from a colleague. */
  | 'reassign'
  /** Merge two contacts or split an identity off one. */
  | 'edit_contacts';

/** `member`: only in the queues the caller belongs to; `all`: in every queue. A missing role may not act. */
export type Scope = 'member' | 'all';

/**
 * The one access policy for staff: role × action × the queues of everything a use case reads or writes. Every
 * staff use case asks `authorize` before it touches data; routes and the inbox read the same table.
 */
export const ACCESS_POLICY: Record<StaffAction, Partial<Record<Role, Scope>>> = {
  read: {
    agent: 'member',
    researcher: 'member',
    committee: 'member',
    supervisor: 'all',
    manager: 'all',
    admin: 'all',
  },
  // Managers read everything but answer nothing: their work is reports.
  write: { agent: 'member', researcher: 'member', committee: 'member', supervisor: 'all', admin: 'all' },
  take: { agent: 'member', researcher: 'member', committee: 'member', supervisor: 'all', admin: 'all' },
  reassign: { supervisor: 'all', admin: 'all' },
  // Merging changes who a beneficiary is: front-line staff and supervisors, not the committee or read-only roles.
  edit_contacts: { agent: 'member', researcher: 'member', supervisor: 'all', admin: 'all' },
};

/** Whether the caller may take `action` in one queue. */
export function allows(principal: Principal, action: StaffAction, queueId: string): boolean {
  return principal.roles.some((role) => {
    const scope = ACCESS_POLICY[action][role];
    return scope === 'all' || (scope === 'member' && principal.queueIds.includes(queueId));
  });
}

/** Whether the caller may take `action` in some queue (what a route is for at all). */
export function allowsAnywhere(principal: Principal, action: StaffAction): boolean {
  return principal.roles.some((role) => ACCESS_POLICY[action][role] !== undefined);
}

/** Whether the caller sees every queue, with or without tickets in them. */
export function seesAllQueues(principal: Principal): boolean {
  return principal.roles.some((role) => ACCESS_POLICY.read[role] === 'all');
}

export type Decision = 'allowed' | 'hidden' | 'forbidden';

/**
 * The decision for `action` on things in `queueIds`: `hidden` when any of them is outside what the caller may
 * read (so it answers 404, before any other check), `forbidden` when all are visible but the action is not
 * allowed in every one.
 */
export function decide(principal: Principal, action: StaffAction, queueIds: readonly string[]): Decision {
  if (!queueIds.every((queueId) => allows(principal, 'read', queueId))) return 'hidden';
  return queueIds.every((queueId) => allows(principal, action, queueId)) ? 'allowed' : 'forbidden';
}

/** Throws the policy's refusal: 404 for what the caller may not see, 403 for what they may see but not do. */
export function authorize(
  principal: Principal,
  action: StaffAction,
  queueIds: readonly string[],
  what = 'Ticket',
): void {
  const decision = decide(principal, action, queueIds);
  if (decision === 'hidden') throw new NotFoundError(what);
  if (decision === 'forbidden')
    throw new ForbiddenError(`Your role may not ${action.replace('_', ' ')} here`);
}

/**
 * The queues through which the caller sees a contact: a contact is visible through any one of its tickets'
 * queues, or to a role that sees every queue even when it has no ticket yet. Empty: the contact is hidden.
 */
export function contactQueuesFor(
  principal: Principal,
  ticketQueueIds: readonly string[],
): string[] | undefined {
  const visible = [...new Set(ticketQueueIds)].filter((queueId) => allows(principal, 'read', queueId));
  if (visible.length > 0) return visible;
  return seesAllQueues(principal) ? [] : undefined;
}

/**
 * Contacts: hidden (404) unless visible through one of their tickets' queues (or to an all-queues role); then the
 * action must be allowed in at least one of the queues the caller sees it through.
 */
export function authorizeContact(
  principal: Principal,
  action: StaffAction,
  ticketQueueIds: readonly string[],
): void {
  const through = contactQueuesFor(principal, ticketQueueIds);
  if (!through) throw new NotFoundError('Contact');
  const allowed =
    through.length === 0
      ? principal.roles.some((role) => ACCESS_POLICY[action][role] === 'all')
      : through.some((queueId) => allows(principal, action, queueId));
  if (!allowed) throw new ForbiddenError(`Your role may not ${action.replace('_', ' ')} here`);
}

/**
 * Who may assign whom, read by the server and the inbox alike. Supervisors and admins reassign to anyone (a
 * member of the target queue, checked by the use case). Others may take an unassigned ticket of their own
 * queue for themselves and give back their own; a colleague's ticket is not theirs to take.
 */
export function assignmentDecision(
  principal: Principal,
  ticket: { queueId: string; assigneeId?: string },
  assigneeId: string | null,
): Decision {
  if (!allows(principal, 'read', ticket.queueId)) return 'hidden';
  const current = ticket.assigneeId ?? null;
  if (assigneeId === current) return allows(principal, 'write', ticket.queueId) ? 'allowed' : 'forbidden';
  if (allows(principal, 'reassign', ticket.queueId)) return 'allowed';
  if (!allows(principal, 'take', ticket.queueId)) return 'forbidden';
  const mine = principal.userId;
  // Take an unassigned ticket for oneself, or give back one's own.
  if (assigneeId === mine && current === null) return 'allowed';
  if (assigneeId === null && current === mine) return 'allowed';
  return 'forbidden';
}

/** Read access to a queue, as the access policy grants it. */
export function canSeeQueue(principal: Principal, queueId: string): boolean {
  return allows(principal, 'read', queueId);
}

/** Write access to a queue, as the access policy grants it (managers read everything but change nothing). */
export function canWriteInQueue(principal: Principal, queueId: string): boolean {
  return allows(principal, 'write', queueId);
}
