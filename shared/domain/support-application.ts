import type { Channel } from './channel.ts';

/** What an applicant asks the society for; the form offers these with Arabic and English labels. */
export const SUPPORT_REQUEST_TYPES = [
  'productive_project',
  'financial_aid',
  'training',
  'in_kind_aid',
  'other',
] as const;
export type SupportRequestType = (typeof SUPPORT_REQUEST_TYPES)[number];

export const SUPPORT_REQUEST_TYPE_LABELS: Record<SupportRequestType, { ar: string; en: string }> = {
  productive_project: { ar: 'دعم مشروع إنتاجي', en: 'Productive project support' },
  financial_aid: { ar: 'مساعدة مالية', en: 'Financial aid' },
  training: { ar: 'تدريب وتأهيل', en: 'Training' },
  in_kind_aid: { ar: 'مساعدة عينية', en: 'In-kind aid' },
  other: { ar: 'أخرى', en: 'Other' },
};

/** The documents an application carries; each is stored as one of the ticket's attachments. */
export const APPLICATION_DOCUMENT_KINDS = ['identity', 'income_proof', 'other'] as const;
/** The most files one application or one upload of missing documents carries. */
export const MAX_APPLICATION_DOCUMENTS = 4;
/** A document may be at most 3 MB and all of them 4 MB: a Lambda request carries at most 6 MB of base64. */
export const MAX_DOCUMENT_MB = 3;
export const MAX_DOCUMENTS_MB = 4;
export type ApplicationDocumentKind = (typeof APPLICATION_DOCUMENT_KINDS)[number];

/**
 * The policy's "signed" declaration. The version is stored with every acceptance, so rewording it later never
 * changes what an earlier applicant agreed to.
 */
export const APPLICANT_DECLARATION = {
  version: '2026-11',
  textAr:
    'أقر بأن جميع البيانات والمستندات المقدمة في هذا الطلب صحيحة وكاملة، وأتحمل المسؤولية الكاملة عن صحتها، وأوافق على أن تتحقق الجمعية منها، وأعلم أن تقديم بيانات غير صحيحة يؤدي إلى رفض الطلب أو إيقاف الخدمة.',
  textEn:
    'I declare that all the data and documents in this application are accurate and complete, I take full responsibility for them, I agree that the society may verify them, and I understand that inaccurate data leads to the application being refused or the service being stopped.',
} as const;

/** The applicant's acceptance of the declaration: when, how, and from where (web) or before whom (in person). */
export interface DeclarationRecord {
  accepted: true;
  at: string;
  channel: Channel;
  version: string;
  text: string;
  /** The client's address, for a web submission (API Gateway's source IP). */
  ip?: string;
  /** The staff member who took the declaration at a walk-in. */
  recordedBy?: string;
}

/** What the applicant told the society on the support-request form, kept on the ticket's case. */
export interface SupportApplication {
  requestType: SupportRequestType;
  branch: string;
  householdMembers: number;
  monthlyIncome: number;
  nationalId: string;
  phone: string;
  email?: string;
  description: string;
  /** Attachment index on the intake message → what the document is. */
  documents: { kind: ApplicationDocumentKind; name: string; attachmentIndex: number }[];
  declaration: DeclarationRecord;
}

/** What someone asking for support outside the form is told, with the form's link beside it. */
export const APPLY_BY_FORM_NOTICE = {
  ar: 'سُجّل استفسارك. لتقديم طلب دعم عبّئ نموذج طلب الدعم وأرفق المستندات على الرابط المرفق.',
  en: 'Your inquiry is recorded. To apply for support, fill in the support-request form with your documents at the link given.',
} as const;

/** The public support-request form, where an application (with its declaration) is the only way to open a case. */
export function supportRequestFormLink(publicSiteUrl: string): string {
  return `${publicSiteUrl.replace(/\/+$/, '')}/public/support-requests`;
}
