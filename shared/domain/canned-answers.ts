import type { DocumentSlug } from './society-documents.ts';

/**
 * A prepared answer staff insert into a reply. Canned answers are configuration supervisors and admins keep;
 * the id never changes, because macros name an answer by it.
 */
export interface CannedAnswer {
  id: string;
  titleAr: string;
  /** The Arabic text, inserted as written: most beneficiaries read Arabic. */
  text: string;
  /** The English wording, inserted instead for a beneficiary who wrote in English. */
  titleEn?: string;
  textEn?: string;
  /** The society's documents linked below the text, each on its own line. */
  documents: DocumentSlug[];
  /** 1 when first written; each save adds one and keeps the previous version. */
  version: number;
  updatedBy?: string;
  updatedAt?: string;
}

/** An id in macros and links: lowercase letters, digits and dashes. */
export const CANNED_ANSWER_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,47}$/;

/** The answers a fresh install starts with (AWS bootstrap and `npm start` alike); editors change them after. */
export const CANNED_ANSWERS: readonly CannedAnswer[] = [
  {
    id: 'greeting',
    titleAr: 'ترحيب',
    titleEn: 'Greeting',
    text: 'السلام عليكم ورحمة الله وبركاته، شكرًا لتواصلك مع الجمعية. يسعدنا خدمتك.',
    textEn: 'Peace be upon you. Thank you for contacting the society; we are glad to help.',
    documents: [],
    version: 1,
  },
  {
    id: 'received',
    titleAr: 'تم استلام طلبك',
    titleEn: 'Request received',
    text: 'تم استلام طلبك وسيتواصل معك أحد المختصين خلال يومي عمل. يرجى الاحتفاظ برقم الطلب للمتابعة.',
    textEn:
      'We have received your request; a specialist will contact you within two working days. Please keep the request number to follow it up.',
    documents: [],
    version: 1,
  },
  {
    id: 'documents-needed',
    titleAr: 'استكمال المستندات',
    titleEn: 'Documents needed',
    text: 'نأمل تزويدنا بصورة الهوية الوطنية وصك الإعالة وآخر تعريف بالراتب أو ما يثبت الدخل لاستكمال دراسة الطلب.',
    documents: [],
    version: 1,
  },
  {
    id: 'bylaws',
    titleAr: 'اللائحة الأساسية للجمعية',
    titleEn: 'The society’s bylaws',
    text: 'تجد في الرابط المرفق اللائحة الأساسية للجمعية، وفيها أهدافها ونطاق خدماتها.',
    documents: ['bylaws'],
    version: 1,
  },
  {
    id: 'social-research-guide',
    titleAr: 'دليل خدمات البحث الاجتماعي',
    titleEn: 'Social research services guide',
    text: 'يوضح دليل خدمات البحث الاجتماعي المرفق خطوات الزيارة والدراسة الاجتماعية والمستندات المطلوبة.',
    documents: ['social-research-services-guide'],
    version: 1,
  },
  {
    id: 'support-policy-guide',
    titleAr: 'دليل سياسة الدعم',
    titleEn: 'Support policy guide',
    text: 'يبيّن دليل سياسة الدعم المرفق شروط الاستحقاق وأنواع الدعم ومدة البت في الطلبات.',
    documents: ['support-policy-guide'],
    version: 1,
  },
  {
    id: 'support-request-form',
    titleAr: 'نموذج طلب الدعم',
    titleEn: 'Support request form',
    text: 'يرجى تعبئة نموذج طلب الدعم المرفق وإرساله مع المستندات المطلوبة، أو زيارة أقرب فرع لتعبئته.',
    documents: ['support-request-form'],
    version: 1,
  },
];

/**
 * The language a beneficiary wrote in: English only when their latest message has Latin letters and no Arabic
 * ones (a message of digits or emoji says nothing, and Arabic stays the default).
 */
export function writtenLanguage(latestInbound: string | undefined): 'ar' | 'en' {
  if (!latestInbound || /[\u0600-\u06FF]/.test(latestInbound)) return 'ar';
  return /[A-Za-z]/.test(latestInbound) ? 'en' : 'ar';
}

/** The answer as inserted: English where the beneficiary wrote English and an English text exists, then each link on its own line. */
export function cannedAnswerInsertion(
  answer: Pick<CannedAnswer, 'text' | 'textEn'>,
  written: 'ar' | 'en',
  links: readonly string[],
): string {
  const text = written === 'en' && answer.textEn ? answer.textEn : answer.text;
  return [text, ...links].join('\n');
}
