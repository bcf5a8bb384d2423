import type { SupportRequestType } from './support-application.ts';

/** A family the society registered: who an announcement can reach, and on which case's ticket its reply threads. */
export interface RegisteredBeneficiary {
  contactId: string;
  /** The support case they were registered through: the announcement is recorded there, and replies join it. */
  ticketId: string;
  branch: string;
  requestType: SupportRequestType;
  householdMembers: number;
  registeredAt: string;
}

/** Which registered beneficiaries an announcement is for; every field given narrows it, none means all. */
export interface AnnouncementAudience {
  branches?: string[];
  requestTypes?: SupportRequestType[];
  householdMembers?: { min?: number; max?: number };
  /** Registered on or after this instant. */
  registeredSince?: string;
}

/** A supervisor's announcement to a segment of registered beneficiaries. */
export interface Campaign {
  id: string;
  name: string;
  audience: AnnouncementAudience;
  text: string;
  createdBy: string;
  createdAt: string;
  /** One outbox message per recipient, on the ticket of their registration. */
  recipients: { contactId: string; ticketId: string; outboxId: string }[];
}

export function inAudience(beneficiary: RegisteredBeneficiary, audience: AnnouncementAudience): boolean {
  const { branches, requestTypes, householdMembers, registeredSince } = audience;
  if (branches?.length && !branches.includes(beneficiary.branch)) return false;
  if (requestTypes?.length && !requestTypes.includes(beneficiary.requestType)) return false;
  if (householdMembers?.min !== undefined && beneficiary.householdMembers < householdMembers.min)
    return false;
  if (householdMembers?.max !== undefined && beneficiary.householdMembers > householdMembers.max)
    return false;
  if (registeredSince && beneficiary.registeredAt < registeredSince) return false;
  return true;
}

/**
 * The recipients of an audience: one per family (the latest registration when a family was registered twice),
 * so nobody receives the same announcement twice.
 */
export function recipientsOf(
  beneficiaries: RegisteredBeneficiary[],
  audience: AnnouncementAudience,
): RegisteredBeneficiary[] {
  const byContact = new Map<string, RegisteredBeneficiary>();
  for (const beneficiary of beneficiaries) {
    if (!inAudience(beneficiary, audience)) continue;
    const known = byContact.get(beneficiary.contactId);
    if (!known || known.registeredAt < beneficiary.registeredAt)
      byContact.set(beneficiary.contactId, beneficiary);
  }
  return [...byContact.values()];
}
