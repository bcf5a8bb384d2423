import type { Campaign, RegisteredBeneficiary } from '../domain/announcement.ts';

/** Registered beneficiaries, kept as they are registered, so an announcement reads them without a scan. */
export interface BeneficiaryRegistry {
  putBeneficiary(beneficiary: RegisteredBeneficiary): Promise<void>;
  listBeneficiaries(): Promise<RegisteredBeneficiary[]>;
}

export interface CampaignStore {
  putCampaign(campaign: Campaign): Promise<void>;
  /** The latest announcements, newest first. */
  listCampaigns(limit: number): Promise<Campaign[]>;
}
