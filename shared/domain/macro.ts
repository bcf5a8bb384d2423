import { allows, assignmentDecision } from './access-policy.ts';
import type { Principal } from './staff.ts';
import type { TicketStatus } from './ticket-terms.ts';

/** Who a ticket is assigned to after a macro: the one applying it, nobody, or as it was. */
export const MACRO_ASSIGNEE_CHOICES = ['me', 'unassigned', 'unchanged'] as const;
export type MacroAssigneeChoice = (typeof MACRO_ASSIGNEE_CHOICES)[number];

/**
 * A macro: several routine steps on a ticket in one (a canned answer put in the composer for review, a status,
 * an assignee, tags). Configuration that admins keep; the canned answer is named by its id only.
 */
export interface Macro {
  id: string;
  nameAr: string;
  nameEn?: string;
  cannedAnswerId?: string;
  status?: TicketStatus;
  assignee: MacroAssigneeChoice;
  /** Added to the ticket's tags; tags it has already stay. */
  tags: string[];
  /** Counts its saves, so a save from a page opened before another one is refused. */
  version: number;
}

/** An id in links and the audit: lowercase letters, digits and dashes. */
export const MACRO_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,39}$/;

/** The macros a fresh install starts with, so the demo has them; admins change them after. */
export const STARTING_MACROS: Macro[] = [
  {
    id: 'request-documents',
    nameAr: 'طلب استكمال المستندات',
    nameEn: 'Ask for documents',
    cannedAnswerId: 'documents-needed',
    status: 'pending_beneficiary',
    assignee: 'me',
    tags: ['مستندات-ناقصة'],
    version: 1,
  },
  {
    id: 'acknowledge',
    nameAr: 'تأكيد الاستلام',
    nameEn: 'Acknowledge receipt',
    cannedAnswerId: 'received',
    status: 'open',
    assignee: 'unchanged',
    tags: [],
    version: 1,
  },
];

/** The ticket fields a macro reads and changes. */
export interface MacroTarget {
  queueId: string;
  assigneeId?: string;
  tags: readonly string[];
}

/** The assignee a macro asks for on this ticket: `undefined` when it leaves the assignee alone. */
function macroAssignee(macro: Macro, principal: Principal): string | null | undefined {
  if (macro.assignee === 'me') return principal.userId;
  if (macro.assignee === 'unassigned') return null;
  return undefined;
}

/**
 * Whether the caller may apply the macro to this ticket: every step must be one their role may take, so a
 * macro is never half applied. The inbox offers only these; the PATCH checks each step again.
 */
export function mayApplyMacro(principal: Principal, macro: Macro, ticket: MacroTarget): boolean {
  if (!allows(principal, 'write', ticket.queueId)) return false;
  const assignee = macroAssignee(macro, principal);
  return assignee === undefined || assignmentDecision(principal, ticket, assignee) === 'allowed';
}

/** The ticket change (the body of `PATCH /api/tickets/{id}`) a macro makes; empty when it changes nothing. */
export function macroChange(
  macro: Macro,
  principal: Principal,
  ticket: MacroTarget,
): { status?: TicketStatus; assigneeId?: string | null; tags?: string[] } {
  const assignee = macroAssignee(macro, principal);
  const newTags = macro.tags.filter((tag) => !ticket.tags.includes(tag));
  return {
    ...(macro.status && { status: macro.status }),
    ...(assignee !== undefined && assignee !== (ticket.assigneeId ?? null) && { assigneeId: assignee }),
    ...(newTags.length > 0 && { tags: [...ticket.tags, ...newTags] }),
  };
}
