import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { servedContentType } from '../domain/media.ts';
import type { Principal } from '../domain/staff.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import { getTicketForStaff, type StaffDeps } from './staff-tickets.ts';

/** How long a download link works: long enough to start the download, too short to be passed around. */
export const DOWNLOAD_LINK_SECONDS = 60;

export type AttachmentDownload =
  | { kind: 'link'; url: string }
  | { kind: 'file'; name: string; contentType: string; body: Uint8Array };

/**
 * An attachment of a message, for staff who may see the ticket; named by message and position, never by key.
 * Where the store gives short-lived links (S3), the answer is one; otherwise the bytes. A received file not in
 * our store (still fetching, failed, no provider token) is refused with its state.
 */
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
  if (attachment.state && attachment.state !== 'stored') {
    throw new ConflictError(
      attachment.state === 'fetching'
        ? 'The file is still being fetched from the provider'
        : `The file is not in our store: ${attachment.failureReason ?? attachment.state}`,
    );
  }
  if (deps.objects.downloadLink) {
    const url = await deps.objects.downloadLink(attachment.objectKey, {
      fileName: attachment.name,
      contentType: servedContentType(attachment.contentType),
      expiresInSeconds: DOWNLOAD_LINK_SECONDS,
    });
    return { kind: 'link', url };
  }
  const stored = await deps.objects.get(attachment.objectKey);
  if (!stored) throw new NotFoundError('Attachment');
  return { kind: 'file', name: attachment.name, contentType: attachment.contentType, body: stored.body };
}
