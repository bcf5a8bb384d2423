import type { MailAuthentication } from '../domain/email-authenticity.ts';

/** A received mail held back because its From: domain's DMARC policy disowns it: never a ticket message. */
export interface QuarantinedEmail {
  /** Stable for one delivery (a digest of its id), so a redelivered mail is held once. */
  id: string;
  receivedAt: string;
  /** The From: address it claims. */
  from: string;
  displayName?: string;
  subject?: string;
  /** The beginning of its text, for a supervisor deciding whether it matters. */
  preview: string;
  /** Where the raw mail is kept. */
  rawRef?: string;
  reason: 'dmarc_fail';
  authentication: MailAuthentication;
}

export interface QuarantinePage {
  items: QuarantinedEmail[];
  cursor?: string;
}

/** Quarantined mail, newest first. */
export interface QuarantineStore {
  putQuarantined(item: QuarantinedEmail): Promise<void>;
  listQuarantined(options: { limit: number; cursor?: string }): Promise<QuarantinePage>;
}
