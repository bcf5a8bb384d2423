import type { ConfigRepository } from '../../functions/adapters/dynamodb/config-repository.ts';
import type { TicketRepository } from '../../functions/adapters/dynamodb/ticket-repository.ts';
import type { AppDependencies } from '../../functions/lib/dependencies.ts';
import { channelTraits } from '../../shared/domain/channel.ts';
import { addressKindOf } from '../../shared/domain/reply-address.ts';
import { DEFAULT_SOCIETY_PROFILE } from '../../shared/domain/society-profile.ts';
import type { Principal } from '../../shared/domain/staff.ts';
import type { Ticket } from '../../shared/domain/ticket.ts';
import { systemClock } from '../../shared/ports/clock.ts';
import type { OutboundMessage } from '../../shared/ports/outbound.ts';
import { advanceSupportCase } from '../../shared/use-cases/advance-support-case.ts';
import { sweepEscalations } from '../../shared/use-cases/escalate-tickets.ts';
import { writeStartingConfiguration } from '../../shared/use-cases/first-run.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { createAnswer } from '../../shared/use-cases/knowledge-base-admin.ts';
import { mergeContacts } from '../../shared/use-cases/merge-contacts.ts';
import { confirmApplicantPhone } from '../../shared/use-cases/phone-confirmation.ts';
import { receiveBeneficiaryMessage } from '../../shared/use-cases/receive-beneficiary-message.ts';
import { replyToTicket } from '../../shared/use-cases/reply-to-ticket.ts';
import { offerSurvey } from '../../shared/use-cases/satisfaction-survey.ts';
import { saveSocietyProfile } from '../../shared/use-cases/society-profile-admin.ts';
import { submitSupportRequest } from '../../shared/use-cases/submit-support-request.ts';
import { updateTicketForStaff } from '../../shared/use-cases/update-ticket.ts';
import type { CaseStep } from '../../shared/workflow/support-request.ts';
import { DEMO_ANSWERS } from './demo-answers.ts';
import { DEMO_APPLICATIONS } from './demo-applications.ts';
import { DEMO_MULTICHANNEL, DEMO_PASSWORD, DEMO_REPLIES, DEMO_STAFF, demoContacts } from './demo-data.ts';
import { hashPassword } from './identity-provider.ts';

/**
 * What a fresh AWS install writes (queues, rules, SLA policies, calendar, each only when absent, so an admin's
 * edits survive a restart), then the demo staff; idempotent.
 */
export async function seedConfiguration(store: TicketRepository, config?: ConfigRepository): Promise<void> {
  await writeStartingConfiguration({ store, config, clock: systemClock });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const user of DEMO_STAFF) {
    if (!(await store.getStaffUser(user.id))) await store.putStaffUser(user, passwordHash);
  }
}

/**
 * Demo tickets in Arabic, written through the real ingest use case so they look exactly like live contacts.
 * Runs once per data folder.
 */
export async function seedDemoTickets(deps: AppDependencies): Promise<number> {
  if (!(await deps.store.markOnce('demo-tickets', deps.clock.now()))) return 0;
  const contacts = demoContacts();
  const now = deps.clock.now().getTime();
  const arrived: { ticketId: string; at: number; index: number }[] = [];
  for (const [index, contact] of contacts.entries()) {
    const at = new Date(now - contact.hoursAgo * 3_600_000);
    const result = await ingestContact(
      { ...deps, clock: { now: () => at } },
      {
        channel: contact.channel,
        providerMessageId: `demo-${index}`,
        identities: [contact.identity],
        displayName: contact.name,
        subject: contact.subject,
        text: contact.text,
        attachments: [],
        language: 'ar',
        receivedAt: at.toISOString(),
        type: contact.type,
      },
    );
    arrived.push({ ticketId: result.ticketId, at: at.getTime(), index });
  }
  // The demo society's contacts, so the public pages' "contact us" has somewhere to send a beneficiary.
  await saveSocietyProfile(deps, demoPrincipal('u-admin'), {
    ...DEFAULT_SOCIETY_PROFILE,
    contact: { phone: '0112345678', whatsapp: '0501234567', email: 'care@sanad.local' },
  });
  for (const answer of DEMO_ANSWERS) await createAnswer(deps, demoPrincipal('u-supervisor'), answer);
  for (const ticket of arrived) await seedDemoHistory(deps, ticket, now);
  const merged = await seedDemoMerge(deps, now);
  const cases = await seedDemoCases(deps);
  await sweepDemoPast(deps, Math.min(...arrived.map((ticket) => ticket.at)), now);
  return contacts.length + merged + cases;
}

/** How far apart the demo's past sweeps stand: each covers the hours since the one before. */
const SWEEP_STEP_HOURS = 6;

/**
 * The escalation sweep as the schedule would have run it over the demo's three weeks: a window left to run out
 * on a ticket still open is warned and breached (priority raised, staff told) on its own day, so the inbox's
 * SLA badges and the reports' breaches agree. Windows that ran out before an answer came are breaches already.
 */
async function sweepDemoPast(deps: AppDependencies, from: number, now: number): Promise<void> {
  for (let at = from; at < now; at += SWEEP_STEP_HOURS * HOUR) await sweepEscalations(stepAt(deps, at));
  // The last at the clock's own time: the support cases are written a day back from a moment after `now`.
  await sweepEscalations(deps);
}

const HOUR = 3_600_000;
/** Hours from arrival to the first answer, in turn: most within the SLA, a few well past it. */
const FIRST_RESPONSE_HOURS = [1, 3, 0.5, 6, 2, 20, 1.5, 30];
/** Hours from the first answer to the resolution, in turn. */
const RESOLUTION_HOURS = [4, 10, 26, 2, 48, 6, 70];
const SURVEY_SCORES = [5, 4, 5, 3, 5, 2, 4] as const;

/** The deps of one step taken at `at` (ms since the epoch): the clock stands there. */
function stepAt(deps: AppDependencies, at: number): AppDependencies {
  const instant = new Date(at);
  return { ...deps, clock: { now: () => instant } };
}

/** Who answers a ticket: its assignee, else a front-line member of its queue, else the supervisor. */
function answererOf(ticket: Ticket): Principal {
  if (ticket.assigneeId && DEMO_STAFF.some((user) => user.id === ticket.assigneeId))
    return demoPrincipal(ticket.assigneeId);
  const member = DEMO_STAFF.find(
    (user) => user.queueIds.includes(ticket.queueId) && !user.roles.includes('committee'),
  );
  return demoPrincipal(member?.id ?? 'u-supervisor');
}

/**
 * What happened to a demo ticket after it arrived, each step through the real use case on its own hour: taken and
 * answered (most of them), resolved, surveyed and answered by a digit reply, closed a few days later. Steps that
 * would fall in the future are left for staff to take, so the recent tickets stay open in the inbox.
 */
async function seedDemoHistory(
  deps: AppDependencies,
  { ticketId, at, index }: { ticketId: string; at: number; index: number },
  now: number,
): Promise<void> {
  if (index % 5 === 4) return;
  const answeredAt = at + (FIRST_RESPONSE_HOURS[index % FIRST_RESPONSE_HOURS.length] as number) * HOUR;
  if (answeredAt > now) return;
  const ticket = await deps.store.getTicket(ticketId);
  if (!ticket) return;
  const staff = answererOf(ticket);
  await replyToTicket(stepAt(deps, answeredAt), staff, ticketId, {
    text: DEMO_REPLIES[index % DEMO_REPLIES.length] as string,
  });
  // Whoever answered takes the ticket: with its resolution when that comes, else now (one change fewer to seed).
  const take = ticket.assigneeId ? {} : { assigneeId: staff.userId };
  const resolvedAt = answeredAt + (RESOLUTION_HOURS[index % RESOLUTION_HOURS.length] as number) * HOUR;
  // A support request ends only through its procedure (the cases below); the others are resolved by staff.
  if (ticket.type === 'support_request' || index % 4 === 3 || resolvedAt > now) {
    if (take.assigneeId) await updateTicketForStaff(stepAt(deps, answeredAt + 60_000), staff, ticketId, take);
    return;
  }
  await updateTicketForStaff(stepAt(deps, resolvedAt), staff, ticketId, { ...take, status: 'resolved' });
  const resolved = await deps.store.getTicket(ticketId);
  const contact = resolved && (await deps.store.getContact(resolved.contactId));
  if (index % 2 === 0 && resolved && contact && channelTraits(resolved.channel).digitReplies) {
    // The survey the survey-sender offers on resolution, answered by a digit reply a few hours later.
    const offeredAt = resolvedAt + 60_000;
    const repliedAt = resolvedAt + 3 * HOUR;
    if ((await offerSurvey(stepAt(deps, offeredAt), ticketId)) === 'sent' && repliedAt <= now) {
      const identity = contact.identities.find((known) => known.kind === addressKindOf(resolved.channel));
      if (identity) {
        await receiveBeneficiaryMessage(stepAt(deps, repliedAt), {
          channel: resolved.channel,
          providerMessageId: `demo-survey-${index}`,
          identities: [identity],
          text: String(SURVEY_SCORES[index % SURVEY_SCORES.length]),
          attachments: [],
          receivedAt: new Date(repliedAt).toISOString(),
        });
      }
    }
  }
  const closedAt = resolvedAt + 3 * 24 * HOUR;
  if (index % 3 === 0 && closedAt <= now)
    await updateTicketForStaff(stepAt(deps, closedAt), staff, ticketId, { status: 'closed' });
}

/**
 * One beneficiary on WhatsApp, then email, then Telegram, each a contact of its own until the supervisor sees
 * they are one person and merges the later two into the first: her tickets on three channels under one contact.
 */
async function seedDemoMerge(deps: AppDependencies, now: number): Promise<number> {
  const contactIds: string[] = [];
  for (const [index, contact] of DEMO_MULTICHANNEL.contacts.entries()) {
    const at = now - contact.hoursAgo * HOUR;
    const result = await ingestContact(stepAt(deps, at), {
      channel: contact.channel,
      providerMessageId: `demo-multichannel-${index}`,
      identities: [contact.identity],
      displayName: DEMO_MULTICHANNEL.name,
      subject: contact.subject,
      text: contact.text,
      attachments: [],
      language: 'ar',
      receivedAt: new Date(at).toISOString(),
      type: 'inquiry',
    });
    contactIds.push(result.contactId);
    // The first two were answered and resolved; the Telegram one is what staff are working on.
    if (index < 2) await seedDemoHistory(deps, { ticketId: result.ticketId, at, index: index * 2 }, now);
  }
  const [target, ...sources] = contactIds;
  const supervisor = demoPrincipal('u-supervisor');
  const mergedAt = now - 4 * 24 * HOUR + 2 * HOUR;
  for (const source of sources)
    if (target && source !== target) await mergeContacts(stepAt(deps, mergedAt), supervisor, target, source);
  return DEMO_MULTICHANNEL.contacts.length;
}

/** A staff member as the demo's steps are taken by them. */
function demoPrincipal(userId: string): Principal {
  const user = DEMO_STAFF.find((candidate) => candidate.id === userId);
  if (!user) throw new Error(`No demo staff member ${userId}`);
  return { userId: user.id, email: user.email, name: user.name, roles: user.roles, queueIds: user.queueIds };
}

/**
 * Support requests from the public form at different steps of the procedure, each step taken through the real use
 * case on its day, so the case panel, the committee's due date and the applicant's messages are all there.
 */
async function seedDemoCases(formDeps: AppDependencies): Promise<number> {
  // Each applicant confirms their phone with the code the form texted them, as an applicant would.
  let codeTexted = '';
  const sms = formDeps.senders.sms;
  const deps: AppDependencies = sms
    ? {
        ...formDeps,
        senders: {
          ...formDeps.senders,
          sms: {
            send: async (message: OutboundMessage) => {
              codeTexted = /\b\d{6}\b/.exec(message.text)?.[0] ?? codeTexted;
              return sms.send(message);
            },
          },
        },
      }
    : formDeps;
  const at = (daysAgo: number) => {
    const instant = new Date(deps.clock.now().getTime() - daysAgo * 86_400_000);
    return { ...deps, clock: { now: () => instant } };
  };
  const researcher = demoPrincipal('u-researcher');
  const committee = demoPrincipal('u-committee');
  const supervisor = demoPrincipal('u-supervisor');
  const complete = { identityMatches: true, documentsPresent: true, dataConsistent: true };
  for (const [index, application] of DEMO_APPLICATIONS.entries()) {
    const received = await submitSupportRequest(
      at(application.daysAgo),
      { ...application.form, documents: [] },
      { channel: 'webform', idempotencyKey: `demo-application-${index}` },
    );
    const ticketId = received.ticketId;
    if (received.awaitingPhoneConfirmation)
      await confirmApplicantPhone(at(application.daysAgo), {
        reference: received.reference,
        code: codeTexted,
      });
    const { reach } = application;
    const day = (offset: number) => at(application.daysAgo - offset);
    const past = (...steps: CaseStep[]) => steps.includes(reach);
    // Beneficiary relations receive and verify (the branch's own for the north); some cases show a referral to a
    // researcher, whose study precedes the committee.
    const relations = demoPrincipal(application.form.branch === 'north' ? 'u-agent2' : 'u-agent');
    if (reach === 'withdrawn') {
      await advanceSupportCase(day(2), supervisor, ticketId, 'withdraw', {
        reason: 'طلبت المتقدمة سحب الطلب بعد حصولها على منحة دراسية',
      });
      continue;
    }
    // Verified the same working day, as the policy asks: the applicant's notice of it is their first answer.
    const verifiedOn = day(0.25);
    if (reach === 'returned_to_applicant') {
      await advanceSupportCase(verifiedOn, relations, ticketId, 'record_verification', {
        checklist: { ...complete, documentsPresent: false, missing: 'صورة عقد الإيجار وشهادة الوفاة' },
      });
      continue;
    }
    if (reach === 'intake') continue;
    await advanceSupportCase(verifiedOn, relations, ticketId, 'record_verification', { checklist: complete });
    if (reach === 'verified') continue;
    if (application.viaResearcher) {
      await advanceSupportCase(day(1), relations, ticketId, 'refer_to_researcher', {
        reason: 'تحتاج المتقدمة إلى شرح شروط دعم المشاريع المنتجة',
      });
      if (reach === 'social_research') continue;
      await advanceSupportCase(day(2), researcher, ticketId, 'record_study', {
        study: {
          method: 'home_visit',
          findings: 'زيارة منزلية: الأسرة مقيمة في منزل مستأجر، والمشروع قائم ويحتاج معدات',
        },
      });
      await advanceSupportCase(day(2), researcher, ticketId, 'send_to_committee', {});
    } else await advanceSupportCase(day(2), relations, ticketId, 'send_to_committee', {});
    if (reach === 'committee_review') continue;
    if (reach === 'rejected') {
      await advanceSupportCase(day(5), committee, ticketId, 'decide', {
        outcome: 'rejected',
        reason: 'الدخل الشهري أعلى من حد الاستحقاق، والطلب لسداد أقساط لا تدخل في برامج الجمعية',
      });
      continue;
    }
    await advanceSupportCase(day(5), committee, ticketId, 'decide', {
      outcome: 'approved',
      reason: 'الأسرة مستحقة والطلب مناسب لبرامج الجمعية',
      service: 'دعم بقيمة ٥٠٠٠ ريال لشراء معدات المشروع',
    });
    if (!past('registered', 'service_delivered')) continue;
    await advanceSupportCase(day(6), relations, ticketId, 'register', {
      household: {
        members: application.form.householdMembers,
        monthlyIncome: application.form.monthlyIncome,
      },
    });
    if (reach === 'service_delivered')
      await advanceSupportCase(day(9), relations, ticketId, 'deliver_service', {
        service: 'سُلّمت معدات المشروع للمستفيدة بحضور الباحث',
      });
  }
  return DEMO_APPLICATIONS.length;
}
