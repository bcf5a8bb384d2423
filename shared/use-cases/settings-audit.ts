import { ForbiddenError } from '../domain/errors.ts';
import { hasRole, type Principal } from '../domain/staff.ts';
import type { AuditEntry, AuditLog } from '../ports/audit-log.ts';
import type { Clock } from '../ports/clock.ts';
import type { IdGenerator } from '../ports/ids.ts';

export interface AuditDeps {
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
}

/** Writes who changed which setting, when, from what to what (to `null`: removed). */
export async function recordSettingChange(
  deps: AuditDeps,
  principal: Principal,
  change: Pick<AuditEntry, 'setting' | 'subjectId' | 'from' | 'to'>,
): Promise<AuditEntry> {
  const entry: AuditEntry = {
    id: deps.ids.next(),
    at: deps.clock.now().toISOString(),
    actorId: principal.userId,
    actorName: principal.name,
    action: change.to === null ? 'delete' : change.from === undefined ? 'create' : 'update',
    ...change,
  };
  await deps.audit.record(entry);
  return entry;
}

export const AUDIT_PAGE = 200;

/** The latest setting changes, for admins. */
export async function listSettingChanges(deps: AuditDeps, principal: Principal): Promise<AuditEntry[]> {
  if (!hasRole(principal, 'admin')) throw new ForbiddenError('Only an admin reads the audit of settings');
  return deps.audit.list(AUDIT_PAGE);
}
