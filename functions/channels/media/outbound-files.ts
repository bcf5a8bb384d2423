import type { Attachment } from '../../../shared/domain/message.ts';
import type { ObjectStore } from '../../../shared/ports/object-store.ts';

/** A reply's file, read from the attachment store, ready to go into a multipart upload. */
export async function fileBlob(objects: ObjectStore, attachment: Attachment): Promise<Blob> {
  const stored = await objects.get(attachment.objectKey);
  if (!stored) throw new Error(`The file ${attachment.name} is missing from the attachment store`);
  return new Blob([Buffer.from(stored.body)], { type: attachment.contentType });
}

/** Images the messaging apps show as pictures; anything else goes as a document. */
export const isPicture = (contentType: string) => contentType === 'image/jpeg' || contentType === 'image/png';
