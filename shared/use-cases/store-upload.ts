import { safeKeyPart, storedContentType, storedFileName } from '../domain/media.ts';
import type { Attachment } from '../domain/message.ts';
import { sha256Hex } from '../domain/sha256.ts';
import { fileName } from '../domain/typed-text.ts';
import type { ObjectStore } from '../ports/object-store.ts';

/** A file staff attach in the inbox (a letter's scan, a reply's document), as the browser sent it. */
export interface Upload {
  name: string;
  contentType: string;
  body: Uint8Array;
}

/**
 * Stores an upload under the prefix and returns the attachment that points at it. The key holds the bytes' digest:
 * a retry puts the same object again, and a later submission answered as its duplicate never replaces it. Each
 * part of the prefix is made safe, since some carry what a client sent (an idempotency key).
 */
export async function storeUpload(objects: ObjectStore, prefix: string, upload: Upload): Promise<Attachment> {
  const folder = prefix.split('/').map(safeKeyPart).join('/');
  const digest = (await sha256Hex(upload.body)).slice(0, 16);
  // Named as what the bytes are: a PDF sent as `الهوية.pdf.hta` is kept as `….hta.pdf`, never opened as a script.
  const contentType = storedContentType(upload.body, upload.contentType);
  const name = storedFileName(fileName(upload.name, 'file'), contentType);
  const key = `${folder}/${digest}/${safeKeyPart(name.slice(-100))}`;
  const stored = await objects.put(key, upload.body, contentType);
  return { name, contentType: stored.contentType, size: stored.size, objectKey: stored.key };
}
