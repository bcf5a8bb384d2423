import type { SocietyProfile } from '../domain/society-profile.ts';

/** Where the society profile is kept: one configuration item, absent until an admin first saves it. */
export interface SocietyProfileStore {
  getSocietyProfile(): Promise<SocietyProfile | undefined>;
  putSocietyProfile(profile: SocietyProfile): Promise<void>;
}
