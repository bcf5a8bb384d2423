import type { DocumentSlug } from './society-documents.ts';

/** A prepared answer staff insert into a reply; a linked answer also carries one of the society's documents. */
export interface CannedAnswer {
  id: string;
  titleAr: string;
  titleEn: string;
  /** Inserted into the reply as written: beneficiaries read Arabic. */
  text: string;
  document?: DocumentSlug;
}

export const CANNED_ANSWERS: readonly CannedAnswer[] = [
  {
    id: 'greeting',
    titleAr: 'ترحيب',
    titleEn: 'Greeting',
    text: 'السلام عليكم ورحمة الله وبركاته، شكرًا لتواصلك مع الجمعية. يسعدنا خدمتك.',
  },
  {
    id: 'received',
    titleAr: 'تم استلام طلبك',
    titleEn: 'Request received',
    text: 'تم استلام طلبك وسيتواصل معك أحد المختصين خلال يومي عمل. يرجى الاحتفاظ برقم الطلب للمتابعة.',
  },
  {
    id: 'documents-needed',
    titleAr: 'استكمال المستندات',
    titleEn: 'Documents needed',
    text: 'نأمل تزويدنا بصورة الهوية الوطنية وصك الإعالة وآخر تعريف بالراتب أو ما يثبت الدخل لاستكمال دراسة الطلب.',
  },
  {
    id: 'bylaws',
    titleAr: 'اللائحة الأساسية للجمعية',
    titleEn: 'The society’s bylaws',
    text: 'تجد في الرابط المرفق اللائحة الأساسية للجمعية، وفيها أهدافها ونطاق خدماتها.',
    document: 'bylaws',
  },
  {
    id: 'social-research-guide',
    titleAr: 'دليل خدمات البحث الاجتماعي',
    titleEn: 'Social research services guide',
    text: 'يوضح دليل خدمات البحث الاجتماعي المرفق خطوات الزيارة والدراسة الاجتماعية والمستندات المطلوبة.',
    document: 'social-research-services-guide',
  },
  {
    id: 'support-policy-guide',
    titleAr: 'دليل سياسة الدعم',
    titleEn: 'Support policy guide',
    text: 'يبيّن دليل سياسة الدعم المرفق شروط الاستحقاق وأنواع الدعم ومدة البت في الطلبات.',
    document: 'support-policy-guide',
  },
  {
    id: 'support-request-form',
    titleAr: 'نموذج طلب الدعم',
    titleEn: 'Support request form',
    text: 'يرجى تعبئة نموذج طلب الدعم المرفق وإرساله مع المستندات المطلوبة، أو زيارة أقرب فرع لتعبئته.',
    document: 'support-request-form',
  },
];
