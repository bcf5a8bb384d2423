import type { CannedAnswer } from '../domain/canned-answers.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { fieldError } from '../domain/field-messages.ts';
import {
  type DocumentSlug,
  documentPath,
  isDocumentSlug,
  MAX_DOCUMENT_BYTES,
  type SocietyDocument,
} from '../domain/society-documents.ts';
import { hasRole, type Principal } from '../domain/staff.ts';
import type { CannedAnswerSource } from '../ports/canned-answers.ts';
import type { Clock } from '../ports/clock.ts';
import type { ObjectStore } from '../ports/object-store.ts';

/** Which documents have been uploaded, and their records. */
export interface SocietyDocumentStore {
  listSocietyDocuments(): Promise<SocietyDocument[]>;
  putSocietyDocument(document: SocietyDocument): Promise<void>;
}

export interface SocietyDocumentDeps {
  documents: SocietyDocumentStore;
  objects: ObjectStore;
  clock: Clock;
}

const PDF_MAGIC = '%PDF-';

/** Supervisors and admins publish the society's documents; checked before the upload is even read. */
export function assertMayPublishDocuments(principal: Principal): void {
  if (!hasRole(principal, 'supervisor', 'admin'))
    throw new ForbiddenError('Only a supervisor or an admin publishes the society’s documents');
}

/** A supervisor or admin puts the society's own PDF in place of the previous one. */
export async function uploadSocietyDocument(
  deps: SocietyDocumentDeps,
  principal: Principal,
  slug: string,
  body: Uint8Array,
): Promise<SocietyDocument> {
  assertMayPublishDocuments(principal);
  if (!isDocumentSlug(slug)) throw new NotFoundError('Document');
  if (body.length === 0 || body.length > MAX_DOCUMENT_BYTES)
    throw new ValidationError(
      [fieldError('file', 'too_long')],
      `A document is 1 byte to ${MAX_DOCUMENT_BYTES} bytes`,
    );
  if (new TextDecoder().decode(body.subarray(0, PDF_MAGIC.length)) !== PDF_MAGIC)
    throw new ValidationError([fieldError('file', 'invalid_value')], 'A society document is a PDF file');
  const at = deps.clock.now().toISOString();
  // A new key per upload: a link already sent keeps working until the record points elsewhere.
  const stored = await deps.objects.put(`society-documents/${slug}/${at}.pdf`, body, 'application/pdf');
  const document: SocietyDocument = {
    slug,
    objectKey: stored.key,
    size: stored.size,
    uploadedBy: principal.userId,
    uploadedAt: at,
  };
  await deps.documents.putSocietyDocument(document);
  return document;
}

/** The PDF a beneficiary's link asks for; not found until one has been uploaded. */
export async function societyDocumentFile(
  deps: SocietyDocumentDeps,
  slug: DocumentSlug,
): Promise<Uint8Array> {
  const record = (await deps.documents.listSocietyDocuments()).find((document) => document.slug === slug);
  const file = record && (await deps.objects.get(record.objectKey));
  if (!file) throw new NotFoundError('Document');
  return file.body;
}

/** A canned answer as staff insert it: public links to its uploaded documents, and those not uploaded yet. */
export type LinkedCannedAnswer = CannedAnswer & { links: string[]; missingDocuments: DocumentSlug[] };

/** Canned answers as staff insert them: a document is linked only once it has been uploaded. */
export async function cannedAnswersWithLinks(
  deps: Pick<SocietyDocumentDeps, 'documents'> & { cannedAnswers: CannedAnswerSource },
  origin: string,
): Promise<LinkedCannedAnswer[]> {
  const uploaded = new Set((await deps.documents.listSocietyDocuments()).map((document) => document.slug));
  const answers = await deps.cannedAnswers.listCannedAnswers();
  return answers.map((answer) => ({
    ...answer,
    links: answer.documents
      .filter((slug) => uploaded.has(slug))
      .map((slug) => `${origin}${documentPath(slug)}`),
    missingDocuments: answer.documents.filter((slug) => !uploaded.has(slug)),
  }));
}
