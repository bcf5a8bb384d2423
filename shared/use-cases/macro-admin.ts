import { ForbiddenError, NotFoundError } from '../domain/errors.ts';
import type { Macro } from '../domain/macro.ts';
import { hasRole, type Principal } from '../domain/staff.ts';
import { staleEditError } from '../domain/stale-edit.ts';
import type { MacroSource, MacroStore } from '../ports/macros.ts';
import { type AuditDeps, recordSettingChange } from './settings-audit.ts';

export interface MacroAdminDeps extends AuditDeps {
  /** Written and read through the store, so a save audits what is stored, not a cache. */
  config: MacroStore;
}

/** Only admins keep the macros: one click of them changes many tickets' status and assignee. */
export function assertMayManageMacros(principal: Principal): void {
  if (!hasRole(principal, 'admin')) throw new ForbiddenError('Only an admin manages macros');
}

/** Every macro, by Arabic name; each staff member's inbox offers those their role may apply. */
export async function listMacros(deps: { macros: MacroSource }): Promise<Macro[]> {
  return (await deps.macros.listMacros()).sort((a, b) => a.nameAr.localeCompare(b.nameAr, 'ar'));
}

/** What an admin gives for a macro, with the version they opened (0 for a new one); the id is the path's. */
export type MacroInput = Omit<Macro, 'id' | 'version'> & { expectedVersion: number };

const STALE = { en: 'macro', ar: 'الإجراء الجاهز' };

/** Creates the macro `macroId` or changes it, unless someone else saved it since the admin opened it. */
export async function saveMacro(
  deps: MacroAdminDeps,
  principal: Principal,
  macroId: string,
  { expectedVersion, ...input }: MacroInput,
): Promise<Macro> {
  assertMayManageMacros(principal);
  const before = (await deps.config.listMacros()).find((macro) => macro.id === macroId);
  if ((before?.version ?? 0) !== expectedVersion) throw staleEditError(STALE);
  const macro: Macro = { ...input, id: macroId, version: expectedVersion + 1 };
  if (!(await deps.config.putMacro(macro, expectedVersion))) throw staleEditError(STALE);
  await recordSettingChange(deps, principal, {
    setting: 'macro',
    subjectId: macroId,
    ...(before && { from: before }),
    to: macro,
  });
  return macro;
}

/** Removes a macro: nothing else names it, so it need not be archived. */
export async function deleteMacro(
  deps: MacroAdminDeps,
  principal: Principal,
  macroId: string,
): Promise<void> {
  assertMayManageMacros(principal);
  const before = (await deps.config.listMacros()).find((macro) => macro.id === macroId);
  if (!before) throw new NotFoundError('Macro');
  await deps.config.deleteMacro(macroId);
  await recordSettingChange(deps, principal, {
    setting: 'macro',
    subjectId: macroId,
    from: before,
    to: null,
  });
}
