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
  'national_id',
] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export interface Identity {
  kind: IdentityKind;
  /** Normalised: E.164 for phones, lower-case for email, the platform's user id otherwise. */
  value: string;
}

export function identityKey(identity: Identity): string {
  return `${identity.kind}#${identity.value}`;
}

export function sameIdentity(a: Identity, b: Identity): boolean {
  return a.kind === b.kind && a.value === b.value;
}
