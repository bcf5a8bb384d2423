/** The configuration pages' words (branches), in Arabic. */
export const adminConfigAr = {
  'adminPages.branches': 'الفروع',
  'adminPages.branchesIntro':
    'فروع الجمعية ومدنها كما تظهر في نموذج طلب الدعم وفي القوائم والتقارير. لا يُحذف فرع؛ يُؤرشف فيختفي من النماذج ويبقى اسمه على ما سبقه.',
  'adminPages.branchName': 'الفرع',
  'adminPages.branchId': 'معرّف الفرع',
  'adminPages.branchIdHint': 'حروف إنجليزية صغيرة وأرقام وشرطات، مثل qassim؛ لا يتغير بعد الحفظ',
  'adminPages.city': 'المدينة',
  'adminPages.cityHint': 'بالعربية، كما تكتبها قواعد التوجيه',
  'adminPages.newBranch': 'فرع جديد',
  'adminPages.editBranch': 'تعديل {name}',
  'adminPages.createBranch': 'إضافة الفرع',
  'adminPages.branchSaved': 'حُفظ الفرع {name}',
  'adminPages.branchArchiveHint': 'يختفي من نموذج الطلب ومن الاختيارات، وتبقى التذاكر التي تحمله كما هي',
  'adminPages.setting.branch': 'فرع',
  'adminPages.branchArchived': 'مؤرشف',
  'adminPages.archiveBranch': 'أرشفة الفرع',
} as const;
