import { ConflictError, ValidationError } from '../domain/errors.ts';
import {
  type HomeVisit,
  MAX_VISIT_PHOTOS,
  VISIT_PHOTO_TYPES,
  type VisitLocation,
  visitDateText,
} from '../domain/home-visit.ts';
import { sniffContentType } from '../domain/media.ts';
import { staffMessage } from '../domain/message.ts';
import type { Principal } from '../domain/staff.ts';
import type { Ticket } from '../domain/ticket.ts';
import { changeOf } from '../domain/ticket-change.ts';
import type { MessageTemplateSource } from '../ports/message-templates.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import { isCaseOpen } from '../workflow/support-request.ts';
import { type AutomaticDeps, deliverAutomatic } from './automatic-messages.ts';
import { changeFieldWork, fieldWorkCase, finishEntry, recordCaseNotice, undoneEntry } from './field-work.ts';
import { storeUpload, type Upload } from './store-upload.ts';
import { ticketEvent } from './ticket-events.ts';

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
  const { ticket, supportCase } = await fieldWorkCase(deps, principal, ticketId, 'homeVisits');
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
  const updated = await changeFieldWork(deps, ticketId, supportCase, 'homeVisits', at, (visits) => [
    ...visits,
    visit,
  ]);
  const noticeId = `${ticketId}#visit#${visit.id}`;
  const when = visitDateText(visit.scheduledFor);
  await recordCaseNotice(deps, { id: noticeId, ticketId, at }, 'home_visit_scheduled', {
    reference: ticket.reference,
    when,
    purpose: visit.purpose,
  });
  const data = { visitId: visit.id, scheduledFor: visit.scheduledFor, when, purpose: visit.purpose };
  await deps.store.addEvents([
    ticketEvent(deps.ids, ticketId, 'home_visit_scheduled', at, data, principal.userId),
  ]);
  await deliverAutomatic(deps, noticeId);
  await deps.events.publish(changeOf('updated', updated, at));
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
  const { ticket, supportCase } = await fieldWorkCase(deps, principal, ticketId, 'homeVisits');
  const visit = undoneEntry(supportCase, 'homeVisits', visitId);
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
  const updated = await finishEntry(deps, ticketId, supportCase, 'homeVisits', visitId, at, { report: done });
  const note = staffMessage(principal, {
    id: noteId,
    ticketId,
    direction: 'note',
    channel: ticket.channel,
    text: `زيارة منزلية (${visitDateText(visit.scheduledFor)}): ${report.findings}`,
    attachments: stored,
    createdAt: at,
  });
  const data = { visitId, photos: stored.length, location: report.location.kind };
  await deps.store.addMessage(updated, note, [
    ticketEvent(deps.ids, ticketId, 'home_visit_done', at, data, principal.userId),
  ]);
  await deps.events.publish(changeOf('updated', updated, at));
  return updated;
}

function photoProblem(code: string, messageAr: string, messageEn: string) {
  return { field: 'photos', code, messageAr, messageEn };
}
