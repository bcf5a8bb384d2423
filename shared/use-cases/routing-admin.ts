import type { Contact } from '../domain/contact.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { fieldError } from '../domain/field-messages.ts';
import type { InboundContact } from '../domain/inbound-contact.ts';
import type { Queue } from '../domain/queue.ts';
import { hasRole, type Principal, type StaffUser } from '../domain/staff.ts';
import { TICKET_STATUSES } from '../domain/ticket.ts';
import type { RoutingConfigStore } from '../ports/routing-config.ts';
import type { TicketListQuery, TicketPage, TicketWithThread } from '../ports/ticket-store.ts';
import { evaluateRules, type RoutingRule, type RuleMatch, type RuleSet } from '../routing/rules.ts';
import { type BusinessCalendar, fromHijri } from '../sla/business-calendar.ts';
import type { SlaPolicy } from '../sla/policy.ts';
import { ruleSetInForce } from './rule-set-in-force.ts';
import { type AuditDeps, recordSettingChange } from './settings-audit.ts';

export interface RoutingAdminDeps extends AuditDeps {
  config: RoutingConfigStore;
  store: { listQueues(): Promise<Queue[]> };
}

/** Where a replay of the rules reads the latest tickets and what they were routed on. */
export interface RecentTicketsStore {
  listQueues(): Promise<Queue[]>;
  listTickets(query: TicketListQuery): Promise<TicketPage>;
  getTicketWithThread(ticketId: string): Promise<TicketWithThread | undefined>;
  getContact(contactId: string): Promise<Contact | undefined>;
}

/** The role checks come first: the HTTP edge asks them before it reads the body, so a refusal never depends on it. */
export function assertMayManageRouting(principal: Principal): void {
  if (!hasRole(principal, 'admin'))
    throw new ForbiddenError('Only an admin manages routing rules and SLA policies');
}

async function requireKnownQueues(deps: RoutingAdminDeps, queueIds: string[]): Promise<void> {
  // An archived queue takes no new tickets: no rule, policy or default may send any there.
  const open = (await deps.store.listQueues()).filter((queue) => !queue.archived);
  const queues = new Set(open.map((queue) => queue.id));
  const unknown = queueIds.filter((queueId) => !queues.has(queueId));
  if (unknown.length > 0)
    throw new ValidationError(
      [fieldError('queueId', 'invalid_value')],
      `No open queue ${unknown.join(', ')}`,
    );
}

/** The rule set in force, for those who oversee routing. */
export async function viewRuleSet(
  deps: Pick<RoutingAdminDeps, 'config'>,
  principal: Principal,
): Promise<RuleSet> {
  if (!hasRole(principal, 'admin', 'supervisor', 'manager')) throw new ForbiddenError();
  return ruleSetInForce(deps.config);
}

/** Saves a new version of the rules; refused when another admin saved since `expectedVersion`. */
export async function saveRuleSet(
  deps: RoutingAdminDeps,
  principal: Principal,
  change: { rules: RoutingRule[]; defaultQueueId: string; expectedVersion: number },
): Promise<RuleSet> {
  assertMayManageRouting(principal);
  await requireKnownQueues(deps, [
    change.defaultQueueId,
    ...change.rules.map((rule) => rule.actions.queueId),
  ]);
  const before = await deps.config.getRuleSet();
  const saved = await deps.config.saveRuleSet(
    change.rules,
    change.defaultQueueId,
    principal.userId,
    change.expectedVersion,
    deps.clock.now().toISOString(),
  );
  await recordSettingChange(deps, principal, {
    setting: 'rules',
    subjectId: 'rules',
    from: before && { version: before.version, defaultQueueId: before.defaultQueueId, rules: before.rules },
    to: { version: saved.version, defaultQueueId: saved.defaultQueueId, rules: saved.rules },
  });
  return saved;
}

export async function listRuleSetVersions(
  deps: Pick<RoutingAdminDeps, 'config'>,
  principal: Principal,
): Promise<RuleSet[]> {
  assertMayManageRouting(principal);
  return deps.config.listRuleSetVersions();
}

export function assertMayTryRules(principal: Principal): void {
  if (!hasRole(principal, 'admin', 'supervisor')) throw new ForbiddenError();
}

export type DryRunContact = Pick<
  InboundContact,
  'channel' | 'type' | 'subject' | 'text' | 'city' | 'language'
> & { contactTags?: string[] };

/** Rules being edited and not saved yet, tried in place of those in force. */
export type DraftRules = Pick<RuleSet, 'rules' | 'defaultQueueId'>;

async function rulesToTry(
  deps: Pick<RoutingAdminDeps, 'config'>,
  draft: DraftRules | undefined,
): Promise<RuleSet> {
  const inForce = await ruleSetInForce(deps.config);
  return draft ? { ...inForce, ...draft } : inForce;
}

function dryRunFacts(contact: DryRunContact, at: string, contactRecord?: Contact) {
  const { contactTags, ...inbound } = contact;
  return {
    inbound: { ...inbound, providerMessageId: 'dry-run', identities: [], attachments: [], receivedAt: at },
    contact: contactRecord ?? {
      id: 'dry-run',
      name: '',
      identities: [],
      tags: contactTags ?? [],
      createdAt: at,
      updatedAt: at,
    },
  };
}

/** Where the rules in force (or a draft of them) would send such a contact, and by which rule; nothing is stored. */
export async function dryRunRules(
  deps: Pick<RoutingAdminDeps, 'config' | 'clock'>,
  principal: Principal,
  contact: DryRunContact,
  draft?: DraftRules,
): Promise<RuleMatch & { version: number }> {
  assertMayTryRules(principal);
  const ruleSet = await rulesToTry(deps, draft);
  const match = evaluateRules(ruleSet, dryRunFacts(contact, deps.clock.now().toISOString()));
  return { version: ruleSet.version, ...match };
}

/** How many of the latest tickets a replay reads. */
export const REPLAY_TICKETS = 50;
/** Reads of threads and contacts at a time, so a replay does not flood the table. */
const REPLAY_READS = 10;

export interface ReplayedTicket {
  ticketId: string;
  reference: string;
  subject: string;
  currentQueueId: string;
  wouldBeQueueId: string;
  ruleId?: string;
}

/**
 * The rules (in force or a draft) replayed over the latest tickets, each on its first message and its
 * beneficiary as they are now: where each would go, and how many would move from the queue they are in.
 */
export async function replayRulesOnRecentTickets(
  deps: Pick<RoutingAdminDeps, 'config'> & { store: RecentTicketsStore },
  principal: Principal,
  draft?: DraftRules,
): Promise<{ version: number; considered: number; moving: number; tickets: ReplayedTicket[] }> {
  assertMayTryRules(principal);
  const ruleSet = await rulesToTry(deps, draft);
  const queues = await deps.store.listQueues();
  const { tickets } = await deps.store.listTickets({
    queueIds: queues.map((queue) => queue.id),
    statuses: [...TICKET_STATUSES],
    limit: REPLAY_TICKETS,
  });
  const replayed: ReplayedTicket[] = [];
  for (let start = 0; start < tickets.length; start += REPLAY_READS) {
    const batch = tickets.slice(start, start + REPLAY_READS);
    const results = await Promise.all(
      batch.map(async (row): Promise<ReplayedTicket | undefined> => {
        // A list row holds what the list shows; the rules read the whole ticket, its first message and contact.
        const thread = await deps.store.getTicketWithThread(row.id);
        if (!thread) return undefined;
        const { ticket } = thread;
        const contact = await deps.store.getContact(ticket.contactId);
        const first = thread.messages.find((message) => message.direction === 'inbound');
        const facts = dryRunFacts(
          {
            channel: ticket.channel,
            type: ticket.type,
            subject: ticket.subject,
            text: first?.text ?? '',
            city: contact?.city,
          },
          ticket.createdAt,
          contact,
        );
        const { rule, decision } = evaluateRules(ruleSet, facts);
        return {
          ticketId: ticket.id,
          reference: ticket.reference,
          subject: ticket.subject,
          currentQueueId: ticket.queueId,
          wouldBeQueueId: decision.queueId,
          ...(rule && { ruleId: rule.id }),
        };
      }),
    );
    replayed.push(...results.filter((result) => result !== undefined));
  }
  return {
    version: ruleSet.version,
    considered: replayed.length,
    moving: replayed.filter((ticket) => ticket.wouldBeQueueId !== ticket.currentQueueId).length,
    tickets: replayed,
  };
}

export async function saveSlaPolicy(
  deps: RoutingAdminDeps,
  principal: Principal,
  policy: SlaPolicy,
): Promise<SlaPolicy> {
  assertMayManageRouting(principal);
  const moves = [
    policy.onBreach.moveToQueueId,
    ...(policy.furtherLevels ?? []).map((level) => level.moveToQueueId),
  ];
  const queueIds = moves.filter((queueId): queueId is string => queueId !== undefined);
  if (queueIds.length > 0) await requireKnownQueues(deps, queueIds);
  const before = (await deps.config.listSlaPolicies()).find((candidate) => candidate.id === policy.id);
  await deps.config.putSlaPolicy(policy);
  await recordSettingChange(deps, principal, {
    setting: 'sla_policy',
    subjectId: policy.id,
    from: before,
    to: policy,
  });
  return policy;
}

export async function deleteSlaPolicy(
  deps: RoutingAdminDeps,
  principal: Principal,
  policyId: string,
): Promise<void> {
  assertMayManageRouting(principal);
  const policy = (await deps.config.listSlaPolicies()).find((candidate) => candidate.id === policyId);
  if (!policy) throw new NotFoundError('SLA policy');
  // A rule naming a policy that is gone would leave its tickets with no windows at all.
  const namedBy = (await ruleSetInForce(deps.config)).rules.filter(
    (rule) => rule.actions.slaPolicyId === policyId,
  );
  if (namedBy.length > 0)
    throw new ConflictError(
      `The routing rules ${namedBy.map((rule) => rule.name).join('، ')} use this policy; change them first`,
      {
        code: 'sla_policy_in_use',
        messageAr: `تستخدم قواعد التوجيه هذه السياسة (${namedBy.map((rule) => rule.name).join('، ')})؛ عدّلوها أولاً`,
      },
    );
  await deps.config.deleteSlaPolicy(policyId);
  await recordSettingChange(deps, principal, {
    setting: 'sla_policy',
    subjectId: policyId,
    from: policy,
    to: null,
  });
}

export async function saveBusinessCalendar(
  deps: RoutingAdminDeps,
  principal: Principal,
  calendar: BusinessCalendar,
): Promise<BusinessCalendar> {
  assertMayManageRouting(principal);
  // Each Hijri day must exist (no 30th of a 29-day month), so the holiday closes the days meant.
  const missing = calendar.holidays.flatMap((holiday, index) =>
    holiday.calendar === 'hijri'
      ? (['from', 'to'] as const)
          .filter((end) => fromHijri(holiday[end]) === undefined)
          .map((end) => fieldError(`holidays.${index}.${end}`, 'invalid_date'))
      : [],
  );
  if (missing.length > 0) throw new ValidationError(missing, 'A Hijri date that does not exist');
  const before = await deps.config.getCalendar();
  await deps.config.putCalendar(calendar);
  await recordSettingChange(deps, principal, {
    setting: 'business_calendar',
    subjectId: 'business_calendar',
    from: before,
    to: calendar,
  });
  return calendar;
}

export interface StaffAvailabilityStore {
  getStaffUser(userId: string): Promise<StaffUser | undefined>;
  putStaffUser(user: StaffUser): Promise<void>;
}

export function assertMayMarkAway(principal: Principal, userId: string): void {
  if (userId !== principal.userId && !hasRole(principal, 'supervisor', 'admin')) {
    throw new ForbiddenError('You can mark only yourself away; a supervisor can mark others');
  }
}

/** Away staff get no new tickets by assignment; one marks oneself, a supervisor or admin marks anyone. */
export async function setStaffAvailability(
  store: StaffAvailabilityStore,
  principal: Principal,
  userId: string,
  away: boolean,
): Promise<{ userId: string; away: boolean }> {
  assertMayMarkAway(principal, userId);
  const user = await store.getStaffUser(userId);
  if (!user) throw new NotFoundError('Staff member');
  await store.putStaffUser({ ...user, away });
  return { userId, away };
}
