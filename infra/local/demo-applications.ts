import type { SupportRequestSubmission } from '../../shared/use-cases/submit-support-request.ts';
import type { CaseStep } from '../../shared/workflow/support-request.ts';

/** Applications from the public form, one at each step of the procedure, and whether a researcher studied it. */
export const DEMO_APPLICATIONS: {
  daysAgo: number;
  reach: CaseStep;
  viaResearcher?: boolean;
  form: Omit<SupportRequestSubmission, 'documents'>;
}[] = [
  {
    daysAgo: 1,
    reach: 'intake',
    form: {
      name: 'نورة عبدالله السبيعي',
      nationalId: '1000000008',
      phone: '+966554550001',
      branch: 'riyadh',
      householdMembers: 5,
      monthlyIncome: 1800,
      requestType: 'productive_project',
      description: 'أصنع المعمول والحلويات الشعبية في المنزل وأحتاج فرناً أكبر لتلبية طلبات المحلات.',
    },
  },
  {
    daysAgo: 6,
    reach: 'committee_review',
    viaResearcher: true,
    form: {
      name: 'مريم حسن الشمري',
      nationalId: '2000000006',
      phone: '+966554550002',
      branch: 'north',
      householdMembers: 7,
      monthlyIncome: 2400,
      requestType: 'training',
      description: 'أرغب في دورة تسويق إلكتروني لبيع منتجات السدو التي تصنعها أسرتي.',
    },
  },
  {
    daysAgo: 12,
    reach: 'registered',
    form: {
      name: 'فاطمة علي الغامدي',
      nationalId: '1000000016',
      phone: '+966554550003',
      branch: 'west',
      householdMembers: 4,
      monthlyIncome: 1500,
      requestType: 'productive_project',
      description: 'أحتاج ماكينة خياطة صناعية لتوسيع مشروع تفصيل العبايات من المنزل.',
    },
  },
  {
    daysAgo: 3,
    reach: 'returned_to_applicant',
    form: {
      name: 'أمل سعيد القرني',
      nationalId: '1000000024',
      phone: '+966554550004',
      branch: 'south',
      householdMembers: 6,
      monthlyIncome: 1200,
      requestType: 'financial_aid',
      description: 'توفي زوجي قبل أشهر ولدي أربعة أطفال في المدارس، وأحتاج مساعدة في سداد الإيجار.',
    },
  },
  {
    daysAgo: 2,
    reach: 'verified',
    form: {
      name: 'سلمى ناصر الدوسري',
      nationalId: '1000000032',
      phone: '+966554550005',
      branch: 'east',
      householdMembers: 3,
      monthlyIncome: 2000,
      requestType: 'in_kind_aid',
      description: 'نحتاج ثلاجة ومكيفاً بعد تعطل أجهزة المنزل، والدخل لا يكفي لشرائها.',
    },
  },
  {
    daysAgo: 4,
    reach: 'social_research',
    viaResearcher: true,
    form: {
      name: 'هند صالح المطيري',
      nationalId: '2000000014',
      phone: '+966554550006',
      branch: 'riyadh',
      householdMembers: 8,
      monthlyIncome: 2600,
      requestType: 'productive_project',
      description: 'أطبخ الأكلات الشعبية للمناسبات وأحتاج تجهيز مطبخ صغير مرخص.',
    },
  },
  {
    daysAgo: 9,
    reach: 'approved',
    viaResearcher: true,
    form: {
      name: 'رحاب عمر الحارثي',
      nationalId: '1000000040',
      phone: '+966554550007',
      branch: 'west',
      householdMembers: 5,
      monthlyIncome: 1700,
      requestType: 'training',
      description: 'أرغب في دورة تصوير منتجات لتسويق البخور الذي أصنعه.',
    },
  },
  {
    daysAgo: 10,
    reach: 'rejected',
    form: {
      name: 'جواهر فيصل العمري',
      nationalId: '1000000057',
      phone: '+966554550008',
      branch: 'riyadh',
      householdMembers: 2,
      monthlyIncome: 9500,
      requestType: 'financial_aid',
      description: 'أطلب مساعدة مالية لسداد أقساط السيارة.',
    },
  },
  {
    daysAgo: 18,
    reach: 'service_delivered',
    viaResearcher: true,
    form: {
      name: 'وداد حمد الشهري',
      nationalId: '2000000022',
      phone: '+966554550009',
      branch: 'south',
      householdMembers: 6,
      monthlyIncome: 1400,
      requestType: 'productive_project',
      description: 'أنسج السجاد اليدوي وأحتاج نولاً جديداً ومواد خام للبدء بطلبات المعارض.',
    },
  },
  {
    daysAgo: 7,
    reach: 'withdrawn',
    form: {
      name: 'عبير خالد الزهراني',
      nationalId: '1000000065',
      phone: '+966554550010',
      branch: 'north',
      householdMembers: 4,
      monthlyIncome: 2100,
      requestType: 'other',
      description: 'أرغب في المساعدة في رسوم الجامعة لابنتي.',
    },
  },
];
