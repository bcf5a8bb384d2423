import { toArabicIndicDigits } from './digits.ts';
import { hijriWithGregorian } from './hijri-date.ts';
import type { Attachment } from './message.ts';
import type { Role } from './staff.ts';

/**
 * A visit to the beneficiary's home, scheduled from their case: researchers study the family where it lives, and
 * branch representatives (agents of a branch) take applications and deliver in the field.
 */
export interface HomeVisit {
  id: string;
  /** When the visit is planned (ISO instant). */
  scheduledFor: string;
  address: string;
  purpose: string;
  scheduledBy: string;
  scheduledAt: string;
  /** What the visit found, filled in on the visit page; present once the visit is done. */
  report?: HomeVisitReport;
}

/** Where the visitor stood: the phone's reading, or a place typed when the phone has no fix. */
export type VisitLocation =
  | { kind: 'gps'; latitude: number; longitude: number; accuracyMetres?: number }
  | { kind: 'typed'; description: string };

export interface HomeVisitReport {
  findings: string;
  location: VisitLocation;
  photos: Attachment[];
  by: string;
  at: string;
}

/** Who schedules and records visits: researchers, branch representatives (agents) and their supervisors. */
export const HOME_VISIT_ROLES: readonly Role[] = ['agent', 'researcher', 'supervisor'];

/** Photos a phone takes, by what their bytes are (never by the name or the claimed type). */
export const VISIT_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;
export const MAX_VISIT_PHOTOS = 4;

const RIYADH_OFFSET_MS = 3 * 3_600_000;

/**
 * The visit's date (Hijri with the Gregorian beside it) and time as the beneficiary reads it, in Riyadh time, all
 * in Arabic-Indic digits as the dates are written («… (٢ ديسمبر ٢٠٢٦م) ١٠:٣٠»).
 */
export function visitDateText(iso: string): string {
  const time = new Date(Date.parse(iso) + RIYADH_OFFSET_MS).toISOString().slice(11, 16);
  return `${hijriWithGregorian(iso)} ${toArabicIndicDigits(time)}`;
}
