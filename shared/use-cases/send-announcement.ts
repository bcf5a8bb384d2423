import { type AnnouncementAudience, type Campaign, recipientsOf } from '../domain/announcement.ts';
import { serviceWindow } from '../domain/channel.ts';
import { ForbiddenError } from '../domain/errors.ts';
import { replyAddress } from '../domain/reply-address.ts';
import { hasRole, type Principal } from '../domain/staff.ts';
import type { Ticket } from '../domain/ticket.ts';
import {
  ANNOUNCEMENT_TEMPLATE,
  approvedTemplate,
  renderWhatsAppTemplate,
} from '../domain/whatsapp-templates.ts';
import type { BeneficiaryRegistry, CampaignStore } from '../ports/announcements.ts';
import type { Clock } from '../ports/clock.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { AutomaticMessage, OutboxState, OutboxStatusReader, OutboxStore } from '../ports/outbox.ts';
import type { StaffStore } from '../ports/ticket-store.ts';
import type { WhatsAppTemplateSource } from '../ports/whatsapp-templates.ts';

export interface AnnouncementDeps {
  beneficiaries: BeneficiaryRegistry;
  campaigns: CampaignStore;
  outbox: Pick<OutboxStore, 'record'>;
  store: Pick<StaffStore, 'getTicketWithThread' | 'getContact'>;
  whatsappTemplates: WhatsAppTemplateSource;
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
  const templates = await deps.whatsappTemplates.listWhatsAppTemplates();
  const template = approvedTemplate(templates, ANNOUNCEMENT_TEMPLATE, 'ar');
  for (const recipient of recipients) {
    await deps.outbox.record({
      id: recipient.outboxId,
      ticketId: recipient.ticketId,
      kind: 'announcement',
      text: request.text,
      ...(await whereToAnnounce(deps, recipient.ticketId, request.text, template, now)),
      event: { type: 'announcement_sent', data: { campaignId: id, name: request.name } },
      createdAt,
    });
  }
  return campaign;
}

/**
 * A family who last wrote on WhatsApp hears there: as free text while its 24-hour window is open, as the
 * approved announcement template after it, else by SMS (or email). Others get their registration ticket's channel.
 */
async function whereToAnnounce(
  deps: AnnouncementDeps,
  ticketId: string,
  text: string,
  template: ReturnType<typeof approvedTemplate>,
  now: Date,
): Promise<Partial<Pick<AutomaticMessage, 'address' | 'text' | 'template'>>> {
  const thread = await deps.store.getTicketWithThread(ticketId);
  const latest = thread?.messages.filter((message) => message.direction === 'inbound').at(-1);
  if (!thread || latest?.channel !== 'whatsapp') return {};
  const contact = await deps.store.getContact(thread.ticket.contactId);
  const whatsapp = contact && replyAddress(contact, 'whatsapp', 'whatsapp');
  if (!contact || !whatsapp) return {};
  if (serviceWindow('whatsapp', latest.createdAt, now)?.open) return { address: whatsapp };
  if (template) {
    return {
      address: whatsapp,
      text: renderWhatsAppTemplate(template, [text]),
      template: { name: template.name, language: template.language, parameters: [text] },
    };
  }
  const fallback = replyAddress(contact, 'sms', 'sms') ?? replyAddress(contact, 'email', 'email');
  return fallback ? { address: fallback } : {};
}

export interface AnnouncementListDeps {
  campaigns: Pick<CampaignStore, 'listCampaigns'>;
  outbox: OutboxStatusReader;
  store: { getTicket(ticketId: string): Promise<Ticket | undefined> };
}

/** How an announcement went: its messages by where they stand, and the families who wrote back since. */
export interface AnnouncementOutcome {
  id: string;
  name: string;
  text: string;
  createdAt: string;
  recipients: number;
  /** Accepted by the provider (or the mail server), no receipt yet. */
  sent: number;
  /** The provider reported it delivered (or read) on the family's phone or mailbox. */
  delivered: number;
  /** Refused when sent, or reported failed by the provider after. */
  failed: number;
  /** Not sent: the number opted out, the day's budget was spent, or the family has no channel. */
  skipped: number;
  pending: number;
  /** Families whose registration ticket received a message of theirs after the announcement. */
  replied: number;
}

const EMPTY_COUNTS = { sent: 0, delivered: 0, failed: 0, skipped: 0, pending: 0 };

/** How many of the latest announcements the page shows. */
export const ANNOUNCEMENTS_LISTED = 20;

/** The latest announcements with their counts, for supervisors and admins (who send them). */
export async function listAnnouncements(
  deps: AnnouncementListDeps,
  principal: Principal,
): Promise<AnnouncementOutcome[]> {
  if (!hasRole(principal, 'supervisor', 'admin'))
    throw new ForbiddenError('Only a supervisor or an admin sees the announcements sent to beneficiaries');
  const campaigns = await deps.campaigns.listCampaigns(ANNOUNCEMENTS_LISTED);
  return Promise.all(campaigns.map((campaign) => outcomeOf(deps, campaign)));
}

async function outcomeOf(deps: AnnouncementListDeps, campaign: Campaign): Promise<AnnouncementOutcome> {
  const statuses = await deps.outbox.statusesOf(campaign.recipients.map((recipient) => recipient.outboxId));
  const tickets = await Promise.all(
    campaign.recipients.map((recipient) => deps.store.getTicket(recipient.ticketId)),
  );
  const counted = { ...EMPTY_COUNTS };
  for (const recipient of campaign.recipients)
    counted[outcomeOfMessage(statuses.get(recipient.outboxId))] += 1;
  const replied = tickets.filter((ticket) => (ticket?.lastInboundAt ?? '') > campaign.createdAt).length;
  return {
    id: campaign.id,
    name: campaign.name,
    text: campaign.text,
    createdAt: campaign.createdAt,
    recipients: campaign.recipients.length,
    ...counted,
    replied,
  };
}

/** One family's message by the latest word on it: the provider's delivery report, else the outbox's. */
function outcomeOfMessage(state: OutboxState | undefined): keyof typeof EMPTY_COUNTS {
  if (!state) return 'pending';
  if (state.status !== 'sent') return state.status;
  if (state.deliveryStatus === 'delivered' || state.deliveryStatus === 'read') return 'delivered';
  return state.deliveryStatus === 'failed' ? 'failed' : 'sent';
}
