import type { Channel } from '../../shared/domain/channel.ts';
import type { Identity } from '../../shared/domain/identity.ts';
import type { Role } from '../../shared/domain/staff.ts';
import type { TicketType } from '../../shared/domain/ticket.ts';
import type { SupportRequestSubmission } from '../../shared/use-cases/submit-support-request.ts';
import type { CaseStep } from '../../shared/workflow/support-request.ts';

/** The password of every demo account; printed at start and in the README. Local only. */
export const DEMO_PASSWORD = 'sanad-demo-2026';

export interface DemoStaff {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  queueIds: string[];
  emailNotices: boolean;
}

/** Every demo member has asked for their notices by email too, so the local outbox shows both ways of telling. */
export const DEMO_STAFF: DemoStaff[] = (
  [
    {
      id: 'u-agent',
      email: 'agent@sanad.local',
      name: 'نورة القحطاني',
      roles: ['agent'],
      queueIds: ['beneficiary-relations', 'volunteering'],
    },
    {
      id: 'u-agent2',
      email: 'agent2@sanad.local',
      name: 'فهد الغامدي',
      roles: ['agent'],
      queueIds: ['beneficiary-relations', 'branch-north'],
    },
    {
      id: 'u-researcher',
      email: 'researcher@sanad.local',
      name: 'خالد العتيبي',
      roles: ['researcher'],
      queueIds: ['social-research'],
    },
    {
      id: 'u-committee',
      email: 'committee@sanad.local',
      name: 'د. سارة الحربي',
      roles: ['committee'],
      queueIds: ['research-committee'],
    },
    {
      id: 'u-supervisor',
      email: 'supervisor@sanad.local',
      name: 'عبدالله الشهري',
      roles: ['supervisor'],
      queueIds: [],
    },
    { id: 'u-manager', email: 'manager@sanad.local', name: 'منى الدوسري', roles: ['manager'], queueIds: [] },
    { id: 'u-admin', email: 'admin@sanad.local', name: 'مدير النظام', roles: ['admin'], queueIds: [] },
  ] satisfies Omit<DemoStaff, 'emailNotices'>[]
).map((member) => ({ ...member, emailNotices: true }));

export interface DemoContact {
  channel: Channel;
  identity: Identity;
  name: string;
  type: TicketType;
  subject: string;
  text: string;
  /** How long ago it arrived, in hours. */
  hoursAgo: number;
}

const FAMILY_NAMES = [
  'أم محمد العنزي',
  'فاطمة الزهراني',
  'أحمد الشمري',
  'مريم القرني',
  'سلمان المطيري',
  'هيا الرشيدي',
  'عائشة البقمي',
  'يوسف الحربي',
  'نوف السبيعي',
  'ماجد العمري',
  'لطيفة الجهني',
  'بدر الشهراني',
  'حصة الدوسري',
  'تركي العتيبي',
  'منيرة الخالدي',
  'سعد القحطاني',
];

const TOPICS: { type: TicketType; subject: string; text: string }[] = [
  {
    type: 'support_request',
    subject: 'طلب دعم لأسرة منتجة',
    text: 'السلام عليكم، أنا أم لخمسة أبناء وأعمل في صناعة المعمول من المنزل، أرغب في التقدم بطلب دعم لشراء فرن جديد. ما هي الأوراق المطلوبة؟',
  },
  {
    type: 'inquiry',
    subject: 'استفسار عن موعد صرف المساعدة',
    text: 'متى يتم صرف المساعدة الشهرية لهذا الشهر؟ لم يصلني أي إشعار حتى الآن.',
  },
  {
    type: 'inquiry',
    subject: 'تحديث بيانات الأسرة',
    text: 'تغير رقم جوالي وعنوان السكن، كيف أحدث بياناتي لدى الجمعية؟',
  },
  {
    type: 'complaint',
    subject: 'تأخر الرد على طلبي',
    text: 'قدمت طلبي قبل ثلاثة أسابيع ولم يتواصل معي أحد، أرجو الإفادة عن حالة الطلب.',
  },
  {
    type: 'volunteering',
    subject: 'رغبة في التطوع',
    text: 'أرغب في التطوع مع الجمعية في تدريب الأسر على التسويق الإلكتروني لمنتجاتهم.',
  },
  {
    type: 'suggestion',
    subject: 'اقتراح معرض للأسر المنتجة',
    text: 'أقترح إقامة معرض شهري في المجمع التجاري لعرض منتجات الأسر المنتجة.',
  },
  {
    type: 'support_request',
    subject: 'طلب دعم لمشروع خياطة',
    text: 'أحتاج إلى ماكينة خياطة لبدء مشروعي الصغير في تفصيل الملابس النسائية، دخلي الشهري ضعيف.',
  },
  {
    type: 'inquiry',
    subject: 'دورات تدريبية',
    text: 'هل لديكم دورات تدريبية في إدارة المشاريع الصغيرة؟ وكيف أسجل فيها؟',
  },
];

const CHANNEL_PLAN: Channel[] = [
  'whatsapp',
  'sms',
  'email',
  'webform',
  'telegram',
  'whatsapp',
  'email',
  'messenger',
];

function identityFor(channel: Channel, index: number): Identity {
  const phone = `+96650${String(1000000 + index * 7919).slice(0, 7)}`;
  // What a form sender types is only claimed; the providers (and the demo mail's DMARC) vouch for the rest.
  const assurance = channel === 'webform' ? 'claimed' : 'verified';
  switch (channel) {
    case 'email':
      return { kind: 'email', value: `beneficiary${index}@example.sa`, assurance };
    case 'telegram':
      return { kind: 'telegram', value: String(700000000 + index), assurance };
    case 'messenger':
      return { kind: 'messenger', value: String(5100000000 + index), assurance };
    default:
      return { kind: 'phone', value: phone, assurance };
  }
}

/** 36 first contacts spread over the last three weeks, across channels, types and families. */
export function demoContacts(): DemoContact[] {
  return Array.from({ length: 36 }, (_unused, index) => {
    const topic = TOPICS[index % TOPICS.length] as (typeof TOPICS)[number];
    const channel = CHANNEL_PLAN[index % CHANNEL_PLAN.length] as Channel;
    return {
      channel,
      identity: identityFor(channel, index),
      name: FAMILY_NAMES[index % FAMILY_NAMES.length] as string,
      ...topic,
      hoursAgo: Math.round((36 - index) * 13.5),
    };
  });
}

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

/** Staff answers used in the demo history, picked in turn. */
export const DEMO_REPLIES: string[] = [
  'وعليكم السلام، شكراً لتواصلكم. اطلعنا على رسالتكم وسنخدمكم بإذن الله.',
  'أهلاً بكم، تم تحديث طلبكم، ويصلكم إشعار عند أي جديد.',
  'حياكم الله، الموعد يُعلن عبر رسالة نصية قبل الصرف بثلاثة أيام.',
  'شكراً لملاحظتكم، رفعناها إلى المختص وسنرد عليكم خلال يوم عمل.',
];

/**
 * One beneficiary who wrote on three channels before staff saw it was the same person; the supervisor merges the
 * later two records into the first. Hours ago for each contact.
 */
export const DEMO_MULTICHANNEL = {
  name: 'هيا محمد الرشيدي',
  contacts: [
    {
      channel: 'whatsapp' as Channel,
      identity: { kind: 'phone', value: '+966551112233', assurance: 'verified' } as Identity,
      hoursAgo: 18 * 24,
      subject: 'استفسار عن موعد صرف المساعدة',
      text: 'السلام عليكم، متى موعد صرف المساعدة الشهرية لهذا الشهر؟',
    },
    {
      channel: 'email' as Channel,
      identity: { kind: 'email', value: 'haya.alrashidi@example.sa', assurance: 'verified' } as Identity,
      hoursAgo: 11 * 24,
      subject: 'تحديث رقم الحساب البنكي',
      text: 'السلام عليكم، غيّرت البنك وأرغب في تحديث رقم الآيبان المسجل لديكم. مرفق خطاب البنك لاحقاً.',
    },
    {
      channel: 'telegram' as Channel,
      identity: { kind: 'telegram', value: '700999001', assurance: 'verified' } as Identity,
      hoursAgo: 4 * 24,
      subject: 'متابعة تحديث البيانات',
      text: 'السلام عليكم، أرسلت بريداً بخصوص تحديث الآيبان، هل تم التحديث؟',
    },
  ],
};
