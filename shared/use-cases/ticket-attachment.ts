import { NotFoundError } from '../domain/errors.ts';
import type { Principal } from '../domain/staff.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import { getTicketForStaff, type StaffDeps } from './staff-tickets.ts';

export interface AttachmentDownload {
  name: string;
  contentType: string;
  body: Uint8Array;
}

/** An attachment of a message, for staff who may see the ticket; named by message and position, never by key. */
export async function getTicketAttachment(
  deps: StaffDeps & { objects: ObjectStore },
  principal: Principal,
  ticketId: string,
  messageId: string,
  index: number,
): Promise<AttachmentDownload> {
  const { messages } = await getTicketForStaff(deps, principal, ticketId);
  const attachment = messages.find((message) => message.id === messageId)?.attachments[index];
  if (!attachment) throw new NotFoundError('Attachment');
  const stored = await deps.objects.get(attachment.objectKey);
  if (!stored) throw new NotFoundError('Attachment');
  return { name: attachment.name, contentType: attachment.contentType, body: stored.body };
}
