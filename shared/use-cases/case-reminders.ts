import { countedAr, DAYS } from '../domain/digits.ts';
import { hijriWithGregorian } from '../domain/hijri-date.ts';
import { type MessageTemplateId, renderTemplate } from '../domain/message-templates.ts';
import type { Principal } from '../domain/staff.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { MessageTemplateSource } from '../ports/message-templates.ts';
import type { AgendaEntry, ReminderAgenda } from '../ports/reminder-agenda.ts';
import type { StatusLinks } from '../ports/status-links.ts';
import type { TicketEventRecord } from '../ports/ticket-store.ts';
import type { UploadLinkStore } from '../ports/upload-links.ts';
import {
  type CaseReminder,
  dueReminders,
  nextReminderAt,
  type ReminderSchedule,
} from '../workflow/case-reminders.ts';
import type { SupportCase } from '../workflow/support-request.ts';
import { type AutomaticDeps, deliverAutomatic } from './automatic-messages.ts';
import { issueUploadLink } from './issue-upload-link.ts';
import { type UpdateDeps, updateTicketForStaff } from './update-ticket.ts';

export interface CaseReminderDeps extends UpdateDeps, Omit<AutomaticDeps, 'store'> {
  store: UpdateDeps['store'] & AutomaticDeps['store'];
  templates: MessageTemplateSource;
  statusLinks: StatusLinks;
  uploadLinks: Pick<UploadLinkStore, 'putUploadLink'>;
  publicSiteUrl: string;
  reminderAgenda: ReminderAgenda;
  reminderSchedule: ReminderSchedule;
}

export interface ReminderSweepResult {
  casesRead: number;
  remindersSent: number;
  casesClosed: number;
  /** Cases whose turn failed, with why; their agenda entry stays, so the next run tries them again. */
  failed: number;
  failures: string[];
}

/** Cases looked at in one run; the rest wait for the next minute. */
const CASES_PER_RUN = 200;

/** The schedule acts as the society: it closes a case the procedure ended, as a supervisor could. */
const SCHEDULE_PRINCIPAL: Principal = {
  userId: 'system',
  email: '',
  name: 'سند',
  roles: ['supervisor'],
  queueIds: [],
};

/**
 * Runs on the sweep's schedule: for each case whose agenda time has come, sends the reminders now due (each once:
 * marked on the case), closes a case whose documents never came, and puts the case's next time on the agenda.
 */
export async function sendCaseReminders(deps: CaseReminderDeps): Promise<ReminderSweepResult> {
  const now = deps.clock.now();
  const result: ReminderSweepResult = {
    casesRead: 0,
    remindersSent: 0,
    casesClosed: 0,
    failed: 0,
    failures: [],
  };
  for (const entry of await deps.reminderAgenda.due(now.toISOString(), CASES_PER_RUN)) {
    result.casesRead += 1;
    // One failing case never holds up the others.
    try {
      const done = await remindCase(deps, entry, now);
      result.remindersSent += done.sent;
      if (done.closed) result.casesClosed += 1;
    } catch (error) {
      result.failed += 1;
      result.failures.push(`${entry.ticketId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return result;
}

async function remindCase(
  deps: CaseReminderDeps,
  entry: AgendaEntry,
  now: Date,
): Promise<{ sent: number; closed: boolean }> {
  const ticket = await deps.store.getTicket(entry.ticketId);
  const supportCase = ticket?.type === 'support_request' ? ticket.supportCase : undefined;
  if (!ticket || !supportCase) {
    await deps.reminderAgenda.remove(entry);
    return { sent: 0, closed: false };
  }
  const at = now.toISOString();
  const { act, settled } = dueReminders(supportCase, now, deps.reminderSchedule);
  // The intents first, under ids fixed by each reminder: a run that dies after them sends nothing twice, and the
  // outbox drain delivers what it left.
  const notices: string[] = [];
  for (const reminder of act) notices.push(await recordReminder(deps, ticket, supportCase, reminder));
  const closing = act.some((reminder) => reminder.kind === 'close_incomplete');
  let latest = ticket;
  if (settled.length > 0) {
    latest = await deps.store.updateTicket(ticket.id, (current) => {
      const currentCase = current.supportCase ?? supportCase;
      const marked: SupportCase = {
        ...currentCase,
        remindersSent: [...new Set([...(currentCase.remindersSent ?? []), ...settled])],
      };
      if (closing && currentCase.step === 'returned_to_applicant') {
        marked.step = 'incomplete';
        marked.ended = {
          reason: `Documents not received within ${deps.reminderSchedule.closeIncompleteAfterDays} days`,
          by: SCHEDULE_PRINCIPAL.userId,
          at,
        };
      }
      return { ...current, supportCase: marked, updatedAt: at };
    });
  }
  const closed = closing && latest.supportCase?.step === 'incomplete' && supportCase.step !== 'incomplete';
  if (closed) await closeIncomplete(deps, latest, at);
  for (const id of notices) await deliverAutomatic(deps, id);
  const next = latest.supportCase ? nextReminderAt(latest.supportCase, deps.reminderSchedule) : undefined;
  if (next) await deps.reminderAgenda.schedule({ ticketId: ticket.id, at: next });
  await deps.reminderAgenda.remove(entry);
  return { sent: notices.length, closed };
}

async function closeIncomplete(deps: CaseReminderDeps, ticket: Ticket, at: string): Promise<void> {
  const event: TicketEventRecord = {
    id: deps.ids.next(),
    ticketId: ticket.id,
    type: 'case_step',
    at,
    actorId: SCHEDULE_PRINCIPAL.userId,
    data: {
      action: 'close_incomplete',
      from: 'returned_to_applicant',
      to: 'incomplete',
      reason: ticket.supportCase?.ended?.reason ?? null,
    },
  };
  await deps.store.addEvents([event]);
  if (ticket.status !== 'closed')
    await updateTicketForStaff(deps, SCHEDULE_PRINCIPAL, ticket.id, { status: 'closed' });
}

const TEMPLATES: Record<CaseReminder['kind'], MessageTemplateId> = {
  missing_documents: 'reminder_missing_documents',
  close_incomplete: 'case_incomplete',
  recertification: 'reminder_recertification',
  service_follow_up: 'reminder_service_follow_up',
};

async function recordReminder(
  deps: CaseReminderDeps,
  ticket: Ticket,
  supportCase: SupportCase,
  reminder: CaseReminder,
): Promise<string> {
  const id = `${ticket.id}#reminder#${reminder.key}`;
  const missing = supportCase.verification?.missing ?? '';
  const uploadLink =
    reminder.kind === 'missing_documents' && reminder.deadline
      ? // A fresh link, valid until the case would close (the first one may have expired).
        await issueUploadLink(deps, ticket, missing, deps.clock.now(), reminder.deadline)
      : '';
  const rendered = renderTemplate((await deps.templates.load())[TEMPLATES[reminder.kind]], {
    reference: ticket.reference,
    missing,
    days: deps.reminderSchedule.closeIncompleteAfterDays,
    period: countedAr(deps.reminderSchedule.closeIncompleteAfterDays, DAYS),
    closeDate: reminder.deadline ? hijriWithGregorian(reminder.deadline) : '',
    validUntil: reminder.deadline ? hijriWithGregorian(reminder.deadline) : '',
    service: supportCase.serviceDelivered?.service ?? supportCase.decision?.service ?? '',
    deliveredOn: supportCase.serviceDelivered ? hijriWithGregorian(supportCase.serviceDelivered.at) : '',
    uploadLink,
    statusLink: await deps.statusLinks.link(ticket.reference, deps.clock.now()),
  });
  // A reworded template without the upload link still carries it, on its own line.
  const text = uploadLink && !rendered.includes(uploadLink) ? `${rendered}\n${uploadLink}` : rendered;
  await deps.outbox.record({
    id,
    ticketId: ticket.id,
    kind: 'reminder',
    text,
    event: { type: 'case_reminder', data: { reminder: reminder.kind, dueAt: reminder.dueAt } },
    createdAt: deps.clock.now().toISOString(),
  });
  return id;
}
