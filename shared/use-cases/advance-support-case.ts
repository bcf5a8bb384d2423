import { authorize } from '../domain/access-policy.ts';
import type { Contact } from '../domain/contact.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors.ts';
import { hijriWithGregorian } from '../domain/hijri-date.ts';
import { renderTemplate } from '../domain/message-templates.ts';
import type { Principal } from '../domain/staff.ts';
import type { Ticket, TicketStatus } from '../domain/ticket.ts';
import { uploadLinkValidUntil } from '../domain/upload-link.ts';
import type { BeneficiaryRegistry } from '../ports/announcements.ts';
import type { MessageTemplateSource } from '../ports/message-templates.ts';
import type { OutboundSenders } from '../ports/outbound.ts';
import type { ReminderAgenda } from '../ports/reminder-agenda.ts';
import type { StatusLinks } from '../ports/status-links.ts';
import type { TicketEventRecord } from '../ports/ticket-store.ts';
import type { UploadLinkStore } from '../ports/upload-links.ts';
import { assignableMembers } from '../routing/assignment.ts';
import { slaAfterCommitteeDecision, slaAtCommittee } from '../sla/clocks.ts';
import { type SlaSettings, timekeeperFor } from '../sla/settings.ts';
import { nextReminderAt, type ReminderSchedule } from '../workflow/case-reminders.ts';
import {
  type CaseAction,
  COMMITTEE_WINDOW_DAYS,
  canTake,
  caseRefusal,
  caseTemplateId,
  nextStep,
  type StudyMethod,
  type SupportCase,
  type VerificationChecklist,
} from '../workflow/support-request.ts';
import { type AutomaticDeps, deliverAutomatic } from './automatic-messages.ts';
import { issueUploadLink } from './issue-upload-link.ts';
import { answeredBy } from './send-recorded-reply.ts';
import { type TicketChange, type UpdateDeps, updateTicketForStaff } from './update-ticket.ts';

export interface CaseInput {
  checklist?: VerificationChecklist;
  notes?: string;
  outcome?: 'approved' | 'rejected';
  reason?: string;
  service?: string;
  household?: { members: number; monthlyIncome: number };
  study?: { method: StudyMethod; findings: string };
}

export interface CaseDeps extends UpdateDeps, Omit<AutomaticDeps, 'store'> {
  store: UpdateDeps['store'] &
    AutomaticDeps['store'] & {
      getContact(contactId: string): Promise<Contact | undefined>;
      putContact(contact: Contact): Promise<void>;
    };
  senders: OutboundSenders;
  templates: MessageTemplateSource;
  /** Registered families, whom announcements reach. */
  beneficiaries: Pick<BeneficiaryRegistry, 'putBeneficiary'>;
  statusLinks: StatusLinks;
  /** The single-use link sent with "documents missing", and where it points. */
  uploadLinks: Pick<UploadLinkStore, 'putUploadLink'>;
  publicSiteUrl: string;
  /** Where a step that calls for reminders (documents missing, registered, service delivered) is put. */
  reminderAgenda: Pick<ReminderAgenda, 'schedule'>;
  reminderSchedule: ReminderSchedule;
}

/** Which queue and status each step puts the ticket in (the procedure moves the case between teams). */
const STEP_EFFECTS: Partial<Record<SupportCase['step'], { queueId?: string; status?: TicketStatus }>> = {
  returned_to_applicant: { status: 'pending_beneficiary' },
  verified: { status: 'open' },
  social_research: { queueId: 'social-research' },
  committee_review: { queueId: 'research-committee' },
  approved: { queueId: 'beneficiary-relations' },
  rejected: { status: 'resolved' },
  service_delivered: { status: 'closed' },
  withdrawn: { status: 'closed' },
  invalid: { status: 'closed' },
};

const DAY_MS = 86_400_000;

/**
 * One step of a support request, allowed only from the right step and for the right role; recorded on the ticket
 * and announced to the applicant on their own channel.
 */
export async function advanceSupportCase(
  deps: CaseDeps,
  principal: Principal,
  ticketId: string,
  action: CaseAction,
  input: CaseInput,
): Promise<Ticket> {
  const ticket = await deps.store.getTicket(ticketId);
  if (!ticket) throw new NotFoundError('Ticket');
  authorize(principal, 'write', [ticket.queueId]);
  if (ticket.type !== 'support_request')
    throw new ConflictError('Only a support request follows the case procedure');
  if (ticket.status === 'closed') throw new ConflictError('A closed case cannot change');
  const current: SupportCase = ticket.supportCase ?? { step: 'intake' };
  const check = canTake(action, current.step, principal.roles);
  if (!check.allowed) {
    if (check.reason === 'wrong_role')
      throw new ForbiddenError(`Your role may not ${action.replaceAll('_', ' ')}`);
    throw new ConflictError(`A case at step ${current.step} cannot ${action.replaceAll('_', ' ')}`);
  }
  const refusal = caseRefusal(action, current);
  if (refusal) throw new ConflictError(refusal);

  const now = deps.clock.now();
  const at = now.toISOString();
  const step = nextStep(action, input);
  const updatedCase: SupportCase = { ...current, step };
  if (action === 'record_verification' && input.checklist) {
    updatedCase.verification = { ...input.checklist, by: principal.userId, at };
  }
  if (action === 'refer_to_researcher')
    updatedCase.referral = { reason: input.reason ?? '', from: current.step, by: principal.userId, at };
  if (action === 'record_study' && input.study)
    updatedCase.study = { ...input.study, by: principal.userId, at };
  if (action === 'send_to_committee') updatedCase.referredAt = at;
  if (action === 'decide' && input.outcome) {
    updatedCase.decision = {
      outcome: input.outcome,
      reason: input.reason ?? '',
      service: input.service,
      by: principal.userId,
      at,
    };
  }
  if (action === 'register') updatedCase.registeredAt = at;
  if (action === 'withdraw' || action === 'mark_invalid')
    updatedCase.ended = { reason: input.reason ?? '', by: principal.userId, at };
  if (action === 'deliver_service')
    updatedCase.serviceDelivered = { service: input.service ?? '', at, by: principal.userId };

  // On the agenda before the step is kept: a crash between them costs the sweep one look, never a reminder.
  const reminderAt = nextReminderAt(updatedCase, deps.reminderSchedule);
  if (reminderAt) await deps.reminderAgenda.schedule({ ticketId, at: reminderAt });

  // A new step the applicant is told of answers them, as a reply does: the ticket's response clocks stop.
  const announced = step !== current.step && caseTemplateId(step) !== undefined;
  // Only reaching the committee starts a clock from the policy.
  const settings = action === 'send_to_committee' ? await deps.sla?.load() : undefined;
  const withCase = await deps.store.updateTicket(ticketId, (latest) => {
    // Two members taking a step at once (an approval and a rejection, say): only the first is kept.
    if (
      (latest.supportCase?.step ?? 'intake') !== current.step ||
      latest.status === 'closed' ||
      latest.queueId !== ticket.queueId
    )
      throw new ConflictError('The case changed while this step was taken; reload it and try again');
    const answered = announced ? answeredBy(latest, at, principal.userId) : latest;
    const sla = committeeWindow(answered, action, settings, now);
    const supportCase: SupportCase =
      action === 'send_to_committee'
        ? {
            ...updatedCase,
            committeeDueAt:
              sla?.clocks.committeeDecision?.dueAt ??
              new Date(now.getTime() + COMMITTEE_WINDOW_DAYS * DAY_MS).toISOString(),
          }
        : updatedCase;
    return {
      ...answered,
      supportCase,
      sla,
      committeeDecision: supportCase.referredAt
        ? { referredAt: supportCase.referredAt, decidedAt: supportCase.decision?.at }
        : latest.committeeDecision,
      updatedAt: at,
    };
  });
  const event: TicketEventRecord = {
    id: deps.ids.next(),
    ticketId,
    type: 'case_step',
    at,
    actorId: principal.userId,
    data: {
      action,
      from: current.step,
      to: step,
      notes: input.notes ?? null,
      outcome: input.outcome ?? null,
      reason: input.reason ?? null,
    },
  };
  // The notice's intent is recorded right after the step, before anything else can fail (keyed by the step's
  // event, one per step taken); it is sent below, or by the drain if we die before.
  // A study changes nothing the applicant waits on: only a new step is announced.
  const notice =
    step === current.step
      ? undefined
      : await recordNotice(deps, withCase, withCase.supportCase ?? updatedCase, input, event.id);
  await deps.store.addEvents([event]);

  const application = withCase.supportCase?.application;
  if (action === 'register' && input.household && application) {
    await deps.beneficiaries.putBeneficiary({
      contactId: ticket.contactId,
      ticketId,
      branch: application.branch,
      requestType: application.requestType,
      householdMembers: input.household.members,
      registeredAt: at,
    });
  }
  if (action === 'register' && input.household) {
    const contact = await deps.store.getContact(ticket.contactId);
    if (contact) {
      await deps.store.putContact({
        ...contact,
        tags: [...new Set([...contact.tags, 'مستفيد مسجل'])],
        beneficiary: {
          registeredAt: at,
          householdMembers: input.household.members,
          monthlyIncome: input.household.monthlyIncome,
        },
        updatedAt: at,
      });
    }
  }

  if (notice) await deliverAutomatic(deps, notice);
  const effects = STEP_EFFECTS[step];
  const change: TicketChange = {};
  if (effects?.queueId && effects.queueId !== withCase.queueId) change.queueId = effects.queueId;
  // Back with beneficiary relations after the committee: with whoever of them worked the case before.
  const owner =
    change.queueId && (await earlierOwner(deps, step === 'approved' ? withCase : undefined, change.queueId));
  if (owner) change.assigneeId = owner;
  if (effects?.status && effects.status !== withCase.status) change.status = effects.status;
  if (Object.keys(change).length === 0) return withCase;
  // The procedure itself moves the case; the step's actor may not be a member of the next team's queue.
  return updateTicketForStaff(
    deps,
    { ...principal, roles: [...principal.roles, 'supervisor'] },
    ticketId,
    change,
  );
}

/** The member of `queueId` who verified the case or referred it on from there, if they can still take it. */
async function earlierOwner(
  deps: CaseDeps,
  ticket: Ticket | undefined,
  queueId: string,
): Promise<string | undefined> {
  const supportCase = ticket?.supportCase;
  for (const memberId of [supportCase?.verification?.by, supportCase?.referral?.by]) {
    const member = memberId ? await deps.store.getStaffUser(memberId) : undefined;
    if (member && assignableMembers([member], queueId).length > 0) return member.id;
  }
  return undefined;
}

/**
 * The committee's decision window is an SLA clock, so the sweep warns before it expires and escalates a breach
 * like any other window; it closes when the committee decides.
 */
function committeeWindow(
  ticket: Ticket,
  action: CaseAction,
  settings: SlaSettings | undefined,
  now: Date,
): Ticket['sla'] {
  if (!ticket.sla) return ticket.sla;
  if (action === 'decide') return slaAfterCommitteeDecision(ticket.sla, now);
  const policy = settings?.policies.find((candidate) => candidate.id === ticket.sla?.policyId);
  if (action !== 'send_to_committee' || !settings || !policy) return ticket.sla;
  return slaAtCommittee(ticket.sla, policy, timekeeperFor(policy, settings.calendar), now);
}

async function recordNotice(
  deps: CaseDeps,
  ticket: Ticket,
  supportCase: SupportCase,
  input: CaseInput,
  stepEventId: string,
): Promise<string | undefined> {
  const templateId = caseTemplateId(supportCase.step);
  if (!templateId) return undefined;
  const uploadLink =
    supportCase.step === 'returned_to_applicant'
      ? await issueUploadLink(
          deps,
          ticket,
          input.checklist?.missing ?? '',
          deps.clock.now(),
          uploadLinkValidUntil(deps.clock.now()),
        )
      : '';
  const rendered = renderTemplate((await deps.templates.load())[templateId], {
    reference: ticket.reference,
    missing: input.checklist?.missing ?? '',
    due: supportCase.committeeDueAt ? hijriWithGregorian(supportCase.committeeDueAt) : '',
    service: supportCase.decision?.service ?? input.service ?? '',
    reason: supportCase.decision?.reason ?? supportCase.ended?.reason ?? '',
    statusLink: await deps.statusLinks.link(ticket.reference, deps.clock.now()),
    uploadLink,
  });
  // A reworded template without the upload link still carries it, on its own line.
  const text = uploadLink && !rendered.includes(uploadLink) ? `${rendered}\n${uploadLink}` : rendered;
  const id = `${ticket.id}#case#${stepEventId}`;
  await deps.outbox.record({
    id,
    ticketId: ticket.id,
    kind: 'case_notice',
    text,
    createdAt: deps.clock.now().toISOString(),
  });
  return id;
}
