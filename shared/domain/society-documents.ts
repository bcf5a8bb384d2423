/**
 * The society's reference documents staff link in answers. Admins and supervisors upload the society's own PDFs;
 * an answer links a document only once it has been uploaded, so no beneficiary is sent a dead link.
 */
export const SOCIETY_DOCUMENTS = [
  { slug: 'bylaws', titleAr: 'اللائحة الأساسية للجمعية', titleEn: 'The society’s bylaws' },
  {
    slug: 'social-research-services-guide',
    titleAr: 'دليل خدمات البحث الاجتماعي',
    titleEn: 'Social research services guide',
  },
  { slug: 'support-policy-guide', titleAr: 'دليل سياسة الدعم', titleEn: 'Support policy guide' },
  { slug: 'support-request-form', titleAr: 'نموذج طلب الدعم', titleEn: 'Support request form' },
] as const;

export type DocumentSlug = (typeof SOCIETY_DOCUMENTS)[number]['slug'];
export const DOCUMENT_SLUGS = SOCIETY_DOCUMENTS.map((document) => document.slug) as [
  DocumentSlug,
  ...DocumentSlug[],
];

/** A Lambda request carries at most 6 MB, and base64 adds a third. */
export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

/** An uploaded document: where it is kept and who put it there. */
export interface SocietyDocument {
  slug: DocumentSlug;
  objectKey: string;
  size: number;
  uploadedBy: string;
  uploadedAt: string;
}

export function isDocumentSlug(value: string): value is DocumentSlug {
  return (DOCUMENT_SLUGS as readonly string[]).includes(value);
}

/** Where beneficiaries download a document: a public path of the API that served the staff member. */
export function documentPath(slug: DocumentSlug): string {
  return `/public/documents/${slug}`;
}
