import { ForbiddenError } from '../domain/errors.ts';
import { hasRole, type Principal } from '../domain/staff.ts';
import type { QuarantinePage, QuarantineStore } from '../ports/quarantine.ts';

export interface QuarantineDeps {
  quarantine: QuarantineStore;
}

export const QUARANTINE_PAGE_SIZE = 50;

/**
 * Mail held back because its sender's domain disowns it (DMARC failed). It may impersonate a beneficiary, so
 * only supervisors and admins see it; it is never in a queue an agent reads.
 */
export async function listQuarantinedEmail(
  deps: QuarantineDeps,
  principal: Principal,
  page: { cursor?: string; limit?: number } = {},
): Promise<QuarantinePage> {
  if (!hasRole(principal, 'supervisor', 'admin')) {
    throw new ForbiddenError('Quarantined mail is for supervisors');
  }
  return deps.quarantine.listQuarantined({
    limit: Math.min(page.limit ?? QUARANTINE_PAGE_SIZE, QUARANTINE_PAGE_SIZE),
    cursor: page.cursor,
  });
}
