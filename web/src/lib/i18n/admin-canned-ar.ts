/** The canned answers page's words, in Arabic. */
export const adminCannedAr = {
  'adminPages.cannedAnswers': 'الردود الجاهزة',
  'adminPages.cannedIntro':
    'ردود يدرجها الموظفون في الرد بنقرة. يُدرج النص الإنجليزي لمن كتب بالإنجليزية إن وُجد، وتُضاف روابط المستندات كل رابط في سطر.',
  'adminPages.cannedTitle': 'العنوان',
  'adminPages.cannedId': 'معرّف الرد',
  'adminPages.cannedIdHint': 'حروف إنجليزية صغيرة وأرقام وشرطات مثل visit-date، لا يتغير بعد الحفظ',
  'adminPages.titleAr': 'العنوان بالعربية',
  'adminPages.textAr': 'النص بالعربية',
  'adminPages.titleEn': 'العنوان بالإنجليزية (اختياري)',
  'adminPages.textEn': 'النص بالإنجليزية (اختياري)',
  'adminPages.cannedDocuments': 'المستندات المرفقة',
  'adminPages.cannedVersion': 'الإصدار',
  'adminPages.newCanned': 'رد جديد',
  'adminPages.editCanned': 'تعديل {name}',
  'adminPages.createCanned': 'إضافة الرد',
  'adminPages.cannedSaved': 'حُفظ الرد {name}',
  'adminPages.cannedDeleted': 'حُذف الرد {name}',
  'adminPages.deleteCanned': 'حذف',
  'adminPages.cannedVersions': 'الإصدارات السابقة',
  'adminPages.versionBy': 'الإصدار {version}، {at}',
  'adminPages.setting.canned-answer': 'رد جاهز',
};
