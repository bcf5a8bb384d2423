import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { fieldError } from '../domain/field-messages.ts';
import type { Queue } from '../domain/queue.ts';
import { emailTaken, hasRole, type Principal, type Role, type StaffUser } from '../domain/staff.ts';
import type { BranchSource } from '../ports/branches.ts';
import type { AccountChange, StaffAccounts } from '../ports/staff-accounts.ts';
import { requireKnownBranch } from './branch-admin.ts';
import { type AuditDeps, recordSettingChange } from './settings-audit.ts';

export interface StaffAdminDeps extends AuditDeps {
  store: {
    listQueues(): Promise<Queue[]>;
    listStaffUsers(): Promise<StaffUser[]>;
    getStaffUser(userId: string): Promise<StaffUser | undefined>;
    putStaffUser(user: StaffUser): Promise<void>;
  };
  staffAccounts: StaffAccounts;
  branches: BranchSource;
}

export interface NewStaffMember {
  name: string;
  email: string;
  roles: Role[];
  queueIds: string[];
  branch?: string;
  capacity?: number;
}

export interface StaffChange {
  name?: string;
  email?: string;
  roles?: Role[];
  queueIds?: string[];
  branch?: string | null;
  capacity?: number | null;
  disabled?: boolean;
  emailNotices?: boolean;
  language?: 'ar' | 'en';
}

/** Admins see and change staff; supervisors see them and move them between queues (they run the teams). */
export function assertMayManageStaff(principal: Principal): void {
  if (!hasRole(principal, 'admin', 'supervisor'))
    throw new ForbiddenError('Only an admin or a supervisor manages staff');
}

export function assertMayInviteStaff(principal: Principal): void {
  if (!hasRole(principal, 'admin')) throw new ForbiddenError('Only an admin adds staff');
}

/** A colleague as every member of staff sees them: no email, branch or account state. */
export type Colleague = Pick<StaffUser, 'id' | 'name' | 'roles' | 'queueIds'>;

/** Everyone sees colleagues' names and queues (assignee names, the assign menu); those managing staff, whole records. */
export async function listStaff(
  deps: { store: Pick<StaffAdminDeps['store'], 'listStaffUsers'> },
  principal: Principal,
): Promise<Array<StaffUser | Colleague>> {
  const users = await deps.store.listStaffUsers();
  if (hasRole(principal, 'admin', 'supervisor')) return users;
  return users.map(({ id, name, roles, queueIds }) => ({ id, name, roles, queueIds }));
}

async function requireOpenQueues(deps: StaffAdminDeps, queueIds: string[]): Promise<void> {
  const open = new Set(
    (await deps.store.listQueues()).filter((queue) => !queue.archived).map((queue) => queue.id),
  );
  const unknown = queueIds.filter((queueId) => !open.has(queueId));
  if (unknown.length > 0)
    throw new ValidationError(
      [fieldError('queueIds', 'invalid_value')],
      `No open queue ${unknown.join(', ')}`,
    );
}

async function requireFreeEmail(deps: StaffAdminDeps, email: string, userId?: string): Promise<void> {
  const taken = (await deps.store.listStaffUsers()).some(
    (user) => user.id !== userId && user.email.toLowerCase() === email.toLowerCase(),
  );
  if (taken) throw emailTaken();
}

/**
 * Creates the sign-in account (Cognito invites by email in AWS; locally a one-time password is returned) and then
 * the staff record under the account's id, which is the subject of the member's tokens.
 */
export async function inviteStaffMember(
  deps: StaffAdminDeps,
  principal: Principal,
  input: NewStaffMember,
): Promise<{ staff: StaffUser; temporaryPassword?: string }> {
  assertMayInviteStaff(principal);
  await requireKnownBranch(deps, input.branch);
  await requireOpenQueues(deps, input.queueIds);
  await requireFreeEmail(deps, input.email);
  const account = await deps.staffAccounts.invite({
    email: input.email,
    name: input.name,
    roles: input.roles,
  });
  const staff: StaffUser = { id: account.userId, ...input };
  await deps.store.putStaffUser(staff);
  await recordSettingChange(deps, principal, { setting: 'staff', subjectId: staff.id, to: staff });
  return { staff, temporaryPassword: account.temporaryPassword };
}

export async function updateStaffMember(
  deps: StaffAdminDeps,
  principal: Principal,
  userId: string,
  change: StaffChange,
): Promise<StaffUser> {
  assertMayManageStaff(principal);
  if (!hasRole(principal, 'admin')) {
    const beyondQueues = Object.keys(change).filter((field) => field !== 'queueIds');
    if (beyondQueues.length > 0)
      throw new ForbiddenError(`Only an admin changes a staff member's ${beyondQueues.join(', ')}`);
  }
  const before = await deps.store.getStaffUser(userId);
  if (!before) throw new NotFoundError('Staff member');
  if (userId === principal.userId && (change.disabled || (change.roles && !change.roles.includes('admin'))))
    throw new ConflictError('An admin cannot disable themselves or give up their own admin role', {
      code: 'own_admin',
      messageAr: 'لا يمكنك تعطيل حسابك أو إزالة صلاحية المدير عن نفسك',
    });
  await requireKnownBranch(deps, change.branch);
  if (change.queueIds) await requireOpenQueues(deps, change.queueIds);
  if (change.email) await requireFreeEmail(deps, change.email, userId);

  const { branch, capacity, ...fields } = change;
  const after: StaffUser = { ...before, ...fields };
  if (branch !== undefined) after.branch = branch ?? undefined;
  if (capacity !== undefined) after.capacity = capacity ?? undefined;

  const account: AccountChange = {};
  if (change.email && change.email !== before.email) account.email = change.email;
  if (change.name && change.name !== before.name) account.name = change.name;
  if (change.roles && !sameRoles(change.roles, before.roles)) account.roles = change.roles;
  if (change.disabled !== undefined && change.disabled !== (before.disabled ?? false))
    account.enabled = !change.disabled;
  if (Object.keys(account).length > 0) await deps.staffAccounts.update({ ...before, userId }, account);
  await deps.store.putStaffUser(after);
  await recordSettingChange(deps, principal, {
    setting: 'staff',
    subjectId: userId,
    from: before,
    to: after,
  });
  return after;
}

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}
