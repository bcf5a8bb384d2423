/**
 * How a contact is recognised. Phone and email are shared across channels (SMS, WhatsApp and the web form all
 * carry a phone), so one beneficiary stays one contact; platform ids are per platform.
 */
export const IDENTITY_KINDS = [
  'phone',
  'email',
  'telegram',
  'messenger',
  'instagram',
  // A WhatsApp user's business-scoped user id (BSUID): how WhatsApp names a user who hides their phone.
  'whatsapp',
  'national_id',
] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/**
 * How an identity was established. Verified: a provider vouches for it (WhatsApp wa_id, page-scoped ids, Telegram
 * chat id, an SMS originating number, email passing DMARC), a code confirmed it, or staff checked it. Claimed: the
 * sender only typed it (web forms) or the mail failed authentication. Only a verified identity may lead a message
 * to an existing contact; a claimed one never joins nor reveals anyone else's tickets.
 */
export type IdentityAssurance = 'verified' | 'claimed';

export interface Identity {
  kind: IdentityKind;
  /** Normalised: E.164 for phones, lower-case for email, the platform's user id otherwise. */
  value: string;
  /** Absent on identities recorded before assurance existed: they count as claimed. */
  assurance?: IdentityAssurance;
}

export function isVerified(identity: Identity): boolean {
  return identity.assurance === 'verified';
}

export function identityKey(identity: Identity): string {
  return `${identity.kind}#${identity.value}`;
}

export function sameIdentity(a: Identity, b: Identity): boolean {
  return a.kind === b.kind && a.value === b.value;
}

/** Marks a ticket whose sender is known only by what they claimed: staff confirm who they are before trusting it. */
export const UNVERIFIED_SENDER_TAG = 'sender_not_verified';
