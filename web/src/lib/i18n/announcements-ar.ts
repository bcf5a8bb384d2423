/** The announcements page (Arabic), merged into the catalogue by one import. */
export const announcementsAr = {
  'nav.announcements': 'الإعلانات',
  'announcements.title': 'إعلان للمستفيدين المسجلين',
  'announcements.intro':
    'تصل الرسالة مرة واحدة لكل أسرة مسجلة في الفئة المختارة، على قناتها، ولا تصل لمن طلب إيقاف الرسائل. تُرسل على دفعات بالمعدل الذي يقبله مزوّد الخدمة، ويصل الرد إلى تذكرة الأسرة.',
  'announcements.name': 'اسم الإعلان (للموظفين)',
  'announcements.audience': 'الفئة المستهدفة',
  'announcements.branches': 'الفروع',
  'announcements.requestTypes': 'نوع الطلب',
  'announcements.householdMin': 'أفراد الأسرة من',
  'announcements.householdMax': 'إلى',
  'announcements.registeredSince': 'مسجلون منذ',
  'announcements.allHint': 'اترك الفئة فارغة ليصل الإعلان لجميع الأسر المسجلة.',
  'announcements.text': 'نص الرسالة',
  'announcements.send': 'إرسال الإعلان',
  'announcements.sent': 'سُجّل الإعلان «{name}» لـ {recipients} أسرة، ويُرسل الآن على دفعات.',
} as const;
