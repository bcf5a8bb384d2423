import type { Attachment } from '../domain/message.ts';
import { sha256Hex } from '../domain/sha256.ts';
import type { ObjectStore } from '../ports/object-store.ts';

/** A file staff attach in the inbox (a letter's scan, a reply's document), as the browser sent it. */
export interface Upload {
  name: string;
  contentType: string;
  body: Uint8Array;
}

/**
 * Stores an upload under the prefix and returns the attachment that points at it. The key holds the bytes' digest:
 * a retry puts the same object again, and a later submission answered as its duplicate never replaces it.
 */
export async function storeUpload(objects: ObjectStore, prefix: string, upload: Upload): Promise<Attachment> {
  const safeName = upload.name.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 100) || 'file';
  const digest = (await sha256Hex(upload.body)).slice(0, 16);
  const stored = await objects.put(`${prefix}/${digest}/${safeName}`, upload.body, upload.contentType);
  return { name: upload.name, contentType: stored.contentType, size: stored.size, objectKey: stored.key };
}
