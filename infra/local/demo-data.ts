import type { Channel } from '../../shared/domain/channel.ts';
import type { Identity } from '../../shared/domain/identity.ts';
import type { Role } from '../../shared/domain/staff.ts';
import type { TicketType } from '../../shared/domain/ticket.ts';

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
