/**
 * The society's identity as beneficiaries see it: its name in both languages, logo, colour, how to reach it and
 * when, and where its public site is. Admins edit it; the public pages and texts read it, so no name is in code.
 */
export interface SocietyProfile {
  nameAr: string;
  nameEn: string;
  logoUrl?: string;
  /** The accent colour of the public pages, `#rrggbb`. */
  primaryColour: string;
  contact: { phone?: string; whatsapp?: string; email?: string };
  workingHoursAr: string;
  workingHoursEn: string;
  publicSiteUrl?: string;
  updatedBy?: string;
  updatedAt?: string;
}

/** What a new installation shows until an admin saves the society's own profile. */
export const DEFAULT_SOCIETY_PROFILE: SocietyProfile = {
  nameAr: 'الجمعية التعاونية الخيرية للأسر المنتجة',
  nameEn: 'Charitable Cooperative Society for Productive Families',
  primaryColour: '#0b6e4f',
  contact: {},
  workingHoursAr: 'من الأحد إلى الخميس، من 8 صباحاً حتى 3 عصراً',
  workingHoursEn: 'Sunday to Thursday, 8 am to 3 pm',
};
