import { ForbiddenError } from '../domain/errors.ts';
import { DEFAULT_SOCIETY_PROFILE, type SocietyProfile } from '../domain/society-profile.ts';
import { hasRole, type Principal } from '../domain/staff.ts';
import type { Clock } from '../ports/clock.ts';
import type { SocietyProfileStore } from '../ports/society-profile.ts';

export interface SocietyProfileDeps {
  societyProfile: SocietyProfileStore;
  clock: Clock;
}

/** The saved profile, or the default until an admin saves one. */
export async function viewSocietyProfile(
  deps: Pick<SocietyProfileDeps, 'societyProfile'>,
): Promise<SocietyProfile> {
  return (await deps.societyProfile.getSocietyProfile()) ?? DEFAULT_SOCIETY_PROFILE;
}

/** What the public pages may show: everything but who last edited it. */
export async function publicSocietyProfile(
  deps: Pick<SocietyProfileDeps, 'societyProfile'>,
): Promise<Omit<SocietyProfile, 'updatedBy' | 'updatedAt'>> {
  const { updatedBy: _by, updatedAt: _at, ...profile } = await viewSocietyProfile(deps);
  return profile;
}

/** Asked by the HTTP edge before it reads the body, so a refusal never depends on it. */
export function assertMayEditSocietyProfile(principal: Principal): void {
  if (!hasRole(principal, 'admin')) throw new ForbiddenError('Only an admin edits the society profile');
}

export async function saveSocietyProfile(
  deps: SocietyProfileDeps,
  principal: Principal,
  profile: Omit<SocietyProfile, 'updatedBy' | 'updatedAt'>,
): Promise<SocietyProfile> {
  assertMayEditSocietyProfile(principal);
  const saved = { ...profile, updatedBy: principal.userId, updatedAt: deps.clock.now().toISOString() };
  await deps.societyProfile.putSocietyProfile(saved);
  return saved;
}
