import { authorize } from '../domain/access-policy.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import {
  HOME_VISIT_ROLES,
  type HomeVisit,
  MAX_VISIT_PHOTOS,
  VISIT_PHOTO_TYPES,
  type VisitLocation,
  visitDateText,
} from '../domain/home-visit.ts';
import { sniffContentType } from '../domain/media.ts';
import { staffMessage } from '../domain/message.ts';
import { renderTemplate } from '../domain/message-templates.ts';
import { hasRole, type Principal } from '../domain/staff.ts';
import type { Ticket } from '../domain/ticket.ts';
import { changeOf } from '../ports/events.ts';
import type { MessageTemplateSource } from '../ports/message-templates.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import type { TicketEventRecord } from '../ports/ticket-store.ts';
import { isCaseOpen, type SupportCase } from '../workflow/support-request.ts';
import { type AutomaticDeps, deliverAutomatic } from './automatic-messages.ts';
import { storeUpload, type Upload } from './store-upload.ts';

export type HomeVisitDeps = AutomaticDeps & {
  store: AutomaticDeps['store'] & {
    updateTicket(ticketId: string, change: (current: Ticket) => Ticket): Promise<Ticket>;
  };
  objects: ObjectStore;
  /** The visit notice is one of the texts admins reword. */
  templates: MessageTemplateSource;
};

export interface VisitPlan {
  scheduledFor: string;
  address: string;
  purpose: string;
}

export interface VisitFindings {
  findings: string;
  location: VisitLocation;
  photos: Upload[];
}

/** The case a visit belongs to, for someone who may visit: hidden tickets 404 before the role is asked. */
async function visitableCase(
  deps: HomeVisitDeps,
  principal: Principal,
  ticketId: string,
): Promise<{ ticket: Ticket; supportCase: SupportCase }> {
  const ticket = await deps.store.getTicket(ticketId);
  if (!ticket) throw new NotFoundError('Ticket');
  authorize(principal, 'write', [ticket.queueId]);
  if (!hasRole(principal, ...HOME_VISIT_ROLES))
    throw new ForbiddenError('Only researchers, branch representatives and supervisors make home visits');
  if (ticket.type !== 'support_request' || !ticket.supportCase)
    throw new ConflictError('Home visits are made from a support case');
  return { ticket, supportCase: ticket.supportCase };
}

/**
 * Schedules a visit to the beneficiary's home from their open case; the beneficiary is told the date on their
 * own channel (written to the outbox with the visit, so a crash never loses the notice).
 */
export async function scheduleHomeVisit(
  deps: HomeVisitDeps,
  principal: Principal,
  ticketId: string,
  plan: VisitPlan,
): Promise<Ticket> {
  const { ticket, supportCase } = await visitableCase(deps, principal, ticketId);
  if (!isCaseOpen(supportCase) || ticket.status === 'closed')
    throw new ConflictError('A case that has ended takes no more visits');
  const now = deps.clock.now();
  if (Date.parse(plan.scheduledFor) <= now.getTime())
    throw new ValidationError([
      {
        field: 'scheduledFor',
        code: 'in_the_past',
        messageAr: 'موعد الزيارة يجب أن يكون في المستقبل',
        messageEn: 'The visit must be scheduled in the future',
      },
    ]);
  const at = now.toISOString();
  const visit: HomeVisit = {
    id: deps.ids.next(now),
    scheduledFor: new Date(plan.scheduledFor).toISOString(),
    address: plan.address,
    purpose: plan.purpose,
    scheduledBy: principal.userId,
    scheduledAt: at,
  };
  const updated = await deps.store.updateTicket(ticketId, (latest) => ({
    ...latest,
    supportCase: {
      ...(latest.supportCase ?? supportCase),
      homeVisits: [...(latest.supportCase?.homeVisits ?? []), visit],
    },
    updatedAt: at,
  }));
  const noticeId = `${ticketId}#visit#${visit.id}`;
  await deps.outbox.record({
    id: noticeId,
    ticketId,
    kind: 'case_notice',
    text: renderTemplate((await deps.templates.load()).home_visit_scheduled, {
      reference: ticket.reference,
      when: visitDateText(visit.scheduledFor),
      purpose: visit.purpose,
    }),
    createdAt: at,
  });
  await deps.store.addEvents([
    visitEvent(deps, principal, ticketId, 'home_visit_scheduled', at, {
      visitId: visit.id,
      scheduledFor: visit.scheduledFor,
      when: visitDateText(visit.scheduledFor),
      purpose: visit.purpose,
    }),
  ]);
  await deliverAutomatic(deps, noticeId);
  await publishChange(deps, updated, at);
  return updated;
}

/**
 * Records what a visit found — findings, photos, where the visitor stood — and marks it done. The findings and
 * photos also join the ticket as an internal note, so they open like any other file on the ticket.
 */
export async function recordHomeVisit(
  deps: HomeVisitDeps,
  principal: Principal,
  ticketId: string,
  visitId: string,
  report: VisitFindings,
): Promise<Ticket> {
  const { ticket, supportCase } = await visitableCase(deps, principal, ticketId);
  const visit = supportCase.homeVisits?.find((candidate) => candidate.id === visitId);
  if (!visit) throw new NotFoundError('Home visit');
  if (visit.report) throw new ConflictError('This visit was already recorded');
  if (report.photos.length > MAX_VISIT_PHOTOS)
    throw new ValidationError([photoProblem('too_many', `أربع صور على الأكثر`, 'At most four photos')]);
  const photos = report.photos.map((photo, index) => {
    const sniffed = sniffContentType(photo.body);
    const type = VISIT_PHOTO_TYPES.find((accepted) => accepted === sniffed);
    if (!type)
      throw new ValidationError([
        photoProblem(
          'file_type_not_accepted',
          `الملف ${index + 1} ليس صورة (JPEG أو PNG أو WebP أو HEIC)`,
          `File ${index + 1} is not a photo (JPEG, PNG, WebP or HEIC)`,
        ),
      ]);
    return { ...photo, contentType: type };
  });

  const now = deps.clock.now();
  const at = now.toISOString();
  const noteId = deps.ids.next(now);
  const stored = await Promise.all(
    photos.map((photo, index) => storeUpload(deps.objects, `visits/${ticketId}/${visitId}/${index}`, photo)),
  );
  const done = {
    findings: report.findings,
    location: report.location,
    photos: stored,
    by: principal.userId,
    at,
  };
  const updated = await deps.store.updateTicket(ticketId, (latest) => {
    const current = latest.supportCase ?? supportCase;
    const visits = current.homeVisits ?? [];
    if (visits.find((candidate) => candidate.id === visitId)?.report)
      throw new ConflictError('This visit was already recorded');
    return {
      ...latest,
      supportCase: {
        ...current,
        homeVisits: visits.map((candidate) =>
          candidate.id === visitId ? { ...candidate, report: done } : candidate,
        ),
      },
      updatedAt: at,
    };
  });
  const note = staffMessage(principal, {
    id: noteId,
    ticketId,
    direction: 'note',
    channel: ticket.channel,
    text: `زيارة منزلية (${visitDateText(visit.scheduledFor)}): ${report.findings}`,
    attachments: stored,
    createdAt: at,
  });
  await deps.store.addMessage(updated, note, [
    visitEvent(deps, principal, ticketId, 'home_visit_done', at, {
      visitId,
      photos: stored.length,
      location: report.location.kind,
    }),
  ]);
  await publishChange(deps, updated, at);
  return updated;
}

function photoProblem(code: string, messageAr: string, messageEn: string) {
  return { field: 'photos', code, messageAr, messageEn };
}

function visitEvent(
  deps: HomeVisitDeps,
  principal: Principal,
  ticketId: string,
  type: 'home_visit_scheduled' | 'home_visit_done',
  at: string,
  data: Record<string, string | number>,
): TicketEventRecord {
  return { id: deps.ids.next(), ticketId, type, at, actorId: principal.userId, data };
}

async function publishChange(deps: HomeVisitDeps, ticket: Ticket, at: string): Promise<void> {
  await deps.events.publish(changeOf('updated', ticket, at));
}
