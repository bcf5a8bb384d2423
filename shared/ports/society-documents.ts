import type { SocietyDocument } from '../domain/society-documents.ts';

/** Which documents have been uploaded, and their records. */
export interface SocietyDocumentStore {
  listSocietyDocuments(): Promise<SocietyDocument[]>;
  putSocietyDocument(document: SocietyDocument): Promise<void>;
}
