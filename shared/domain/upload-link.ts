import type { SupportCase } from '../workflow/support-request.ts';
import { hashSurveyToken, isSurveyTokenShape, newSurveyToken } from './survey-token.ts';

/**
 * The link an applicant told "documents missing" uploads them through (`/public/applications/{token}`): a random
 * single-use token like a survey's, of which only the SHA-256 is stored, good for a week.
 */
export const UPLOAD_LINK_DAYS = 7;

/** At most this many files through one link, as on the application form. */
export const UPLOAD_LINK_MAX_FILES = 4;

export interface UploadLink {
  /** SHA-256 (hex) of the link's token: the table never holds a working link. */
  tokenHash: string;
  ticketId: string;
  reference: string;
  /** What staff said is missing, in the applicant's words, shown on the page. */
  missing: string;
  createdAt: string;
  validUntil: string;
  /** Set once, by the submission that used the link. */
  usedAt?: string;
  /**
   * The return it was given for (when staff recorded what is missing): when the case is returned again, a link of
   * the earlier return stays closed, its list of what was missing no longer the one that counts.
   */
  round?: string;
}

/** Whether the case still waits for the documents this link was given for. */
export function linkWaitedFor(link: UploadLink, supportCase: SupportCase | undefined): boolean {
  return (
    supportCase?.step === 'returned_to_applicant' &&
    (link.round === undefined || link.round === supportCase.verification?.at)
  );
}

export type UploadLinkState = 'open' | 'used' | 'expired';

/** When a link given at `now` stops working: a week on. */
export function uploadLinkValidUntil(now: Date): string {
  return new Date(now.getTime() + UPLOAD_LINK_DAYS * 86_400_000).toISOString();
}

export const newUploadToken = newSurveyToken;
export const isUploadTokenShape = isSurveyTokenShape;
export const hashUploadToken = hashSurveyToken;

export function uploadLinkState(link: UploadLink, now: Date): UploadLinkState {
  if (link.usedAt) return 'used';
  return Date.parse(link.validUntil) <= now.getTime() ? 'expired' : 'open';
}

export function uploadLinkUrl(publicSiteUrl: string, token: string): string {
  return `${publicSiteUrl.replace(/\/+$/, '')}/public/applications/${token}`;
}
