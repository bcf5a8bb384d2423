import { type AnnouncementAudience, type Campaign, recipientsOf } from '../domain/announcement.ts';
import { ForbiddenError } from '../domain/errors.ts';
import { hasRole, type Principal } from '../domain/staff.ts';
import type { BeneficiaryRegistry, CampaignStore } from '../ports/announcements.ts';
import type { Clock } from '../ports/clock.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { OutboxStore } from '../ports/outbox.ts';

export interface AnnouncementDeps {
  beneficiaries: BeneficiaryRegistry;
  campaigns: CampaignStore;
  outbox: Pick<OutboxStore, 'record'>;
  clock: Clock;
  ids: IdGenerator;
}

export interface AnnouncementRequest {
  name: string;
  audience: AnnouncementAudience;
  text: string;
}

/**
 * A supervisor's announcement to registered beneficiaries: one outbox message per family, on the ticket of their
 * registration (so it goes on their own channel and their reply threads there). The messages are only recorded
 * here; the outbox drain sends them a batch at a time, at the pace providers accept, honouring opt-outs.
 */
export async function sendAnnouncement(
  deps: AnnouncementDeps,
  principal: Principal,
  request: AnnouncementRequest,
): Promise<Campaign> {
  if (!hasRole(principal, 'supervisor', 'admin'))
    throw new ForbiddenError('Only a supervisor or an admin sends announcements to beneficiaries');
  const now = deps.clock.now();
  const createdAt = now.toISOString();
  const id = deps.ids.next(now);
  const recipients = recipientsOf(await deps.beneficiaries.listBeneficiaries(), request.audience).map(
    (beneficiary) => ({
      contactId: beneficiary.contactId,
      ticketId: beneficiary.ticketId,
      outboxId: `${beneficiary.ticketId}#announcement#${id}`,
    }),
  );
  const campaign: Campaign = { id, ...request, createdBy: principal.userId, createdAt, recipients };
  // Kept before its messages, so every message recorded belongs to a campaign staff can find.
  await deps.campaigns.putCampaign(campaign);
  for (const recipient of recipients) {
    await deps.outbox.record({
      id: recipient.outboxId,
      ticketId: recipient.ticketId,
      kind: 'announcement',
      text: request.text,
      event: { type: 'announcement_sent', data: { campaignId: id, name: request.name } },
      createdAt,
    });
  }
  return campaign;
}
