import type { Attachment } from '../domain/message.ts';
import type { ObjectStore } from '../ports/object-store.ts';

/** A file staff attach in the inbox (a letter's scan, a reply's document), as the browser sent it. */
export interface Upload {
  name: string;
  contentType: string;
  body: Uint8Array;
}

/** Stores an upload under the prefix and returns the attachment that points at it. */
export async function storeUpload(objects: ObjectStore, prefix: string, upload: Upload): Promise<Attachment> {
  const safeName = upload.name.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 100) || 'file';
  const stored = await objects.put(`${prefix}/${safeName}`, upload.body, upload.contentType);
  return { name: upload.name, contentType: stored.contentType, size: stored.size, objectKey: stored.key };
}
