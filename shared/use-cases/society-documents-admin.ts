import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { fieldError } from '../domain/field-messages.ts';
import { isDocumentSlug, MAX_DOCUMENT_BYTES, type SocietyDocument } from '../domain/society-documents.ts';
import { hasRole, type Principal } from '../domain/staff.ts';
import { type AuditDeps, recordSettingChange } from './settings-audit.ts';
import type { SocietyDocumentDeps } from './society-documents.ts';

const PDF_MAGIC = '%PDF-';

/** Supervisors and admins publish the society's documents; checked before the upload is even read. */
export function assertMayPublishDocuments(principal: Principal): void {
  if (!hasRole(principal, 'supervisor', 'admin'))
    throw new ForbiddenError('Only a supervisor or an admin publishes the society’s documents');
}

/** A supervisor or admin puts the society's own PDF in place of the previous one. */
export async function uploadSocietyDocument(
  deps: SocietyDocumentDeps & AuditDeps,
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
  const before = (await deps.documents.listSocietyDocuments()).find((each) => each.slug === slug);
  await deps.documents.putSocietyDocument(document);
  await recordSettingChange(deps, principal, {
    setting: 'society_document',
    subjectId: slug,
    from: before,
    to: document,
  });
  return document;
}
