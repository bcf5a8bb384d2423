/** The knowledge base's words: the public FAQ page (merged into the Arabic catalogue). */
export const answersAr = {
  'public.links.faq': 'أسئلة شائعة وأجوبتها',
  'faq.title': 'أسئلة شائعة',
  'faq.intro': 'اكتبوا سؤالكم أو كلمة منه، وستظهر الأجوبة القريبة منه.',
  'faq.search': 'ابحث في الأسئلة',
  'faq.none': 'لم نجد جواباً لهذا السؤال. راسلونا وسيرد عليكم أحد موظفينا.',
  'faq.failed': 'تعذر تحميل الأسئلة، حاولوا مرة أخرى.',
  'faq.loading': 'جارٍ التحميل…',
};
