import { ForbiddenError } from '../domain/errors.ts';
import type { SocietyProfile } from '../domain/society-profile.ts';
import { hasRole, type Principal } from '../domain/staff.ts';
import { type AuditDeps, recordSettingChange } from './settings-audit.ts';
import type { SocietyProfileDeps } from './society-profile.ts';

/** Asked by the HTTP edge before it reads the body, so a refusal never depends on it. */
export function assertMayEditSocietyProfile(principal: Principal): void {
  if (!hasRole(principal, 'admin')) throw new ForbiddenError('Only an admin edits the society profile');
}

export async function saveSocietyProfile(
  deps: SocietyProfileDeps & AuditDeps,
  principal: Principal,
  profile: Omit<SocietyProfile, 'updatedBy' | 'updatedAt'>,
): Promise<SocietyProfile> {
  assertMayEditSocietyProfile(principal);
  const saved = { ...profile, updatedBy: principal.userId, updatedAt: deps.clock.now().toISOString() };
  const before = await deps.societyProfile.getSocietyProfile();
  await deps.societyProfile.putSocietyProfile(saved);
  await recordSettingChange(deps, principal, {
    setting: 'society_profile',
    subjectId: 'society_profile',
    from: before && audited(before),
    to: audited(saved),
  });
  return saved;
}

/**
 * The profile as the audit keeps it: an uploaded logo (up to 100 KB inline) by its type, size and ending, so two
 * copies of it do not fill the entry, and a new image still reads as a change.
 */
function audited({ updatedBy: _by, updatedAt: _at, ...profile }: SocietyProfile) {
  const inline = profile.logoUrl?.match(/^data:([^;,]+)[^,]*,(.*)$/s);
  if (!inline) return profile;
  const [, type, data = ''] = inline;
  return { ...profile, logoUrl: `${type}, ${Math.ceil(data.length / 1024)} KB, …${data.slice(-12)}` };
}
