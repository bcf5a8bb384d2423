import { activeBranches, type Branch } from '../domain/branches.ts';
import { ForbiddenError, ValidationError } from '../domain/errors.ts';
import { fieldError } from '../domain/field-messages.ts';
import { hasRole, type Principal } from '../domain/staff.ts';
import type { BranchSource, BranchStore } from '../ports/branches.ts';
import { type AuditDeps, recordSettingChange } from './settings-audit.ts';

export interface BranchAdminDeps extends AuditDeps {
  /** Written through the store; read through the store too, so a save sees what is stored, not a cache. */
  config: BranchStore;
}

/** What an admin gives for a branch; the id comes from the path. */
export interface BranchInput {
  nameAr: string;
  nameEn: string;
  city: string;
  archived?: boolean;
}

/** Only admins keep the branches: they shape the public form, routing and reports. */
export function assertMayManageBranches(principal: Principal): void {
  if (!hasRole(principal, 'admin')) throw new ForbiddenError('Only an admin manages branches');
}

/** Every branch, archived ones too (staff name the branch of older tickets), active ones first. */
export async function listBranches(deps: { branches: BranchSource }): Promise<Branch[]> {
  const branches = await deps.branches.listBranches();
  return [...activeBranches(branches), ...branches.filter((branch) => branch.archived)];
}

/** A branch the society has, for a queue or a member of staff (an archived one too: what names it may keep it). */
export async function requireKnownBranch(
  deps: { branches: BranchSource },
  branch: string | null | undefined,
): Promise<void> {
  if (branch && !(await deps.branches.listBranches()).some((candidate) => candidate.id === branch))
    throw new ValidationError([fieldError('branch', 'invalid_value')], `No branch ${branch}`);
}

/** The branches the public support-request form offers. */
export async function publicBranches(deps: { branches: BranchSource }): Promise<Branch[]> {
  return activeBranches(await deps.branches.listBranches()).map(({ id, nameAr, nameEn, city }) => ({
    id,
    nameAr,
    nameEn,
    city,
  }));
}

/** Creates the branch `branchId` or changes it; archiving hides it from forms, and un-archiving brings it back. */
export async function saveBranch(
  deps: BranchAdminDeps,
  principal: Principal,
  branchId: string,
  input: BranchInput,
): Promise<Branch> {
  assertMayManageBranches(principal);
  const before = (await deps.config.listBranches()).find((branch) => branch.id === branchId);
  const branch: Branch = {
    id: branchId,
    nameAr: input.nameAr,
    nameEn: input.nameEn,
    city: input.city,
    ...(input.archived && { archived: true }),
  };
  await deps.config.putBranch(branch);
  await recordSettingChange(deps, principal, {
    setting: 'branch',
    subjectId: branchId,
    ...(before && { from: before }),
    to: branch,
  });
  return branch;
}
