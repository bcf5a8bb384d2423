import type { AnswerDraft } from '../../shared/use-cases/knowledge-base-admin.ts';

/** Demo answers to the questions beneficiaries ask most, in the society's words (Arabic first). */
export const DEMO_ANSWERS: AnswerDraft[] = [
  {
    question: 'متى يبدأ التسجيل في برنامج السلة الغذائية؟',
    answer:
      'يبدأ التسجيل في برنامج السلة الغذائية في الأسبوع الأول من كل شهر هجري، عبر نموذج طلب الدعم في موقع الجمعية أو في أقرب فرع.',
    questionEn: 'When does registration for the food basket programme open?',
    answerEn:
      'Registration opens in the first week of every Hijri month, through the support request form on our site or at the nearest branch.',
    keywords: ['التسجيل', 'السلة الغذائية'],
    synonyms: ['سلة غذائية', 'موعد التسجيل', 'سلة رمضان'],
  },
  {
    question: 'ما الأوراق المطلوبة لطلب الدعم؟',
    answer:
      'صورة الهوية الوطنية أو الإقامة، وسجل الأسرة أو صك الإعالة، وآخر تعريف بالراتب أو ما يثبت الدخل إن وجد.',
    questionEn: 'Which papers does a support request need?',
    answerEn:
      'A copy of the national id or iqama, the family record or dependency deed, and proof of income if any.',
    keywords: ['الأوراق', 'المستندات', 'المطلوبة'],
    synonyms: ['الوثائق', 'الاوراق المطلوبه', 'المرفقات'],
  },
  {
    question: 'متى يصدر قرار لجنة البحث في طلبي؟',
    answer:
      'تدرس لجنة البحث الطلب المكتمل وتصدر قرارها خلال أسبوعين، ونبلغكم برسالة نصية بكل خطوة. يمكنكم متابعة الطلب من رابط حالة الطلب في رسالة الاستلام.',
    questionEn: 'When does the research committee decide on my request?',
    answerEn:
      'The committee decides on a complete request within two weeks; we text you at every step, and the receipt message links to the request status.',
    keywords: ['قرار', 'اللجنة'],
    synonyms: ['لجنة البحث', 'متى الرد', 'نتيجة الطلب'],
  },
  {
    question: 'ما أوقات الدوام في الجمعية؟',
    answer: 'نستقبلكم من الأحد إلى الخميس، من الثامنة صباحاً حتى الثالثة عصراً.',
    questionEn: 'What are the society’s working hours?',
    answerEn: 'Sunday to Thursday, from 8 in the morning to 3 in the afternoon.',
    keywords: ['الدوام', 'أوقات'],
    synonyms: ['ساعات العمل', 'مواعيد الدوام', 'متى تفتحون'],
  },
];
