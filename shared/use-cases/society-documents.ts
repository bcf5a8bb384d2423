import type { CannedAnswer } from '../domain/canned-answers.ts';
import { NotFoundError } from '../domain/errors.ts';
import { type DocumentSlug, documentPath } from '../domain/society-documents.ts';
import type { CannedAnswerSource } from '../ports/canned-answers.ts';
import type { Clock } from '../ports/clock.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import type { SocietyDocumentStore } from '../ports/society-documents.ts';

export interface SocietyDocumentDeps {
  documents: SocietyDocumentStore;
  objects: ObjectStore;
  clock: Clock;
}

/** The PDF a beneficiary's link asks for; not found until one has been uploaded. */
export async function societyDocumentFile(
  deps: Pick<SocietyDocumentDeps, 'documents' | 'objects'>,
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
