import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { fieldError } from '../domain/field-messages.ts';
import type { Queue } from '../domain/queue.ts';
import { hasRole, type Principal, type StaffUser } from '../domain/staff.ts';
import type { BranchSource } from '../ports/branches.ts';
import type { RoutingConfigStore } from '../ports/routing-config.ts';
import { requireKnownBranch } from './branch-admin.ts';
import { ruleSetInForce } from './rule-set-in-force.ts';
import { type AuditDeps, recordSettingChange } from './settings-audit.ts';

export interface QueueAdminDeps extends AuditDeps {
  store: {
    listQueues(): Promise<Queue[]>;
    putQueue(queue: Queue): Promise<void>;
    /** False when a queue with its id exists. */
    addQueue(queue: Queue): Promise<boolean>;
    listStaffUsers(): Promise<StaffUser[]>;
    putStaffUser(user: StaffUser): Promise<void>;
  };
  config: Pick<RoutingConfigStore, 'getRuleSet' | 'saveRuleSet'>;
  branches: BranchSource;
}

/** A queue as the admin pages show it: with its members, who are kept on the staff records. */
export type QueueView = Queue & { memberIds: string[] };

export interface NewQueue {
  id: string;
  nameAr: string;
  nameEn: string;
  autoAssign?: boolean;
  capacity?: number;
  branch?: string;
  isDefault?: boolean;
  memberIds?: string[];
}

export interface QueueChange {
  nameAr?: string;
  nameEn?: string;
  autoAssign?: boolean;
  /** `null` clears it (members' own or the house capacity applies). */
  capacity?: number | null;
  branch?: string | null;
  /** Only `true`: a queue stops being the default when another becomes it. */
  isDefault?: true;
  archived?: boolean;
  memberIds?: string[];
}

/** The role checks come first: the HTTP edge asks them before it reads the body. */
export function assertMayManageQueues(principal: Principal): void {
  if (!hasRole(principal, 'admin', 'supervisor'))
    throw new ForbiddenError('Only an admin or a supervisor manages queues');
}

/** Admins change everything about a queue; supervisors only who is in it (they run the teams). */
function assertMayChange(principal: Principal, change: QueueChange): void {
  if (hasRole(principal, 'admin')) return;
  assertMayManageQueues(principal);
  const beyondMembers = Object.keys(change).filter((field) => field !== 'memberIds');
  if (beyondMembers.length > 0)
    throw new ForbiddenError(`Only an admin changes a queue's ${beyondMembers.join(', ')}`);
}

function membersOf(staff: StaffUser[], queueId: string): string[] {
  return staff.filter((user) => user.queueIds.includes(queueId)).map((user) => user.id);
}

async function queueViews(deps: QueueAdminDeps): Promise<QueueView[]> {
  const [queues, staff, ruleSet] = await Promise.all([
    deps.store.listQueues(),
    deps.store.listStaffUsers(),
    ruleSetInForce(deps.config),
  ]);
  return queues.map((queue) => ({
    ...queue,
    isDefault: queue.id === ruleSet.defaultQueueId,
    memberIds: membersOf(staff, queue.id),
  }));
}

/** Puts exactly `memberIds` in the queue, writing only the staff records whose membership changes. */
/**
 * The staff records a queue's new member list changes, each with its queue added or taken away; refused, before
 * anything is written, when it names someone who is not a member of staff.
 */
async function membershipChanges(
  deps: QueueAdminDeps,
  queueId: string,
  memberIds: string[],
): Promise<StaffUser[]> {
  const staff = await deps.store.listStaffUsers();
  const known = new Set(staff.map((user) => user.id));
  const unknown = memberIds.filter((userId) => !known.has(userId));
  if (unknown.length > 0)
    throw new ValidationError(
      [fieldError('memberIds', 'invalid_value')],
      `No staff member ${unknown.join(', ')}`,
    );
  const wanted = new Set(memberIds);
  return staff.flatMap((user) => {
    const inQueue = user.queueIds.includes(queueId);
    if (inQueue === wanted.has(user.id)) return [];
    const queueIds = inQueue ? user.queueIds.filter((id) => id !== queueId) : [...user.queueIds, queueId];
    return [{ ...user, queueIds }];
  });
}

async function putMembers(deps: QueueAdminDeps, changed: StaffUser[]): Promise<void> {
  for (const user of changed) await deps.store.putStaffUser(user);
}

/** The rule set's default queue is where unclaimed tickets go; the queue records only mirror it. */
async function makeDefault(deps: QueueAdminDeps, principal: Principal, queueId: string): Promise<void> {
  const ruleSet = await ruleSetInForce(deps.config);
  if (ruleSet.defaultQueueId === queueId) return;
  await deps.config.saveRuleSet(
    ruleSet.rules,
    queueId,
    principal.userId,
    ruleSet.version,
    deps.clock.now().toISOString(),
  );
  for (const queue of await deps.store.listQueues()) {
    if (queue.isDefault && queue.id !== queueId) await deps.store.putQueue({ ...queue, isDefault: false });
  }
}

export async function createQueue(
  deps: QueueAdminDeps,
  principal: Principal,
  input: NewQueue,
): Promise<QueueView> {
  if (!hasRole(principal, 'admin')) throw new ForbiddenError('Only an admin creates queues');
  await requireKnownBranch(deps, input.branch);
  const { memberIds = [], ...fields } = input;
  const queue: Queue = { ...fields, isDefault: input.isDefault === true };
  const members = await membershipChanges(deps, queue.id, memberIds);
  // Written only if no queue has the id, so of two admins creating it at once one is told it exists.
  if (!(await deps.store.addQueue(queue)))
    throw new ConflictError(`A queue ${input.id} already exists`, {
      code: 'queue_exists',
      messageAr: 'يوجد قائمة بهذا المعرّف',
    });
  await putMembers(deps, members);
  if (queue.isDefault) await makeDefault(deps, principal, queue.id);
  const created = { ...queue, memberIds };
  await recordSettingChange(deps, principal, { setting: 'queue', subjectId: queue.id, to: created });
  return created;
}

export async function updateQueue(
  deps: QueueAdminDeps,
  principal: Principal,
  queueId: string,
  change: QueueChange,
): Promise<QueueView> {
  assertMayChange(principal, change);
  const before = (await queueViews(deps)).find((queue) => queue.id === queueId);
  if (!before) throw new NotFoundError('Queue');
  await requireKnownBranch(deps, change.branch);
  if (change.archived || before.archived) await refuseArchivedInUse(deps, queueId, change);

  const { memberIds, capacity, branch, ...fields } = change;
  const { memberIds: _members, ...stored } = before;
  const queue: Queue = { ...stored, ...fields };
  if (capacity !== undefined) queue.capacity = capacity ?? undefined;
  if (branch !== undefined) queue.branch = branch ?? undefined;
  const members = memberIds ? await membershipChanges(deps, queueId, memberIds) : [];
  await deps.store.putQueue(queue);
  await putMembers(deps, members);
  if (change.isDefault) await makeDefault(deps, principal, queueId);
  const after = { ...queue, memberIds: memberIds ?? before.memberIds };
  await recordSettingChange(deps, principal, {
    setting: 'queue',
    subjectId: queueId,
    from: before,
    to: after,
  });
  return after;
}

/** An archived queue takes no new tickets: it may not be the default nor any enabled rule's destination. */
async function refuseArchivedInUse(
  deps: QueueAdminDeps,
  queueId: string,
  change: QueueChange,
): Promise<void> {
  const staysArchived = change.archived ?? true;
  if (!staysArchived) return;
  const ruleSet = await ruleSetInForce(deps.config);
  if (change.isDefault || ruleSet.defaultQueueId === queueId)
    throw new ConflictError('The default queue cannot be archived; make another queue the default first', {
      code: 'default_queue',
      messageAr: 'لا يمكن أرشفة القائمة الافتراضية؛ اجعل قائمة أخرى افتراضية أولاً',
    });
  const rules = ruleSet.rules.filter((rule) => rule.enabled && rule.actions.queueId === queueId);
  if (rules.length > 0)
    throw new ConflictError(`Rules still send tickets here: ${rules.map((rule) => rule.name).join(', ')}`, {
      code: 'queue_in_use',
      messageAr: 'قواعد التوجيه ما زالت ترسل التذاكر إلى هذه القائمة',
    });
}
