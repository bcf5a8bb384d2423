import { normalisePhone } from './phone.ts';

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
  workingHoursAr: 'من الأحد إلى الخميس، من 8 صباحاً حتى 4 عصراً',
  workingHoursEn: 'Sunday to Thursday, 8 am to 4 pm',
};

/**
 * A logo given inline is kept in the profile item itself: about 100 KB of image (in base64), small enough for the
 * item and for every public page load.
 */
export const MAX_LOGO_DATA_URL_CHARS = 137_000;

const LOGO_DATA_URL = /^data:image\/(png|jpeg|svg\+xml);base64,([A-Za-z0-9+/]+={0,2})$/;

/**
 * Why a logo is refused, if it is: an https address, or an inline PNG, JPEG or SVG image within the size limit.
 * An SVG that could run anything (scripts, event handlers, `javascript:` links, embedded documents) is refused
 * even though the pages only ever show it as an image.
 */
export function logoProblem(logo: string): 'logo_not_accepted' | 'logo_too_large' | undefined {
  if (logo.startsWith('data:')) {
    if (logo.length > MAX_LOGO_DATA_URL_CHARS) return 'logo_too_large';
    const [, kind, base64] = LOGO_DATA_URL.exec(logo) ?? [];
    if (!kind || !base64) return 'logo_not_accepted';
    if (
      kind === 'svg+xml' &&
      /<script|\son\w+\s*=|javascript:|<foreignObject|<iframe|<embed|<object/i.test(atob(base64))
    )
      return 'logo_not_accepted';
    return undefined;
  }
  if (logo.length > 500) return 'logo_not_accepted';
  try {
    return new URL(logo).protocol === 'https:' ? undefined : 'logo_not_accepted';
  } catch {
    return 'logo_not_accepted';
  }
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(first: string, second: string): number {
  const [lighter, darker] = [luminance(first), luminance(second)].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

/** WCAG AA for normal text: the accent carries white text on buttons and is itself the colour of links. */
export const MIN_ACCENT_CONTRAST = 4.5;

export function readableWithWhite(colour: string): boolean {
  return contrastRatio(colour, '#ffffff') >= MIN_ACCENT_CONTRAST;
}

/**
 * The accent as the public pages use it: the society's colour, or, for a colour saved before the check, the same
 * hue darkened until white text on it passes AA.
 */
export function accessibleAccent(colour: string): string {
  let adjusted = colour.toLowerCase();
  for (let factor = 0.95; !readableWithWhite(adjusted) && factor > 0; factor -= 0.05) {
    adjusted = scaled(colour, factor);
  }
  return adjusted;
}

function luminance(colour: string): number {
  const [r, g, b] = channels(colour).map((value) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function channels(colour: string): number[] {
  return [1, 3, 5].map((start) => Number.parseInt(colour.slice(start, start + 2), 16));
}

function scaled(colour: string, factor: number): string {
  const hex = channels(colour).map((value) =>
    Math.round(value * Math.max(factor, 0))
      .toString(16)
      .padStart(2, '0'),
  );
  return `#${hex.join('')}`;
}

/** The society's contacts as links a phone opens: a call, a WhatsApp chat, a mail. */
export interface SocietyContactLinks {
  phone?: { label: string; href: string };
  whatsapp?: { label: string; href: string };
  email?: { label: string; href: string };
}

export function societyContactLinks(contact: SocietyProfile['contact']): SocietyContactLinks {
  const phone = contact.phone && normalisePhone(contact.phone);
  const whatsapp = contact.whatsapp && normalisePhone(contact.whatsapp);
  return {
    ...(contact.phone && phone && { phone: { label: contact.phone, href: `tel:${phone}` } }),
    ...(contact.whatsapp &&
      whatsapp && { whatsapp: { label: contact.whatsapp, href: `https://wa.me/${whatsapp.slice(1)}` } }),
    ...(contact.email && { email: { label: contact.email, href: `mailto:${contact.email}` } }),
  };
}
