import { authorize } from '../domain/access-policy.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors.ts';
import { HOME_VISIT_ROLES } from '../domain/home-visit.ts';
import { type MessageTemplateId, renderTemplate } from '../domain/message-templates.ts';
import { hasRole, type Principal, type Role } from '../domain/staff.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { MessageTemplateSource } from '../ports/message-templates.ts';
import type { OutboxStore } from '../ports/outbox.ts';
import { CASE_TRANSITIONS, type SupportCase } from '../workflow/support-request.ts';

/** The field work a case keeps a list of: deliveries handed over and visits to the beneficiary's home. */
type FieldWork = 'deliveries' | 'homeVisits';
type Entry<Work extends FieldWork> = NonNullable<SupportCase[Work]>[number];

interface FieldWorkRule<Work extends FieldWork> {
  /** Who does it (`refusal`: why others may not). */
  roles: readonly Role[];
  refusal: string;
  /** Whether the case takes it now (any support case, without); `misfit`: why a ticket does not. */
  fits?(supportCase: SupportCase, ticket: Ticket): boolean;
  misfit: string;
  /** How an entry is named when missing, and told done. */
  name: string;
  isDone(entry: Entry<Work>): boolean;
  alreadyDone: string;
}

const FIELD_WORK: { [Work in FieldWork]: FieldWorkRule<Work> } = {
  deliveries: {
    // As for the service step itself, on a registered beneficiary's open case.
    roles: CASE_TRANSITIONS.deliver_service.roles,
    refusal: 'Your role may not record deliveries',
    fits: (supportCase, ticket) => supportCase.step === 'registered' && ticket.status !== 'closed',
    misfit: 'Deliveries are for a registered beneficiary’s open case',
    name: 'Delivery',
    isDone: (delivery) => Boolean(delivery.delivered),
    alreadyDone: 'This delivery was already recorded',
  },
  homeVisits: {
    roles: HOME_VISIT_ROLES,
    refusal: 'Only researchers, branch representatives and supervisors make home visits',
    misfit: 'Home visits are made from a support case',
    name: 'Home visit',
    isDone: (visit) => Boolean(visit.report),
    alreadyDone: 'This visit was already recorded',
  },
};

interface FieldWorkDeps {
  store: {
    getTicket(ticketId: string): Promise<Ticket | undefined>;
    updateTicket(ticketId: string, change: (current: Ticket) => Ticket): Promise<Ticket>;
  };
}

/** The case to work on: a hidden ticket 404s before the role is asked, a case that does not fit is a conflict. */
export async function fieldWorkCase(
  deps: FieldWorkDeps,
  principal: Principal,
  ticketId: string,
  work: FieldWork,
): Promise<{ ticket: Ticket; supportCase: SupportCase }> {
  const rule = FIELD_WORK[work];
  const ticket = await deps.store.getTicket(ticketId);
  if (!ticket) throw new NotFoundError('Ticket');
  authorize(principal, 'write', [ticket.queueId]);
  if (!hasRole(principal, ...rule.roles)) throw new ForbiddenError(rule.refusal);
  const supportCase = ticket.type === 'support_request' ? ticket.supportCase : undefined;
  if (!supportCase || (rule.fits && !rule.fits(supportCase, ticket))) throw new ConflictError(rule.misfit);
  return { ticket, supportCase };
}

/**
 * Changes one list of the case on the ticket's latest version (`supportCase`, as read before, should the latest
 * have none); `change` may refuse, by throwing, what another writer did meanwhile.
 */
export function changeFieldWork<Work extends FieldWork>(
  deps: FieldWorkDeps,
  ticketId: string,
  supportCase: SupportCase,
  work: Work,
  at: string,
  change: (entries: Entry<Work>[]) => Entry<Work>[],
): Promise<Ticket> {
  return deps.store.updateTicket(ticketId, (latest) => {
    const current = latest.supportCase ?? supportCase;
    const entries = (current[work] ?? []) as Entry<Work>[];
    return { ...latest, supportCase: { ...current, [work]: change(entries) }, updatedAt: at };
  });
}

/** The case's entry `entryId`, not yet done: 404 when there is none, 409 when it was done already. */
export function undoneEntry<Work extends FieldWork>(
  supportCase: SupportCase,
  work: Work,
  entryId: string,
): Entry<Work> {
  const rule = FIELD_WORK[work];
  const entry = ((supportCase[work] ?? []) as Entry<Work>[]).find((candidate) => candidate.id === entryId);
  if (!entry) throw new NotFoundError(rule.name);
  if (rule.isDone(entry)) throw new ConflictError(rule.alreadyDone);
  return entry;
}

/** Marks the entry done (`mark`) on the ticket's latest version: 409 should another writer have done so meanwhile. */
export function finishEntry<Work extends FieldWork>(
  deps: FieldWorkDeps,
  ticketId: string,
  supportCase: SupportCase,
  work: Work,
  entryId: string,
  at: string,
  mark: Partial<Entry<Work>>,
): Promise<Ticket> {
  const rule = FIELD_WORK[work];
  return changeFieldWork(deps, ticketId, supportCase, work, at, (entries) => {
    const entry = entries.find((candidate) => candidate.id === entryId);
    if (entry && rule.isDone(entry)) throw new ConflictError(rule.alreadyDone);
    return entries.map((candidate) => (candidate.id === entryId ? { ...candidate, ...mark } : candidate));
  });
}

/** Writes a notice to the beneficiary, in the admins' wording of `template`, to the outbox (once per id). */
export async function recordCaseNotice(
  deps: { outbox: OutboxStore; templates: MessageTemplateSource },
  notice: { id: string; ticketId: string; at: string },
  template: MessageTemplateId,
  values: Record<string, string | number>,
): Promise<void> {
  await deps.outbox.record({
    id: notice.id,
    ticketId: notice.ticketId,
    kind: 'case_notice',
    text: renderTemplate((await deps.templates.load())[template], values),
    createdAt: notice.at,
  });
}
