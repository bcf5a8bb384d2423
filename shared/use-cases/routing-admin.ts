import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { fieldError } from '../domain/field-messages.ts';
import type { InboundContact } from '../domain/inbound-contact.ts';
import type { Queue } from '../domain/queue.ts';
import { hasRole, type Principal, type StaffUser } from '../domain/staff.ts';
import type { Clock } from '../ports/clock.ts';
import type { RoutingConfigStore } from '../ports/routing-config.ts';
import { evaluateRules, type RoutingRule, type RuleMatch, type RuleSet } from '../routing/rules.ts';
import { ruleSetInForce } from '../routing/rules-router.ts';
import type { BusinessCalendar } from '../sla/business-calendar.ts';
import type { SlaPolicy } from '../sla/policy.ts';

export interface RoutingAdminDeps {
  config: RoutingConfigStore;
  store: { listQueues(): Promise<Queue[]> };
  clock: Clock;
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
export async function viewRuleSet(deps: RoutingAdminDeps, principal: Principal): Promise<RuleSet> {
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
  return deps.config.saveRuleSet(
    change.rules,
    change.defaultQueueId,
    principal.userId,
    change.expectedVersion,
    deps.clock.now().toISOString(),
  );
}

export async function listRuleSetVersions(deps: RoutingAdminDeps, principal: Principal): Promise<RuleSet[]> {
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

/** Where the rules in force would send such a contact, and by which rule; nothing is stored. */
export async function dryRunRules(
  deps: RoutingAdminDeps,
  principal: Principal,
  contact: DryRunContact,
): Promise<RuleMatch & { version: number }> {
  assertMayTryRules(principal);
  const ruleSet = await ruleSetInForce(deps.config);
  const at = deps.clock.now().toISOString();
  const { contactTags, ...inbound } = contact;
  const match = evaluateRules(ruleSet, {
    inbound: { ...inbound, providerMessageId: 'dry-run', identities: [], attachments: [], receivedAt: at },
    contact: {
      id: 'dry-run',
      name: '',
      identities: [],
      tags: contactTags ?? [],
      createdAt: at,
      updatedAt: at,
    },
  });
  return { version: ruleSet.version, ...match };
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
  await deps.config.putSlaPolicy(policy);
  return policy;
}

export async function deleteSlaPolicy(
  deps: RoutingAdminDeps,
  principal: Principal,
  policyId: string,
): Promise<void> {
  assertMayManageRouting(principal);
  if (!(await deps.config.listSlaPolicies()).some((policy) => policy.id === policyId)) {
    throw new NotFoundError('SLA policy');
  }
  await deps.config.deleteSlaPolicy(policyId);
}

export async function saveBusinessCalendar(
  deps: RoutingAdminDeps,
  principal: Principal,
  calendar: BusinessCalendar,
): Promise<BusinessCalendar> {
  assertMayManageRouting(principal);
  await deps.config.putCalendar(calendar);
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
